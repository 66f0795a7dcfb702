"""CASE server import against a small CASE API served by the test on 127.0.0.1."""

from __future__ import annotations

import importlib
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pbl_author.frameworks import case_client
from pbl_author.frameworks.case_client import (
    case_url_kind,
    fetch_case_package,
    list_case_documents,
)
from pbl_author.frameworks.case_import import read_case_package
from pbl_author.model import DocumentError

from ..conftest import DATA

PACKAGE = (DATA / "case" / "quirks.json").read_bytes()
PACKAGE_ID = "d0000000-0000-0000-0000-000000000000"
DOCUMENTS = [
    {"identifier": "11111111-1111-4111-8111-111111111111", "title": "Science practices",
     "uri": "https://case.example.org/uri/1", "creator": "State"},
    {"identifier": "22222222-2222-4222-8222-222222222222", "title": "Mathematics",
     "uri": "https://case.example.org/uri/2", "creator": "State"},
    {"title": "An entry without an identifier"},
]  # fmt: skip
NOT_FOUND = {
    "imsx_codeMajor": "failure",
    "imsx_severity": "error",
    "imsx_description": "Unknown Object",
}


class _Handler(BaseHTTPRequestHandler):
    stop: threading.Event
    requests: list[str]

    def log_message(self, format, *args):
        pass

    def _send(self, status: int, body: bytes, kind: str = "application/json", **headers):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        path, query = url.path, urllib.parse.parse_qs(url.query)
        self.requests.append(self.path)
        if path == "/ims/case/v1p1/CFDocuments":
            self._send(200, json.dumps({"CFDocuments": DOCUMENTS}).encode())
        elif path == f"/ims/case/v1p1/CFPackages/{PACKAGE_ID}":
            self._send(200, PACKAGE)
        elif path.startswith("/ims/case/v1p1/CFPackages/"):
            self._send(404, json.dumps(NOT_FOUND).encode())
        elif path == "/old/ims/case/v1p0/CFDocuments":
            self._send(200, json.dumps({"CFDocuments": DOCUMENTS[:1]}).encode())
        elif path == "/paged/ims/case/v1p1/CFDocuments":
            offset = int(query.get("offset", ["0"])[0])
            page = DOCUMENTS[:2][offset : offset + 1]
            self._send(200, json.dumps({"CFDocuments": page}).encode(), X_Total_Count="2")
        elif path.startswith("/slow/"):
            time.sleep(0.3)
            self._send(200, PACKAGE)
        elif path.startswith("/silent/"):
            self.stop.wait(5)
        elif path.startswith("/trickle/"):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(PACKAGE)))
            self.end_headers()
            for start in range(0, len(PACKAGE), 64):
                if self.stop.wait(0.05):
                    return
                self.wfile.write(PACKAGE[start : start + 64])
                self.wfile.flush()
        elif path.startswith("/malformed/"):
            self._send(200, PACKAGE[:300])
        elif path.startswith("/html/"):
            self._send(200, b"<!doctype html><title>Log in</title>", "text/html; charset=utf-8")
        elif path.startswith("/html-as-json/"):
            self._send(200, b"\n  <html><body>Maintenance</body></html>")
        elif path.startswith("/text/"):
            self._send(200, b"Internal error, sorry", "text/plain")
        elif path.startswith("/empty/"):
            self._send(200, b"")
        elif path.startswith("/huge/"):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(10**12))
            self.end_headers()
        elif path.startswith("/stream/"):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()  # no length: read until the connection closes
            self.wfile.write(b"[" + b"0," * 600_000 + b"0]")
            self.close_connection = True
        elif path.startswith("/short/"):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b'{"CFDocument": {')
            self.close_connection = True
        elif path.startswith("/status/"):
            code = int(path.split("/")[2])
            body = json.dumps({"imsx_description": "Too many requests"}).encode()
            self._send(code, body if code == 429 else b"")
        elif path.startswith("/to-file/"):
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif path.startswith("/moved/"):
            self.send_response(301)
            self.send_header("Location", f"/ims/case/v1p1/CFPackages/{PACKAGE_ID}")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send(404, b"{}")


