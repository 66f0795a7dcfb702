"""Rules on goals: the number of target standards and "I can" learning targets."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import CheckContext
from ..registry import Hit, rule


@rule("too-many-standards", "warning", "The number of target standards stays within bounds")
def too_many_standards(ctx: CheckContext) -> Iterator[Hit]:
    standards = [ref for ref, role in ctx.targets.items() if role == "target_standard"]
    most = ctx.threshold("max_target_standards")
    if len(standards) > most:
        yield Hit(
            "goals",
            "goals.targets",
            f"The unit targets {len(standards)} standards; a unit can teach and assess "
            f"about {most} well.",
            "Keep the standards the performance tasks really assess as targets; others can be "
            "aligned at Introduce or Practice without being targets.",
        )


def _first_words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


@rule("learning-target-i-can", "warning", '"I can" learning targets start with "I can"')
def learning_target_i_can(ctx: CheckContext) -> Iterator[Hit]:
    for index, target in enumerate(ctx.unit.goals.learning_targets):
        if not target.text.strip().lower().startswith("i can"):
            yield Hit(
                target.id,
                f"goals.learning_targets[{index}].text",
                'This learning target does not start with "I can".',
                'Write it in the student\'s voice: "I can explain ...", "I can design ...".',
            )


@rule("learning-target-measurable", "warning", "Learning targets use a measurable verb")
def learning_target_measurable(ctx: CheckContext) -> Iterator[Hit]:
    vague = set(ctx.threshold("vague_verbs"))
    for index, target in enumerate(ctx.unit.goals.learning_targets):
        words = _first_words(target.text)
        if words[:2] != ["i", "can"]:
            continue  # learning-target-i-can reports it
        verbs = [w for w in words[2:4] if w not in ("really", "also", "then")]
        verb = verbs[0] if verbs else ""
        if not verb or verb in vague:
            shown = f'"{verb}"' if verb else "no verb"
            yield Hit(
                target.id,
                f"goals.learning_targets[{index}].text",
                f"This learning target uses {shown}, which cannot be observed or measured.",
                "Use a verb students can show: explain, compare, design, measure, argue, "
                "revise, present ...",
            )
