"""Review protocols as data: a tuning protocol's timed stages, or an open review.

The shipped protocols live in ``data/protocols.yaml``; a network can write its own
file with the same shape and load it with ``load_protocols(path)``. A stage says
how long it lasts, what to do in one line, and which kinds of comment it invites
(a stage that invites none is for listening or talking).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from pydantic import Field, model_validator

from ..files.text import read_document
from ..files.yamltext import load_yaml
from ..model import DocumentError, Problem, validate_as
from ..model.base import ElementId, Label, StrictModel, Text
from ..model.review import CommentKind

DATA = Path(__file__).resolve().parent / "data" / "protocols.yaml"
#: The protocol of a review that names none: free review, no stages.
OPEN = "open"


class Stage(StrictModel):
    id: ElementId
    title: Label
    minutes: int = Field(ge=1, le=240)
    instruction: Text
    #: The kinds of comment this stage asks for (empty: listen or talk).
    invites: list[CommentKind] = Field(default_factory=list)

    @property
    def seconds(self) -> int:
        return self.minutes * 60


class Protocol(StrictModel):
    id: ElementId
    title: Label
    description: Text = ""
    stages: list[Stage] = Field(default_factory=list)

    @property
    def timed(self) -> bool:
        return bool(self.stages)

    @property
    def minutes(self) -> int:
        return sum(stage.minutes for stage in self.stages)

    @model_validator(mode="after")
    def _unique_stages(self) -> Protocol:
        ids = [stage.id for stage in self.stages]
        doubled = sorted({i for i in ids if ids.count(i) > 1})
        if doubled:
            raise ValueError(f"stage ids must be unique; used more than once: {', '.join(doubled)}")
        return self


class ProtocolFile(StrictModel):
    protocols: list[Protocol] = Field(min_length=1)


def _parse(data: object, source: str) -> dict[str, Protocol]:
    try:
        parsed = validate_as(ProtocolFile, data)
    except DocumentError as exc:
        raise exc.with_source(source) from None
    found: dict[str, Protocol] = {}
    for index, protocol in enumerate(parsed.protocols):
        if protocol.id in found:
            raise DocumentError(
                [Problem(f"protocols[{index}].id", f"duplicate protocol id '{protocol.id}'")],
                source,
            )
        found[protocol.id] = protocol
    return found


def load_protocols(path: str | os.PathLike[str] | None = None) -> dict[str, Protocol]:
    """Protocols by id, in file order: the shipped ones, or those of the file at ``path``."""
    if path is None:
        return dict(_shipped())
    target = Path(path)
    return _parse(load_yaml(read_document(target)), str(target))


@cache
def _shipped() -> dict[str, Protocol]:
    return _parse(load_yaml(read_document(DATA)), str(DATA))


def get_protocol(protocol_id: str, protocols: dict[str, Protocol] | None = None) -> Protocol:
    """The protocol ``protocol_id``; an empty one (open review) for "" or an unknown id."""
    known = _shipped() if protocols is None else protocols
    if protocol_id in known:
        return known[protocol_id]
    if not protocol_id or protocol_id == OPEN:
        return Protocol(id=OPEN, title="Open review")
    # A protocol this installation does not know (another network's): no stages to run.
    return Protocol(id="unknown", title=protocol_id)


__all__ = ["OPEN", "Protocol", "ProtocolFile", "Stage", "get_protocol", "load_protocols"]