@pytest.fixture
def server() -> Iterator[tuple[str, _Handler]]:
    stop = threading.Event()
    handler = type("Handler", (_Handler,), {"stop": stop, "requests": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    finally:
        stop.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def _error(call, *args, **kwargs) -> list[str]:
    with pytest.raises(DocumentError) as caught:
        call(*args, **kwargs)
    return [str(problem) for problem in caught.value.problems]


# -- addresses --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://case.example.org/ims/case/v1p1/CFPackages/abc", "package"),
        ("https://case.example.org/ims/case/v1p0/CFPackages/abc/", "package"),
        ("https://case.example.org/ims/case/v1p1/CFDocuments/abc", "package"),
        ("https://case.example.org/ims/case/v1p1/CFDocuments", "listing"),
        ("https://case.example.org/ims/case/v1p1", "listing"),
        ("https://case.example.org", "listing"),
        ("http://localhost:8080/opensalt", "listing"),
    ],
)
def test_case_url_kind(url, kind):
    assert case_url_kind(url) == kind


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "file:///etc/passwd",
            "only http:// and https:// addresses can be read from a CASE server (this one "
            "starts with 'file:')",
        ),
        ("https:///ims/case/v1p1/CFDocuments", "the address names no server"),
        (
            "https://case.example.org/ims/case/v1p1/CFPackages",
            "this address names no package; add the framework's identifier "
            "(.../CFPackages/IDENTIFIER) or list the frameworks at .../CFDocuments",
        ),
        (
            "https://case.example.org/ims/case/v2p0/CFPackages/x",
            "this is not a CASE address pbl-author knows; use "
            "SERVER/ims/case/v1p1/CFPackages/IDENTIFIER for a framework or "
            "SERVER/ims/case/v1p1/CFDocuments for the list",
        ),
    ],
)
def test_bad_addresses_are_refused_before_any_connection(url, message, monkeypatch):
    monkeypatch.setattr(socket, "create_connection", _no_network)
    assert _error(case_url_kind, url) == [message]
    assert _error(fetch_case_package, url) == [message]


def _no_network(*args, **kwargs):
    raise AssertionError("no network call was expected")


def test_a_listing_address_is_not_a_package(monkeypatch):
    monkeypatch.setattr(socket, "create_connection", _no_network)
    assert _error(fetch_case_package, "https://case.example.org/ims/case/v1p1/CFDocuments") == [
        "this address is a list of CASE frameworks, not one framework; import one of them "
        "(.../ims/case/v1p1/CFPackages/IDENTIFIER)"
    ]
    assert _error(list_case_documents, "https://x.example/ims/case/v1p1/CFPackages/abc") == [
        "this address is one framework, not the list; list the frameworks at "
        ".../ims/case/v1p1/CFDocuments"
    ]


def test_importing_the_client_makes_no_network_call(monkeypatch):
    monkeypatch.setattr(socket, "create_connection", _no_network)
    monkeypatch.setattr(socket.socket, "connect", _no_network)
    importlib.reload(case_client)


# -- a working server ------------------------------------------------------------------------------


def test_listing(server):
    base, _ = server
    expected = [
        {key: document[key] for key in ("title", "identifier", "uri")} for document in DOCUMENTS[:2]
    ]
    assert list_case_documents(base) == expected
    assert list_case_documents(f"{base}/ims/case/v1p1/CFDocuments") == expected
    assert list_case_documents(f"{base}/ims/case/v1p1/") == expected


def test_listing_falls_back_to_case_1_0(server):
    base, handler = server
    documents = list_case_documents(f"{base}/old")
    assert [document["title"] for document in documents] == ["Science practices"]
    assert handler.requests == ["/old/ims/case/v1p1/CFDocuments", "/old/ims/case/v1p0/CFDocuments"]


def test_listing_follows_pages(server):
    base, handler = server
    documents = list_case_documents(f"{base}/paged")
    assert [document["title"] for document in documents] == ["Science practices", "Mathematics"]
    assert handler.requests == [
        "/paged/ims/case/v1p1/CFDocuments",
        "/paged/ims/case/v1p1/CFDocuments?limit=1&offset=1",
    ]


def test_no_listing_is_a_clear_error(server):
    base, _ = server
    assert _error(list_case_documents, f"{base}/nothing-here") == [
        "the CASE server has no list of frameworks at this address (HTTP 404)"
    ]


def test_package(server):
    base, _ = server
    calls: list[tuple[int, int]] = []
    url = f"{base}/ims/case/v1p1/CFPackages/{PACKAGE_ID}"
    data = fetch_case_package(url, progress=lambda done, total: calls.append((done, total)))
    assert data == PACKAGE
    assert calls[-1] == (len(PACKAGE), len(PACKAGE))
    result = read_case_package(data, source=url)
    assert result.framework.title == "Quirks of real exports"
    assert result.framework.source.url == url


def test_a_document_address_fetches_its_package(server):
    base, handler = server
    data = fetch_case_package(f"{base}/ims/case/v1p1/CFDocuments/{PACKAGE_ID}")
    assert data == PACKAGE
    assert handler.requests == [f"/ims/case/v1p1/CFPackages/{PACKAGE_ID}"]


