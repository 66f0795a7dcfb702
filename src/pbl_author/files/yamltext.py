"""Safe YAML: plain data in, plain data out, nothing executed, nothing expanded.

Reading refuses anchors and aliases (they buy nothing in a unit file and are
how "billion laughs" bombs work), deep nesting and duplicate keys, each with a
line number. Writing is canonical: keys in the order given, text with line
breaks as block scalars, no line folding, so the same data always gives the
same bytes and a one-word edit is a one-line diff.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
)

from ..model.problems import DocumentError, Problem

#: Deepest nesting of lists and mappings accepted (a unit needs about 10).
MAX_DEPTH = 40

# Words that YAML 1.1 readers (PyYAML, many other tools) take for booleans or null:
# written quoted so every reader sees text.
_YAML11_SPECIAL = {
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "",
}  # fmt: skip


def _where(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""


class _Constructor(SafeConstructor):
    """Safe constructor that keeps dates and times as text.

    The models parse them, so an impossible date (2027-02-30) gets the same
    clear message as any other bad value, with its path.
    """


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)


def _loader() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    return yaml


def _check_events(text: str) -> None:
    depth = 0
    for event in _loader().parse(io.StringIO(text)):
        if isinstance(event, AliasEvent) or (
            isinstance(event, NodeEvent) and getattr(event, "anchor", None)
        ):
            raise DocumentError(
                [
                    Problem(
                        "",
                        f"{_where(event.start_mark)}: YAML anchors and aliases (& and *) are "
                        "not allowed in pbl-author files; write the content out in full",
                    )
                ]
            )
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise DocumentError(
                    [
                        Problem(
                            "",
                            f"{_where(event.start_mark)}: lists and mappings are nested more "
                            f"than {MAX_DEPTH} levels deep",
                        )
                    ]
                )
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def _syntax_problem(exc: YAMLError) -> Problem:
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        if "duplicate key" in what:
            return Problem("", f"{_where(mark)}: {what}")
        tag = re.search(r"constructor for the tag '([^']*)'", what)
        if tag:
            shown = tag[1].replace("tag:yaml.org,2002:", "!!")
            return Problem(
                "",
                f"{_where(mark)}: YAML tags such as '{shown}' are not allowed in pbl-author "
                "files; write plain text, numbers, lists and mappings",
            )
        return Problem("", f"{_where(mark)}: YAML syntax error: {what}")
    return Problem("", f"YAML syntax error: {exc}")


_PLAIN = (str, int, float, bool, type(None), dt.date)


def _check_plain(value: Any, path: str = "") -> None:
    """Only plain data: no binary, sets or other tagged types; only text keys."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise DocumentError(
                    [Problem(path, f"the key {key!r} is not text; write keys as words")]
                )
            _check_plain(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_plain(item, f"{path}[{index}]")
    elif not isinstance(value, _PLAIN):
        raise DocumentError(
            [
                Problem(
                    path,
                    f"YAML value of type {type(value).__name__} is not allowed; "
                    "use text, numbers, true/false, dates, lists and mappings",
                )
            ]
        )


def _slow_load(text: str) -> Any:
    """The reference reader (pure-Python ruamel, YAML 1.2): every error message comes
    from here."""
    try:
        _check_events(text)
        documents = list(_loader().load_all(text))
    except DocumentError:
        raise
    except YAMLError as exc:
        raise DocumentError([_syntax_problem(exc)]) from None
    except RecursionError:
        raise DocumentError([Problem("", "the YAML is nested too deeply")]) from None
    if len(documents) > 1:
        raise DocumentError(
            [Problem("", "the file holds several YAML documents (---); keep one per file")]
        )
    return documents[0] if documents else None


def load_yaml(text: str) -> Any:
    """Plain data (dicts, lists, str, int, float, bool, None, dates) from YAML text.

    Well-formed files are read by the fast reader (``yamlfast``: libyaml's C parser,
    scalars resolved by ruamel's YAML 1.2 rules, so the data is the same); anything it is
    not sure of (a syntax error, an anchor, a tag, a duplicate key, ...) is read again by
    the reference reader, which says what is wrong and where.
    """
    from .yamlfast import fast_load

    data = fast_load(text)
    if data is None:
        data = _slow_load(text)
    if data is None:
        raise DocumentError([Problem("", "the file is empty")])
    _check_plain(data)
    return data


def _represent_str(representer: Any, value: str) -> Any:
    tag = "tag:yaml.org,2002:str"
    if "\n" in value:
        return representer.represent_scalar(tag, value, style="|")
    if value.lower() in _YAML11_SPECIAL:
        return representer.represent_scalar(tag, value, style="'")
    return representer.represent_scalar(tag, value)


def _dumper() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 1_000_000  # never fold long lines: one value, one line
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.representer.add_representer(str, _represent_str)
    yaml.representer.sort_base_mapping_type_on_output = False
    return yaml


def dump_yaml(data: Any) -> str:
    """Canonical YAML text for plain data (keys keep the order given)."""
    stream = io.StringIO()
    _dumper().dump(data, stream)
    return stream.getvalue()
