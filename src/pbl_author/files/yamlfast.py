"""The fast YAML reader: libyaml's C parser (through PyYAML) for the structure, ruamel's
YAML 1.2 resolver and constructor for every plain scalar, so the data is exactly what
the reference reader (``yamltext._slow_load``) gives, about fifty times sooner.

It only ever *accepts* plain, well-formed documents. Anything else returns None and
the caller reads the text again with the reference reader, which gives the error
message: a syntax error, an anchor or alias, any tag, a ``%YAML`` or ``%TAG`` directive,
a merge key, a duplicate or non-scalar key, several documents, nesting deeper than
``MAX_DEPTH``, or a plain scalar of a type the reference reader would refuse.
``tests/test_yaml_fast.py`` checks the two readers agree on every YAML file in the
repository and on generated documents.
"""

from __future__ import annotations

from typing import Any

try:  # PyYAML with libyaml; without it every document takes the reference path
    import yaml as _pyyaml
    from yaml import CSafeLoader as _CLoader
except ImportError:  # pragma: no cover - PyYAML is a dependency
    _pyyaml = None
    _CLoader = None

from ruamel.yaml.nodes import ScalarNode


class _NotSure(Exception):
    """The fast reader leaves this document to the reference reader."""


_KEY = object()  # a mapping waiting for its next key
_PLAIN_CACHE: dict[str, Any] = {}
_CACHED_TYPES = (str, int, float, bool, type(None))


def _resolver_and_constructor() -> tuple[Any, Any]:
    from .yamltext import _loader

    reference = _loader()
    return reference.resolver, reference.constructor


_RESOLVE: tuple[Any, Any] | None = None


def _plain(value: str) -> Any:
    """A plain scalar as the reference reader constructs it."""
    global _RESOLVE
    try:
        return _PLAIN_CACHE[value]
    except KeyError:
        pass
    if _RESOLVE is None:
        _RESOLVE = _resolver_and_constructor()
    resolver, constructor = _RESOLVE
    tag = resolver.resolve(ScalarNode, value, (True, False))
    build = constructor.yaml_constructors.get(tag.value)
    if build is None:
        raise _NotSure
    result = build(constructor, ScalarNode(tag, value))
    if isinstance(result, _CACHED_TYPES) and len(_PLAIN_CACHE) < 50_000:
        _PLAIN_CACHE[value] = result
    return result


def _load(text: str) -> Any:
    from .yamltext import MAX_DEPTH

    events = _pyyaml.events
    scalar, mapping_start, sequence_start = (
        events.ScalarEvent,
        events.MappingStartEvent,
        events.SequenceStartEvent,
    )
    collection_end = (events.MappingEndEvent, events.SequenceEndEvent)
    stack: list[list[Any]] = []  # [container, key or _KEY, is a mapping]
    result: Any = None
    documents = 0
    for event in _pyyaml.parse(text, Loader=_CLoader):
        kind = type(event)
        if kind is scalar or kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or event.tag is not None:
                raise _NotSure
            if kind is scalar:
                value = event.value if event.style else _plain(event.value)
            else:
                if len(stack) >= MAX_DEPTH:
                    raise _NotSure
                value = {} if kind is mapping_start else []
            if stack:
                top = stack[-1]
                if not top[2]:
                    top[0].append(value)
                elif top[1] is _KEY:
                    if kind is not scalar or value == "<<":
                        raise _NotSure
                    try:
                        if value in top[0]:
                            raise _NotSure
                    except TypeError:  # an unhashable key
                        raise _NotSure from None
                    top[1] = value
                else:
                    top[0][top[1]] = value
                    top[1] = _KEY
            else:
                result = value
            if kind is not scalar:
                stack.append([value, _KEY, kind is mapping_start])
        elif kind in collection_end:
            stack.pop()
        elif kind is events.AliasEvent:
            raise _NotSure
        elif kind is events.DocumentStartEvent:
            documents += 1
            if documents > 1 or event.version is not None or event.tags:
                raise _NotSure
    return result


def fast_load(text: str) -> Any:
    """The document's data, or None when the reference reader must decide."""
    if _pyyaml is None:
        return None
    try:
        return _load(text)
    except (_NotSure, _pyyaml.YAMLError, RecursionError, ValueError, TypeError):
        return None


__all__ = ["fast_load"]
