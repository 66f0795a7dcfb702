"""One place that knows every framework format: detect it, import it, export to it.

Importers and exporters live one per module (``case_import``, ``moodle_csv``,
``canvas_csv``); this registry names them. Adding a format is one entry here.
"""

from __future__ import annotations

import csv
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..files.jsontext import load_json
from ..files.text import decode_document, read_bytes
from ..model import DocumentError, Framework, Problem, parse_framework
from .importing import ImportResult, Progress
from .store import MAX_FRAMEWORK_BYTES


@dataclass(frozen=True)
class FormatInfo:
    """A framework format: its reader and writer as ``.module:function`` names."""

    name: str
    title: str
    reader: str
    writer: str
    suffix: str

    @staticmethod
    def _load(target: str) -> Callable:
        module, _, function = target.partition(":")
        return getattr(importlib.import_module(module, __package__), function)

    def read(self, data: bytes, **options) -> ImportResult:
        return self._load(self.reader)(data, **options)

    def write(self, framework: Framework) -> bytes:
        return self._load(self.writer)(framework)


FORMATS: dict[str, FormatInfo] = {
    info.name: info
    for info in (
        FormatInfo("pbl", "pbl-author framework file", ".interchange:read_pbl",
                   ".interchange:write_pbl", ".framework.json"),
        FormatInfo("case", "CASE package (JSON)", ".case_import:read_case_package",
                   ".case_export:write_case_package", ".case.json"),
        FormatInfo("moodle", "Moodle competency framework CSV", ".moodle_csv:read_moodle_csv",
                   ".moodle_csv:write_moodle_csv", ".moodle.csv"),
        FormatInfo("canvas", "Canvas outcomes CSV", ".canvas_csv:read_canvas_csv",
                   ".canvas_csv:write_canvas_csv", ".canvas.csv"),
    )
}  # fmt: skip


def read_pbl(
    data: bytes,
    *,
    framework_id: str | None = None,
    source: str = "",
    progress: Progress | None = None,
) -> ImportResult:
    """A pbl-author framework file (YAML or JSON)."""
    from ..files.yamltext import load_yaml

    text = decode_document(data)
    raw = load_json(text) if text.lstrip().startswith("{") else load_yaml(text)
    framework = parse_framework(raw)
    if framework_id and framework_id != framework.id:
        framework = framework.model_copy(update={"id": framework_id})
    return ImportResult(framework, [], "pbl")


def write_pbl(framework: Framework) -> bytes:
    from .files import dumps_framework

    return dumps_framework(framework, json_format=True).encode("utf-8")


def detect_format(name: str, data: bytes) -> str:
    """Which format ``data`` (from a file called ``name``) is in."""
    lowered = name.lower()
    if lowered.endswith((".framework.yaml", ".framework.yml", ".framework.json")):
        return "pbl"
    head = data[:65536].decode("utf-8-sig", errors="replace").lstrip()
    if not head:
        raise DocumentError([Problem("", "the file is empty")])
    if lowered.endswith(".json") or head.startswith(("{", "[")):
        if '"schema_version"' in head and '"items"' in head and '"CF' not in head:
            return "pbl"
        return "case"  # the CASE reader says clearly what a JSON file lacks
    first_line = head.splitlines()[0] if head else ""
    labels = [cell.strip().lower() for cell in next(csv.reader([first_line]), [])]
    if {"vendor_guid", "object_type", "rubric name"} & set(labels):  # the Canvas reader
        # also explains that a rubric import file is not an outcomes file
        return "canvas"
    if labels and ("parent" in labels[0] or len(labels) >= 13):
        return "moodle"
    raise DocumentError(
        [
            Problem(
                "",
                "cannot tell which framework format this is; name it with --format "
                f"({', '.join(FORMATS)})",
            )
        ]
    )


def import_file(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    framework_id: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import the framework in the file at ``path`` (format detected unless given)."""
    try:
        data = read_bytes(path, MAX_FRAMEWORK_BYTES)
        name = format or detect_format(Path(path).name, data)
        result = FORMATS[name].read(
            data, framework_id=framework_id, source=str(path), progress=progress
        )
    except DocumentError as exc:
        raise exc.with_source(str(path)) from None
    result.format = result.format or name
    return result


def case_listing(url: str) -> list[tuple[str, str]] | None:
    """For a CASE server's list of frameworks: (title, package address) of each; else None."""
    import re
    import urllib.parse

    from .case_client import case_url_kind, list_case_documents

    try:
        if case_url_kind(url) != "listing":
            return None
        documents = list_case_documents(url)
    except DocumentError as exc:
        raise exc.with_source(url) from None
    match = re.search(r"^(.*?/ims/case/v1p[01])", url)
    root = match[1] if match else url.rstrip("/") + "/ims/case/v1p1"
    return [
        (doc["title"], f"{root}/CFPackages/{urllib.parse.quote(doc['identifier'], safe='')}")
        for doc in documents
    ]


def import_url(
    url: str, *, framework_id: str | None = None, progress: Progress | None = None
) -> ImportResult:
    """Import a CASE package from a CASE server (the only formats served over HTTP)."""
    from .case_client import fetch_case_package

    try:
        data = fetch_case_package(url, progress=progress)
        return FORMATS["case"].read(data, framework_id=framework_id, source=url, progress=progress)
    except DocumentError as exc:
        raise exc.with_source(url) from None


def export_framework(framework: Framework, format: str) -> bytes:
    """``framework`` in ``format`` (pbl, case, moodle or canvas) as bytes."""
    return FORMATS[format].write(framework)