def test_a_redirect_within_http_is_followed(server):
    base, _ = server
    assert fetch_case_package(f"{base}/moved/ims/case/v1p1/CFPackages/x") == PACKAGE


def test_a_slow_answer_within_the_time_limit_arrives(server):
    base, _ = server
    start = time.monotonic()
    assert fetch_case_package(f"{base}/slow/ims/case/v1p1/CFPackages/x", timeout=5) == PACKAGE
    assert time.monotonic() - start >= 0.3


# -- what goes wrong ------------------------------------------------------------------------


def test_404_names_the_package(server):
    base, _ = server
    assert _error(fetch_case_package, f"{base}/ims/case/v1p1/CFPackages/no-such-id") == [
        "the CASE server has no package with id 'no-such-id' (HTTP 404)"
    ]


def test_a_server_that_does_not_answer_times_out(server):
    base, _ = server
    start = time.monotonic()
    assert _error(fetch_case_package, f"{base}/silent/ims/case/v1p1/CFPackages/x", timeout=0.3) == [
        "the CASE server did not answer within 0.3 s"
    ]
    assert time.monotonic() - start < 3


def test_a_trickling_answer_times_out_as_a_whole(server):
    base, _ = server
    start = time.monotonic()
    assert _error(
        fetch_case_package, f"{base}/trickle/ims/case/v1p1/CFPackages/x", timeout=0.5
    ) == ["the CASE server did not answer within 0.5 s"]
    assert time.monotonic() - start < 3


def test_the_default_time_limit_reads_well():
    assert case_client._seconds(30.0) == "30 s"


def test_a_malformed_answer_fails_with_its_json_error(server):
    base, _ = server
    data = fetch_case_package(f"{base}/malformed/ims/case/v1p1/CFPackages/x")
    with pytest.raises(DocumentError) as caught:
        read_case_package(data)
    (problem,) = caught.value.problems
    assert str(problem).startswith("line ")
    assert "JSON syntax error" in str(problem)


@pytest.mark.parametrize(
    ("route", "message"),
    [
        (
            "html",
            "the CASE server answered with a web page (HTML), not a CASE package; check the "
            "address",
        ),
        (
            "html-as-json",
            "the CASE server answered with a web page (HTML), not a CASE package; check the "
            "address",
        ),
        ("text", "the CASE server's answer is not JSON, so it is not a CASE package"),
        ("empty", "the CASE server sent an empty answer instead of a CASE package"),
        (
            "huge",
            "the CASE server's answer is larger than 200 MB; pbl-author reads answers up to 200 MB",
        ),
        (
            "short",
            "the connection closed before the whole answer arrived (16 of 1,000 bytes); try again",
        ),
        ("status/500", "the CASE server failed (HTTP 500 Internal Server Error); try again later"),
        (
            "status/401",
            "the CASE server refused access (HTTP 401 Unauthorized); this framework may need a "
            "login, which pbl-author cannot give",
        ),
        (
            "status/429",
            "the CASE server is busy (HTTP 429 Too Many Requests); try again later: Too many "
            "requests",
        ),
        ("status/418", "the CASE server answered HTTP 418 I'm a Teapot"),
        (
            "to-file",
            "the CASE server sent pbl-author to a 'file:' address; only http and https are "
            "followed",
        ),
    ],
)
def test_bad_answers_are_clear_errors(server, route, message):
    base, _ = server
    assert _error(fetch_case_package, f"{base}/{route}/ims/case/v1p1/CFPackages/x") == [message]


def test_an_answer_over_the_limit_stops_while_streaming(server):
    base, _ = server
    assert _error(
        fetch_case_package, f"{base}/stream/ims/case/v1p1/CFPackages/x", max_bytes=1024 * 1024
    ) == ["the CASE server's answer is larger than 1 MB; pbl-author reads answers up to 1 MB"]


def test_a_listing_that_is_not_json(server):
    base, _ = server
    (message,) = _error(list_case_documents, f"{base}/malformed/ims/case/v1p1/CFDocuments")
    assert message == (
        "the CASE server's list of frameworks is not valid JSON: line 7, column 16: "
        "Expecting ':' delimiter"
    )


def test_connection_refused():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert _error(fetch_case_package, f"http://127.0.0.1:{port}/ims/case/v1p1/CFPackages/x") == [
        "cannot connect to the CASE server at 127.0.0.1: the connection was refused (is the "
        "address right, and is the server running?)"
    ]


def test_unknown_host(monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    assert _error(
        fetch_case_package, "https://no-such-host.invalid/ims/case/v1p1/CFPackages/x"
    ) == [
        "cannot find the CASE server 'no-such-host.invalid' (unknown host name); check the "
        "address and the internet connection"
    ]
