"""Framework files: ``NAME.framework.yaml`` (or ``.framework.json``)."""

from __future__ import annotations

import os
from pathlib import Path

from ..files.atomic import atomic_write_text
from ..files.jsontext import dump_json, load_json
from ..files.text import MAX_DOCUMENT_BYTES, read_document
from ..files.yamltext import dump_yaml, load_yaml
from ..model import DocumentError, Framework, parse_framework

FRAMEWORK_SUFFIXES = (".framework.yaml", ".framework.yml", ".framework.json")


def is_framework_file(path: str | os.PathLike[str]) -> bool:
    return Path(path).name.endswith(FRAMEWORK_SUFFIXES)


def load_framework(path: str | os.PathLike[str], *, limit: int = MAX_DOCUMENT_BYTES) -> Framework:
    """The validated framework in the file at ``path`` (files up to ``limit`` bytes)."""
    target = Path(path)
    try:
        text = read_document(target, limit)
        data = load_json(text) if target.suffix == ".json" else load_yaml(text)
        return parse_framework(data)
    except DocumentError as exc:
        raise exc.with_source(str(path)) from None


def dumps_framework(framework: Framework, json_format: bool = False) -> str:
    data = framework.model_dump(mode="json", exclude_defaults=True)
    data = {"schema_version": framework.schema_version, **data}
    return dump_json(data) if json_format else dump_yaml(data)


def save_framework(framework: Framework, path: str | os.PathLike[str]) -> bool:
    target = Path(path)
    return atomic_write_text(target, dumps_framework(framework, target.suffix == ".json"))
