"""Step 6: culture (teams, roles, norms, voice and choice, supports), critique and
revision, the public product, and reflection."""

from __future__ import annotations

from ...model.culture import Audience, ChoiceKind, CritiqueKind, Moment, SupportGroup
from ..forms import FieldSpec, Form, ListSpec, RecordList, fresh_id, literal_options
from .base import Step
from .options import milestone_options, task_options

GROUP_LABELS = {"english_learners": "English learners", "iep": "Students with IEPs",
                "all_students": "All students"}  # fmt: skip


class CultureStep(Step):
    key = "culture"
    title = "Culture, critique and public product"
    intro = (
        "How students work together and make real decisions, how they get feedback and "
        "revise, who sees the final product, and when everyone reflects."
    )
    prefixes = ("culture", "critique", "public_product", "reflection")
    elements = ("culture", "critique", "public-product", "reflection")

    def build(self) -> list:
        import ipywidgets as w

        ctx = self.context
        self.teams = Form(
            ctx,
            [
                FieldSpec(("culture", "teams", "size_min"), "Smallest team", "number"),
                FieldSpec(("culture", "teams", "size_max"), "Largest team", "number"),
                FieldSpec(("culture", "teams", "formation"), "How teams form", "area", rows=2),
                FieldSpec(("culture", "teams", "contract"), "Team contract", "area", rows=2),
                FieldSpec(("culture", "norms"), "Norms", "lines"),
            ],
        )
        self.roles = RecordList(ctx, ("culture", "roles"), ListSpec(
            "role",
            [FieldSpec("title", "Title"), FieldSpec("description", "Description", "area", rows=2)],
            new_item=lambda data: {"id": fresh_id(data, "role"), "title": "New role"}, rows=3,
        ))  # fmt: skip
        self.choices = RecordList(ctx, ("culture", "voice_and_choice"), ListSpec(
            "choice",
            [
                FieldSpec("kind", "Students choose", "choice", options=literal_options(ChoiceKind)),
                FieldSpec("description", "Description", "area", rows=2),
                FieldSpec("milestone", "At milestone", "choice", options=milestone_options),
                FieldSpec("task", "For task", "choice", options=task_options),
            ],
            new_item=lambda data: {"id": fresh_id(data, "choice"), "kind": "product",
                                   "description": "Students choose ..."},
            rows=3,
        ))  # fmt: skip
        self.supports = RecordList(ctx, ("culture", "supports"), ListSpec(
            "support",
            [
                FieldSpec("group", "For", "choice",
                          options=literal_options(SupportGroup, GROUP_LABELS)),
                FieldSpec("description", "Description", "area", rows=2),
            ],
            new_item=lambda data: {"id": fresh_id(data, "support"),
                                   "description": "Sentence frames, word banks, ..."},
            rows=3,
        ))  # fmt: skip
        self.critique = RecordList(ctx, ("critique", "steps"), ListSpec(
            "critique step",
            [
                FieldSpec("kind", "Kind", "choice", options=literal_options(CritiqueKind)),
                FieldSpec("protocol", "Protocol", placeholder="Gallery walk, tuning, ..."),
                FieldSpec("description", "Description", "area", rows=2),
                FieldSpec("participants", "Who gives feedback"),
                FieldSpec("milestone", "At milestone", "choice", options=milestone_options),
                FieldSpec("task", "On task", "choice", options=task_options),
            ],
            new_item=lambda data: {"id": fresh_id(data, "critique-step"), "kind": "critique"},
            rows=3,
        ))  # fmt: skip
        self.product = Form(
            ctx,
            [
                FieldSpec(("public_product", "description"), "Public product", "area", rows=2),
                FieldSpec(("public_product", "audiences"), "Audiences", "lines", rows=2),
                FieldSpec(("public_product", "format"), "Format",
                          placeholder="exhibition, pitch, website, ..."),
                FieldSpec(("public_product", "venue"), "Venue"),
                FieldSpec(("public_product", "date"), "Date", "date"),
            ],
        )  # fmt: skip
        self.reflection = RecordList(ctx, ("reflection", "prompts"), ListSpec(
            "reflection prompt",
            [
                FieldSpec("text", "Prompt", "area", rows=2),
                FieldSpec("moment", "When", "choice", options=literal_options(Moment)),
                FieldSpec("audience", "Who reflects", "choice", options=literal_options(Audience)),
                FieldSpec("milestone", "At milestone", "choice", options=milestone_options),
            ],
            new_item=lambda data: {"id": fresh_id(data, "reflect"), "moment": "end",
                                   "text": "What did you learn?"},
            rows=3,
        ))  # fmt: skip
        self.parts = [self.teams, self.roles, self.choices, self.supports, self.critique,
                      self.product, self.reflection]  # fmt: skip
        heading = lambda text: w.HTML(f"<h4>{text}</h4>")  # noqa: E731
        return [
            heading("Teams and norms"), self.teams.box,
            heading("Roles"), self.roles.box,
            heading("Voice and choice"), self.choices.box,
            heading("Supports"), self.supports.box,
            heading("Critique and revision"), self.critique.box,
            heading("Public product"), self.product.box,
            heading("Reflection"), self.reflection.box,
        ]  # fmt: skip
