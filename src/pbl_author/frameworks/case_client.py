"""Fetch CASE packages and document lists from a CASE server (CASE 1.0 and 1.1 REST).

- ``{base}/ims/case/v1p1/CFPackages/{id}`` (or ``v1p0``): one framework, as a
  CFPackage (``fetch_case_package``); a ``.../CFDocuments/{id}`` address fetches that
  document's package;
- ``{base}/ims/case/v1p1/CFDocuments``: the frameworks a server publishes
  (``list_case_documents``; a bare server address is enough).

Standard library only (urllib). Only http and https; redirects to anything else are
refused. Every failure is a DocumentError whose message reads well after the URL:
connection refused, unknown host, HTTP 404 ("the CASE server has no package with id
..."), other HTTP errors, a time-out ("the CASE server did not answer within 30 s"),
an answer that is a web page rather than JSON, an answer over the size limit.
Nothing here touches the network until one of these functions is called.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Literal

from .. import __version__
from ..model.problems import DocumentError, Problem, shorten
from .importing import Progress

#: Largest answer read from a CASE server, in bytes (a whole state's standards: ~100 MB).
MAX_PACKAGE_BYTES = 200 * 1024 * 1024
#: Largest document list read, in bytes.
MAX_LISTING_BYTES = 50 * 1024 * 1024
#: Most pages of a paged document list read (the list then stops there).
MAX_LISTING_PAGES = 100
CHUNK = 256 * 1024

_CASE_PATH = re.compile(
    r"^(?P<base>.*?)/ims/case/(?P<version>v1p[01])"
    r"(?:/(?P<kind>CFPackages|CFDocuments)(?:/(?P<id>[^/]+))?)?/?$"
)


def _fail(message: str) -> DocumentError:
    return DocumentError([Problem("", message)])


def _checked(url: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        raise _fail(
            "only http:// and https:// addresses can be read from a CASE server "
            f"(this one starts with '{shorten(parts.scheme or url, 20)}:')"
        )
    if not parts.hostname:
        raise _fail("the address names no server")
    return parts


def case_url_kind(url: str) -> Literal["package", "listing"]:
    """What ``url`` points at on a CASE server: one framework's package, or the list.

    ``.../CFPackages/{id}`` and ``.../CFDocuments/{id}`` are a package; ``.../CFDocuments``,
    ``.../ims/case/v1p1`` and a bare server address are the list.
    """
    parts = _checked(url)
    path = parts.path.rstrip("/")
    match = _CASE_PATH.match(path)
    if match is None:
        if "/ims/case/" in path or path.endswith(("/CFPackages", "/CFDocuments")):
            raise _fail(
                "this is not a CASE address pbl-author knows; use "
                "SERVER/ims/case/v1p1/CFPackages/IDENTIFIER for a framework or "
                "SERVER/ims/case/v1p1/CFDocuments for the list"
            )
        return "listing"
    if match["id"]:
        return "package"
    if match["kind"] == "CFPackages":
        raise _fail(
            "this address names no package; add the framework's identifier "
            "(.../CFPackages/IDENTIFIER) or list the frameworks at .../CFDocuments"
        )
    return "listing"


def _package_url(url: str) -> tuple[str, str]:
    """The CFPackages address for ``url`` and the package's identifier."""
    parts = _checked(url)
    match = _CASE_PATH.match(parts.path.rstrip("/"))
    if case_url_kind(url) != "package" or match is None:
        raise _fail(
            "this address is a list of CASE frameworks, not one framework; import one of "
            "them (.../ims/case/v1p1/CFPackages/IDENTIFIER)"
        )
    identifier = urllib.parse.unquote(match["id"])
    path = f"{match['base']}/ims/case/{match['version']}/CFPackages/{match['id']}"
    return urllib.parse.urlunsplit(parts._replace(path=path, fragment="")), identifier


def fetch_case_package(
    url: str,
    *,
    timeout: float = 30.0,
    progress: Progress | None = None,
    max_bytes: int = MAX_PACKAGE_BYTES,
) -> bytes:
    """The bytes of the CFPackage at ``url`` (read them with ``read_case_package``).

    ``progress(received, total)`` is called as bytes arrive (``total`` 0 when the server
    does not say). ``timeout`` bounds the whole download, in seconds.
    """
    package_url, identifier = _package_url(url)
    body, _ = _get(
        package_url,
        timeout=timeout,
        progress=progress,
        limit=max_bytes,
        not_found=f"the CASE server has no package with id '{shorten(identifier)}' (HTTP 404)",
        what="a CASE package",
    )
    return body


