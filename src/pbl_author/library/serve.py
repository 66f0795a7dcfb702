"""``pbl-author library serve SITE``: a local preview of a built site on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import os
from pathlib import Path
from typing import ClassVar, TextIO


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".json": "application/json",
        ".ipynb": "application/x-ipynb+json",
        ".yaml": "text/yaml; charset=utf-8",
        ".wasm": "application/wasm",
    }

    def log_message(self, format: str, *args) -> None:
        pass


def make_server(site: str | os.PathLike[str], port: int = 0) -> http.server.ThreadingHTTPServer:
    """A server for ``site`` on 127.0.0.1 (port 0: any free port); not started."""
    handler = functools.partial(_QuietHandler, directory=str(Path(site)))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def serve(site: str | os.PathLike[str], port: int, out: TextIO) -> int:
    server = make_server(site, port)
    host, bound = server.server_address[:2]
    print(f"serving {site} at http://{host}:{bound}/ (Ctrl-C to stop)", file=out, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped", file=out)
    finally:
        server.server_close()
    return 0


__all__ = ["make_server", "serve"]
