"""Embed a framework item into a unit: the copy a unit keeps of what it aligns to."""

from __future__ import annotations

from ..model import EmbeddedCompetency, Framework
from ..model.competencies import EmbeddedDescriptor


def embed_competency(framework: Framework, item_id: str) -> EmbeddedCompetency:
    """The unit's copy of ``framework``'s item ``item_id`` (KeyError when unknown)."""
    item = framework.item(item_id)
    titles = {level.id: level.title for level in framework.scale}
    return EmbeddedCompetency(
        ref=framework.ref(item.id),
        framework=framework.title,
        code=item.code,
        statement=item.statement,
        type=item.type,
        education_levels=list(item.education_levels),
        descriptors=[
            EmbeddedDescriptor(level=titles.get(d.level, d.level), text=d.text)
            for d in item.descriptors
        ],
    )