def list_case_documents(
    base_url: str, *, timeout: float = 30.0, max_bytes: int = MAX_LISTING_BYTES
) -> list[dict[str, str]]:
    """The frameworks a CASE server publishes: ``[{"title", "identifier", "uri"}, ...]``.

    ``base_url`` is the server (``https://case.example.org``), its CASE root
    (``.../ims/case/v1p1``) or the list itself (``.../CFDocuments``). Without a CASE
    version in the address, 1.1 is asked first, then 1.0.
    """
    parts = _checked(base_url)
    path = parts.path.rstrip("/")
    match = _CASE_PATH.match(path)
    if match is not None and match["id"]:
        raise _fail(
            "this address is one framework, not the list; list the frameworks at "
            ".../ims/case/v1p1/CFDocuments"
        )
    if match is not None:
        candidates = [f"{match['base']}/ims/case/{match['version']}/CFDocuments"]
    elif "/ims/case/" in path:
        case_url_kind(base_url)  # raises its clear message
        candidates = []
    else:
        candidates = [f"{path}/ims/case/v1p1/CFDocuments", f"{path}/ims/case/v1p0/CFDocuments"]
    not_found = "the CASE server has no list of frameworks at this address (HTTP 404)"
    deadline = time.monotonic() + timeout
    for number, candidate in enumerate(candidates):
        listing_url = urllib.parse.urlunsplit(parts._replace(path=candidate, fragment=""))
        try:
            return _read_listing(listing_url, parts.query, deadline, timeout, max_bytes)
        except _NotFoundError:
            if number == len(candidates) - 1:
                raise _fail(not_found) from None
    raise _fail(not_found)  # pragma: no cover - candidates is never empty here


