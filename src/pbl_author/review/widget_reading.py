"""The reviewer's reading part: the unit read-only, one section at a time, each element
with its comments and a box to add one.

A section's widgets are built the first time it is shown, so a long unit opens
quickly. Every action goes back to the ``Reviewer`` (the *host*), which changes
the review file, saves it and asks the affected element to show its comments again.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ..render.markdown import markdown_html
from .anchors import Anchor
from .reading import anchor_html, heading_html
from .status import STATE_TEXT, CommentView

KIND_TEXT = {"warm": "Warm", "cool": "Cool", "question": "Question", "suggestion": "Suggestion"}
KIND_OPTIONS = [
    ("Warm: a strength", "warm"),
    ("Cool: a gap or a worry", "cool"),
    ("Question", "question"),
    ("Suggestion", "suggestion"),
]
STATUS_TEXT = {"open": "open", "addressed": "addressed", "dismissed": "dismissed"}
REMOVED = "removed"


def classed(widget: Any, *names: str) -> Any:
    for name in names:
        widget.add_class(name)
    return widget


def _button(description: str, css: str, action: Any, icon: str = "") -> w.Button:
    button = classed(w.Button(description=description, icon=icon, tooltip=description), css)
    button.on_click(lambda _: action())
    return button


def comment_html(view: CommentView) -> str:
    comment = view.comment
    parts = [
        f"<span class='pbl-kind pbl-kind-{comment.kind}'>{KIND_TEXT[comment.kind]}</span>",
        f"by {html.escape(comment.author or view.review.reviewer)}",
        f"<span class='pbl-comment-status'>{STATUS_TEXT[comment.status]}</span>",
    ]
    if view.state != "current":
        parts.append(f"<span class='pbl-state'>{STATE_TEXT[view.state]}</span>")
    if comment.variant_of:
        parts.append(f"one of several versions of comment {html.escape(comment.variant_of)}")
    replies = "".join(
        f"<li><strong>{html.escape(reply.author)}</strong>"
        + (f" ({reply.date.isoformat()})" if reply.date else "")
        + f": {markdown_html(reply.text, heading=5)}</li>"
        for reply in comment.replies
    )
    return (
        f"<div class='pbl-comment-head'>{' · '.join(parts)}</div>"
        f"<div class='pbl-comment-body'>{markdown_html(comment.text, heading=5)}</div>"
        + (f"<ul class='pbl-replies' aria-label='Replies'>{replies}</ul>" if replies else "")
    )


class CommentBox:
    """One comment: what it says, its state and status, replies and what can be done."""

    def __init__(self, host: Any, view: CommentView):
        self.view = view
        comment = view.comment
        self.html = w.HTML(comment_html(view))
        self.addressed_button = _button(
            "Mark addressed", "pbl-mark-addressed", lambda: host.set_status(view, "addressed"),
            "check",
        )  # fmt: skip
        self.dismiss_button = _button(
            "Dismiss", "pbl-dismiss", lambda: host.set_status(view, "dismissed"), "times"
        )
        self.reopen_button = _button(
            "Reopen", "pbl-reopen", lambda: host.set_status(view, "open"), "undo"
        )
        self.reply_text = classed(
            w.Text(description="Reply", placeholder="Reply to this comment"), "pbl-reply-text"
        )
        self.reply_button = _button("Reply", "pbl-reply", self._reply, "reply")
        self._host = host
        actions = (
            [self.addressed_button, self.dismiss_button]
            if comment.status == "open"
            else [self.reopen_button]
        )
        self.box = classed(
            w.VBox(
                [
                    self.html,
                    w.HBox(
                        [*actions, self.reply_text, self.reply_button],
                        layout=w.Layout(flex_flow="row wrap"),
                    ),
                ]
            ),
            "pbl-comment",
            f"pbl-comment-{view.state}",
            f"pbl-comment-{comment.status}",
        )

    def _reply(self) -> None:
        if self._host.reply(self.view, self.reply_text.value):
            self.reply_text.value = ""


class ElementView:
    """An element of the unit (read-only), its comments, and a box to add one."""

    def __init__(self, host: Any, anchor: Anchor, views: list[CommentView] | None = None):
        self.host, self.anchor = host, anchor
        others = set(host.anchors) - {anchor.id}
        self.content = classed(
            w.HTML(heading_html(anchor) + anchor_html(anchor, others)), "pbl-element-content"
        )
        self.comments = classed(w.VBox([]), "pbl-comments")
        self.boxes: list[CommentBox] = []
        self.kind = classed(
            w.Dropdown(options=KIND_OPTIONS, value=host.default_kind, description="Kind",
                       layout=w.Layout(width="17em")),
            "pbl-comment-kind",
        )  # fmt: skip
        self.text = classed(
            w.Textarea(description="Comment", placeholder=f"Your comment on {anchor.label}",
                       rows=2, layout=w.Layout(flex="1 1 20em")),
            "pbl-comment-text",
        )  # fmt: skip
        self.add_button = _button("Add comment", "pbl-add-comment", self._add, "comment")
        new = classed(
            w.HBox([self.kind, self.text, self.add_button],
                   layout=w.Layout(flex_flow="row wrap", align_items="flex-start")),
            "pbl-new-comment",
        )  # fmt: skip
        self.box = classed(
            w.VBox([self.content, self.comments, new]), "pbl-element", f"pbl-anchor-{anchor.id}"
        )
        self.refresh(host.views_for(anchor.id) if views is None else views)

    def refresh(self, views: list[CommentView]) -> None:
        self.boxes = [CommentBox(self.host, view) for view in views]
        self.comments.children = [box.box for box in self.boxes]

    def invite(self, kind: str) -> None:
        """A protocol stage asks for ``kind``: preselect it unless a comment is being written."""
        if not self.text.value.strip():
            self.kind.value = kind

    def _add(self) -> None:
        if self.host.add_comment(self.anchor.id, self.kind.value, self.text.value):
            self.text.value = ""


class SectionView:
    """One section of the unit: its elements in reading order."""

    def __init__(self, host: Any, key: str, title: str, anchors: list[Anchor]):
        self.key = key
        views: dict[str, list[CommentView]] = {anchor.id: [] for anchor in anchors}
        for view in host.views():  # once for the whole section
            if view.anchor is not None and view.anchor.id in views:
                views[view.anchor.id].append(view)
        self.elements = {a.id: ElementView(host, a, views[a.id]) for a in anchors}
        heading = w.HTML(f"<h3 class='pbl-section-title'>{html.escape(title)}</h3>")
        self.box = classed(
            w.VBox([heading, *(e.box for e in self.elements.values())]),
            "pbl-section",
            f"pbl-section-{key}",
        )


class RemovedView:
    """Comments on elements the unit no longer has, kept and shown together."""

    key = REMOVED

    def __init__(self, host: Any):
        self.host = host
        self.boxes: list[CommentBox] = []
        self.list = w.VBox([])
        intro = w.HTML(
            "<h3 class='pbl-section-title'>No longer in the unit</h3><p>These comments are "
            "about elements a later version of the unit removed. They are kept; mark them "
            "addressed or dismissed when you have looked at them.</p>"
        )
        self.box = classed(w.VBox([intro, self.list]), "pbl-section", "pbl-section-removed")
        self.refresh(host.removed_views())

    def refresh(self, views: list[CommentView]) -> None:
        by_anchor: dict[str, list[CommentView]] = {}
        for view in views:
            by_anchor.setdefault(view.comment.anchor, []).append(view)
        self.boxes, rows = [], []
        for group in by_anchor.values():
            title = html.escape(group[0].label)
            rows.append(w.HTML(f"<h4 class='pbl-element-title'>{title}</h4>"))
            for view in group:
                box = CommentBox(self.host, view)
                self.boxes.append(box)
                rows.append(box.box)
        self.list.children = rows or [w.HTML("<p>None.</p>")]


__all__ = [
    "KIND_OPTIONS",
    "KIND_TEXT",
    "REMOVED",
    "CommentBox",
    "ElementView",
    "RemovedView",
    "SectionView",
    "classed",
    "comment_html",
]
