"""Rendering safety in a real browser: hostile text in every field, every HTML output.

The corpus (``tests/data/xss_payloads.txt``, see ``tests/xss_corpus.py``) goes into every
text field of a unit; every HTML output the export registry names (files ending in
``.html``, and the web pages inside the Common Cartridge) is written to disk and opened
in headless Chromium. While a page loads and settles the test records

- every dialog (``alert``, ``confirm``, ``prompt``, ``beforeunload``), dismissing it,
- every console message and uncaught page error,
- every request other than the page itself (each one is also blocked),
- popups and navigations away from the page,

and then inspects the DOM for anything active that survived: ``<script>`` and other
active elements, ``on*`` attributes, ``javascript:`` / ``vbscript:`` / ``data:`` URLs,
styles outside the page's own stylesheet. Any of these fails the test.

Two kinds of hostile unit: every sample unit with one payload per field (cycling through
the corpus, so each field meets a payload at its very start, as a whole value), and the
largest sample with the whole corpus in every multi-line field (every payload reaches
every output that shows any multi-line text).
"""

from __future__ import annotations

import contextlib
from functools import cache
from pathlib import Path

import pytest

from pbl_author.formats.registry import EXPORTS, export_unit
from pbl_author.formats.unitfile import load_unit
from pbl_author.model import Unit

from ..conftest import sample_unit_paths
from ..xss_corpus import hostile_unit, payloads

pytestmark = pytest.mark.e2e

#: Every registry format whose file is an HTML page, and the cartridge (HTML inside a zip).
HTML_FORMATS = [name for name, fmt in EXPORTS.items() if fmt.suffix.endswith(".html")]
FORMATS = [*HTML_FORMATS, "cartridge"]
SAMPLES = {path.name.removesuffix(".unit.yaml"): path for path in sample_unit_paths()}
VARIANTS = [f"one-per-field:{name}" for name in SAMPLES] + ["whole-corpus:water-watchers"]

#: Elements that run code, load something or submit something; none may come from text.
ACTIVE_ELEMENTS = (
    "script, iframe, frame, frameset, object, embed, applet, base, form, input, button, "
    "textarea, select, link, meta[http-equiv], svg, math, video, audio, source, track, "
    "portal, template, noscript, marquee, isindex, keygen"
)

DOM_AUDIT = """
(active) => {
  const problems = [];
  const describe = (el) => el.outerHTML.slice(0, 160);
  for (const el of document.querySelectorAll(active)) problems.push('element: ' + describe(el));
  for (const el of document.querySelectorAll('style')) {
    if (el.parentElement !== document.head) problems.push('style outside head: ' + describe(el));
  }
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data',
                         'poster', 'background', 'srcset', 'ping', 'lowsrc', 'dynsrc'];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) problems.push('handler attribute: ' + describe(el));
      if (name === 'srcdoc') problems.push('srcdoc: ' + describe(el));
      if (name === 'style' && /url\\s*\\(|expression\\s*\\(|behavior|binding|@import/i
          .test(attr.value)) problems.push('active style: ' + describe(el));
      if (urlAttributes.includes(name)) {
        const value = attr.value.replace(/[\\u0000-\\u0020\\u007f-\\u00a0\\u200b-\\u200f]/g, '')
                                .toLowerCase();
        if (/^(javascript|vbscript|data|livescript|mocha|file):/.test(value)) {
          problems.push('dangerous URL: ' + describe(el));
        }
      }
    }
  }
  for (const a of document.querySelectorAll('a[href]')) {
    if (!['http:', 'https:', 'mailto:', 'file:'].includes(a.protocol)) {
      problems.push('link scheme ' + a.protocol + ': ' + describe(a));
    }
    if (/^\\s*[\\\\/][\\\\/]/.test(a.getAttribute('href'))) {
      problems.push('network-path link: ' + describe(a));
    }
    if (a.protocol === 'file:' && a.host) problems.push('link to another machine: ' + describe(a));
  }
  return problems;
}
"""


@cache
def hostile(variant: str) -> Unit:
    kind, _, name = variant.partition(":")
    unit, used = hostile_unit(load_unit(SAMPLES[name]), all_in_text=kind == "whole-corpus")
    if kind == "whole-corpus":
        assert len(used) == len(payloads())  # every payload is in the unit
    return unit