def _read_listing(
    url: str, query: str, deadline: float, timeout: float, limit: int
) -> list[dict[str, str]]:
    documents: list[dict[str, str]] = []
    seen: set[str] = set()
    page_url = url
    for _ in range(MAX_LISTING_PAGES):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _fail(f"the CASE server did not answer within {_seconds(timeout)}")
        body, headers = _get(
            page_url, timeout=remaining, progress=None, limit=limit, not_found=None,
            what="a list of CASE frameworks", shown_timeout=timeout,
        )  # fmt: skip
        try:
            data = json.loads(body.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            where = (
                f": line {exc.lineno}, column {exc.colno}: {exc.msg}"
                if isinstance(exc, json.JSONDecodeError)
                else ""
            )
            raise _fail(f"the CASE server's list of frameworks is not valid JSON{where}") from None
        entries = data.get("CFDocuments") if isinstance(data, dict) else data
        if not isinstance(entries, list):
            raise _fail(
                "the CASE server's answer is not a list of frameworks (it has no CFDocuments)"
            )
        new = 0
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            identifier = entry.get("identifier")
            if not isinstance(identifier, str) or not identifier or identifier in seen:
                continue
            seen.add(identifier)
            new += 1
            title, uri = entry.get("title"), entry.get("uri")
            documents.append(
                {
                    "title": title if isinstance(title, str) else "",
                    "identifier": identifier,
                    "uri": uri if isinstance(uri, str) else "",
                }
            )
        total = headers.get("X-Total-Count", "")
        if not (total.isdigit() and int(total) > len(documents) and new and entries):
            return documents
        offset = urllib.parse.urlencode({"limit": len(entries), "offset": len(documents)})
        page_url = f"{url}?{query}&{offset}" if query else f"{url}?{offset}"
    return documents


# -- HTTP ---------------------------------------------------------------------------------


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http and https only (urllib would also follow ftp)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            raise _fail(
                f"the CASE server sent pbl-author to a '{shorten(scheme, 20)}:' address; only "
                "http and https are followed"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _seconds(value: float) -> str:
    return f"{value:g} s"


def _get(
    url: str,
    *,
    timeout: float,
    progress: Progress | None,
    limit: int,
    not_found: str | None,
    what: str,
    shown_timeout: float | None = None,
) -> tuple[bytes, Any]:
    """The body and headers of a GET, or a DocumentError that says what went wrong."""
    shown = _seconds(shown_timeout if shown_timeout is not None else timeout)
    timed_out = _fail(f"the CASE server did not answer within {shown}")
    host = urllib.parse.urlsplit(url).hostname or "?"
    request = urllib.request.Request(
        url,
        headers={
            "Accept": "application/json",
            "User-Agent": f"pbl-author/{__version__} (CASE import)",
        },
    )
    opener = urllib.request.build_opener(_SafeRedirects())
    deadline = time.monotonic() + timeout
    try:
        response = opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        with exc:
            raise _http_error(exc, not_found) from None
    except urllib.error.URLError as exc:
        raise _connection_error(exc.reason, host, timed_out) from None
    except TimeoutError:
        raise timed_out from None
    except http.client.HTTPException:
        raise _fail("the CASE server's answer is not valid HTTP") from None
    except OSError as exc:
        raise _connection_error(exc, host, timed_out) from None
    with response:
        headers = response.headers
        length = headers.get("Content-Length", "")
        expected = int(length) if length.isdigit() else 0
        if expected > limit:
            raise _too_large(limit)
        kind = headers.get("Content-Type", "").lower()
        if "html" in kind:
            raise _fail(
                f"the CASE server answered with a web page (HTML), not {what}; check the address"
            )
        chunks: list[bytes] = []
        received = 0
        try:
            while True:
                if time.monotonic() > deadline:
                    raise timed_out
                chunk = response.read1(CHUNK)
                if not chunk:
                    break
                received += len(chunk)
                if received > limit:
                    raise _too_large(limit)
                chunks.append(chunk)
                if progress is not None:
                    progress(received, expected)
        except TimeoutError:
            raise timed_out from None
        except http.client.IncompleteRead:
            raise _incomplete(received, expected) from None
        except (http.client.HTTPException, OSError) as exc:
            raise _fail(f"the connection to the CASE server broke: {_reason(exc)}") from None
    if expected and received < expected:
        raise _incomplete(received, expected)
    body = b"".join(chunks)
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise _fail(f"the CASE server sent an empty answer instead of {what}")
    if head[:1] == b"<":
        raise _fail(
            f"the CASE server answered with a web page (HTML), not {what}; check the address"
        )
    if head[:1] not in (b"{", b"["):
        raise _fail(f"the CASE server's answer is not JSON, so it is not {what}")
    return body, headers


def _too_large(limit: int) -> DocumentError:
    megabytes = limit / (1024 * 1024)
    return _fail(
        f"the CASE server's answer is larger than {megabytes:g} MB; pbl-author reads "
        f"answers up to {megabytes:g} MB"
    )


def _incomplete(received: int, expected: int) -> DocumentError:
    of = f" of {expected:,}" if expected else ""
    return _fail(
        f"the connection closed before the whole answer arrived ({received:,}{of} bytes); try again"
    )


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return shorten(str(text), 80)


def _connection_error(reason: Any, host: str, timed_out: DocumentError) -> DocumentError:
    if isinstance(reason, TimeoutError):
        return timed_out
    if isinstance(reason, DocumentError):
        return reason
    if isinstance(reason, ConnectionRefusedError):
        return _fail(
            f"cannot connect to the CASE server at {host}: the connection was refused (is "
            "the address right, and is the server running?)"
        )
    if isinstance(reason, socket.gaierror):
        return _fail(
            f"cannot find the CASE server '{host}' (unknown host name); check the address "
            "and the internet connection"
        )
    if isinstance(reason, ssl.SSLCertVerificationError):
        return _fail(
            f"cannot connect securely to the CASE server at {host}: "
            f"{reason.verify_message or 'its certificate could not be checked'}"
        )
    if isinstance(reason, ssl.SSLError):
        return _fail(f"cannot connect securely to the CASE server at {host}: {_reason(reason)}")
    if isinstance(reason, OSError):
        return _fail(f"cannot connect to the CASE server at {host}: {_reason(reason)}")
    return _fail(f"cannot connect to the CASE server at {host}: {shorten(str(reason), 80)}")


def _http_error(exc: urllib.error.HTTPError, not_found: str | None) -> DocumentError:
    code = exc.code
    if code == 404:
        if not_found is None:
            return _NotFoundError()
        return _fail(not_found)
    if 300 <= code < 400:  # urllib refuses redirects to file:, data:, ...
        target = urllib.parse.urlsplit(str(exc.filename or exc.url or "")).scheme.lower()
        return _fail(
            f"the CASE server sent pbl-author to a '{shorten(target or '?', 20)}:' address; "
            "only http and https are followed"
        )
    reason = f"HTTP {code}{' ' + exc.reason if isinstance(exc.reason, str) and exc.reason else ''}"
    detail = _status_description(exc)
    if code in (401, 403):
        message = (
            f"the CASE server refused access ({reason}); this framework may need a login, "
            "which pbl-author cannot give"
        )
    elif code == 429:
        message = f"the CASE server is busy ({reason}); try again later"
    elif code >= 500:
        message = f"the CASE server failed ({reason}); try again later"
    else:
        message = f"the CASE server answered {reason}"
    return _fail(f"{message}{': ' + detail if detail else ''}")


class _NotFoundError(DocumentError):
    """A 404 where the caller has a fallback (the other CASE version)."""

    def __init__(self) -> None:
        super().__init__([Problem("", "HTTP 404")])


def _status_description(exc: urllib.error.HTTPError) -> str:
    """The ``imsx_description`` a CASE server puts in its error answer, if any."""
    try:
        body = exc.read(65536)
        data = json.loads(body.decode("utf-8", errors="replace"))
    except Exception:  # any unreadable error body: the status line says enough
        return ""
    if isinstance(data, dict):
        for key in ("imsx_description", "description", "message", "error"):
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                return shorten(" ".join(value.split()), 120)
    return ""