def html_documents(unit: Unit, name: str) -> list[tuple[str, bytes]]:
    """(file name, HTML) of every page the format ``name`` makes for ``unit``."""
    if name == "cartridge":
        import io
        import zipfile

        data = export_unit(unit, name)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [
                (Path(entry).name, archive.read(entry))
                for entry in sorted(archive.namelist())
                if entry.endswith(".html")
            ]
    return [(EXPORTS[name].file_name(unit), export_unit(unit, name))]


def documents_or_skip(unit: Unit, name: str) -> list[tuple[str, bytes]]:
    try:
        return html_documents(unit, name)
    except ModuleNotFoundError as exc:  # a format another engineer has not written yet
        pytest.skip(f"{name}: {exc}")


class Recorder:
    """Listens to one page: dialogs, console, errors, requests, popups, navigations."""

    def __init__(self, page) -> None:
        self.page = page
        self.current = ""
        self.events: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda message: self._add(f"console {message.type}: {message.text}"))
        page.on("pageerror", lambda error: self._add(f"page error: {error}"))
        page.on("popup", lambda popup: self._add(f"popup: {popup.url}"))
        page.on("request", self._request)
        page.on("framenavigated", self._navigated)
        page.route("**/*", self._route)

    def _add(self, event: str) -> None:
        self.events.append(f"{self.current}: {event}")

    def _dialog(self, dialog) -> None:
        self._add(f"dialog {dialog.type}: {dialog.message}")
        with contextlib.suppress(Exception):
            dialog.dismiss()

    def _request(self, request) -> None:
        if request.url != self.current:
            self._add(f"request {request.method} {request.url[:200]}")

    def _navigated(self, frame) -> None:
        if frame.url not in (self.current, "about:blank"):
            self._add(f"navigation: {frame.url[:200]}")

    def _route(self, route) -> None:
        if route.request.url == self.current:
            route.continue_()
        else:
            route.abort()  # recorded by _request

    def open(self, path: Path) -> None:
        self.current = path.as_uri()
        self.page.goto(self.current, wait_until="load")
        self.page.wait_for_timeout(150)  # timers, refreshes and late loads would show here


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize("variant", VARIANTS)
def test_hostile_text_stays_inert_in_the_browser(page, tmp_path, variant, name):
    unit = hostile(variant)
    documents = documents_or_skip(unit, name)
    assert documents, f"{name} made no HTML page"
    recorder = Recorder(page)
    problems: list[str] = []
    for file_name, html in documents:
        assert b"<script" not in html.lower(), f"{file_name}: a <script> tag in the file"
        path = tmp_path / file_name
        path.write_bytes(html)
        recorder.open(path)
        problems += [f"{file_name}: {p}" for p in page.evaluate(DOM_AUDIT, ACTIVE_ELEMENTS)]
        assert page.url == path.as_uri(), f"{file_name}: the page navigated to {page.url}"
        # The payloads are there, shown as text: rendered, not silently dropped.
        assert "alert(" in page.inner_text("body"), f"{file_name}: no payload text shown"
    assert recorder.events == [], "\n".join(recorder.events[:40])
    assert problems == [], "\n".join(problems[:40])


def test_the_recorder_catches_a_live_payload(page, tmp_path):
    """The harness itself works: an unsanitized page trips every alarm it should."""
    path = tmp_path / "unsafe.html"
    path.write_text(
        "<!DOCTYPE html><html lang=en><head><title>unsafe</title></head><body>"
        "<p>alert(0)</p><img src='https://evil.example/x.png'>"
        "<script>console.log('ran'); alert('ran')</script>"
        "<a href='javascript:alert(1)' onclick='alert(2)'>x</a></body></html>",
        encoding="utf-8",
    )
    recorder = Recorder(page)
    recorder.open(path)
    problems = page.evaluate(DOM_AUDIT, ACTIVE_ELEMENTS)
    joined = "\n".join(recorder.events)
    assert "dialog alert: ran" in joined
    assert "console log: ran" in joined
    assert "request GET https://evil.example/x.png" in joined
    assert any(p.startswith("element: <script") for p in problems)
    assert any(p.startswith("handler attribute") for p in problems)
    assert any(p.startswith("dangerous URL") for p in problems)
