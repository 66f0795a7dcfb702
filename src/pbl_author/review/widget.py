"""The coach's reviewer: read a unit, comment on its elements, score it against the design
rubric, run a tuning protocol, and submit, all saved at once to ``NAME.review.yaml``.

``Reviewer(path, reviewer="Ana")`` (or ``pbl_author.review.open(path, reviewer="Ana")``
in a notebook) opens a unit file or a shared pbl-author notebook; the notebook is
read as data, never run. The review file beside it is read when it exists; the
reviewer's own review is found by name, or started with scores pre-filled from the
design checks (suggestions only: no level is chosen for the coach).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import ipywidgets as w
from pydantic import ValidationError

from ..checks.design_rubric import design_rubric, load_design_rubric
from ..model import DocumentError
from ..model.review import CommentStatus, DesignRubric, Reply, Review, ReviewFile, Score
from .anchors import SECTIONS, anchors, unit_version
from .countdown import Countdown, TimerFactory
from .files import (
    check_same_unit,
    empty_review_file,
    load_review_file,
    load_subject,
    make_comment,
    new_review,
    review_path_for,
    save_review_file,
    suggested_scores,
)
from .protocols import OPEN, Protocol, get_protocol, load_protocols
from .status import REMOVED_SECTION, CommentView, comment_views
from .widget_header import STYLE, Header
from .widget_protocol import ProtocolPanel
from .widget_reading import REMOVED, ElementView, RemovedView, SectionView, classed
from .widget_rubric import RubricPart
from .widget_summary import SummaryPart

PARTS = {"unit": "Read and comment", "rubric": "Design rubric", "summary": "Summary"}


def _plain(exc: BaseException) -> str:
    """An error in plain words (no traceback, no pydantic jargon where avoidable)."""
    if isinstance(exc, DocumentError):
        return "; ".join(exc.lines())
    if isinstance(exc, ValidationError):
        return "; ".join(error["msg"] for error in exc.errors())
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror or exc}{where}"
    return str(exc)


def _find_review(reviews: ReviewFile, name: str) -> Review | None:
    """The review by ``name`` (any case); a draft before a submitted one, the last first."""
    wanted = name.strip().casefold()
    mine = [r for r in reviews.reviews if r.reviewer.strip().casefold() == wanted]
    drafts = [r for r in mine if r.status == "draft"]
    return (drafts or mine or [None])[-1]


class Reviewer:
    """The reviewer widget on the unit at ``path`` (a unit file or a pbl-author notebook).

    ``reviewer``: the coach's name (without it the widget asks for it first);
    ``review_file``: where reviews are kept (default ``NAME.review.yaml`` beside ``path``);
    ``rubric``: a ``DesignRubric`` or the path of a network's own (default: the shipped one);
    ``protocols``: a ``{id: Protocol}`` mapping or a protocols file (default: the shipped ones);
    ``clock``/``timer``: time and ticks for the protocol countdown (tests inject fakes);
    ``today``: the date written on new reviews and replies.
    Raises DocumentError or OSError when the unit itself cannot be read.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        reviewer: str | None = None,
        review_file: str | os.PathLike[str] | None = None,
        rubric: DesignRubric | str | os.PathLike[str] | None = None,
        *,
        role: str = "",
        protocol: str = "",
        protocols: dict[str, Protocol] | str | os.PathLike[str] | None = None,
        clock: Callable[[], float] = time.monotonic,
        timer: TimerFactory | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        auto_advance: bool = False,
    ):
        self.subject = load_subject(path)
        self.unit = self.subject.unit
        self.path = self.subject.path
        self.review_path = Path(review_file) if review_file else review_path_for(self.path)
        self.rubric = (
            rubric
            if isinstance(rubric, DesignRubric)
            else load_design_rubric(rubric)
            if rubric
            else design_rubric()
        )
        self.protocols = protocols if isinstance(protocols, dict) else load_protocols(protocols)
        self.today = today
        self.anchors = anchors(self.unit)
        self.default_kind = "suggestion"
        #: Why the review file must not be written (it is broken or about another unit).
        self.blocked = ""
        self.last_save_error = ""
        self.saved = False
        self._quiet = 0
        self._options = {"role": role, "protocol": protocol}
        self.file = self._read_review_file()
        self.review: Review | None = None
        self.sections: dict[str, SectionView | RemovedView] = {}
        self.rubric_part: RubricPart | None = None
        self.summary: SummaryPart | None = None
        self.current_section = ""
        self.current_part = ""
        self._displayed_by_open = False

        self.protocol_panel: ProtocolPanel | None = None
        self.countdown = Countdown(
            clock=clock, timer=timer, on_change=self._countdown_changed, auto_advance=auto_advance
        )
        self._build()
        name = (reviewer or "").strip()
        if name:
            self.start(name)

    # -- the review file ------------------------------------------------------------

    def _read_review_file(self) -> ReviewFile:
        if not self.review_path.exists():
            return empty_review_file(self.unit)
        try:
            reviews = load_review_file(self.review_path, self.rubric)
            check_same_unit(reviews, self.unit, str(self.review_path))
            return reviews
        except (DocumentError, OSError) as exc:
            self.blocked = (
                f"the review file {self.review_path.name} cannot be used ({_plain(exc)}). "
                "Nothing is written to it; fix or move it, then open the reviewer again"
            )
            return empty_review_file(self.unit)

    def save(self) -> bool:
        """Write the review file now (atomically); the status line says how it went."""
        if self.blocked:
            self.last_save_error = self.blocked
        else:
            try:
                save_review_file(self.file, self.review_path)
                self.last_save_error, self.saved = "", True
            except (DocumentError, OSError) as exc:
                self.last_save_error = _plain(exc)
        self._show_status()
        return not self.last_save_error

    def _show_status(self) -> None:
        name = html.escape(self.review_path.name)
        if self.last_save_error:
            text = f"✖ Not saved: {html.escape(self.last_save_error, quote=False)}"
            css = "pbl-status-error"
        elif self.saved:
            text, css = f"✔ All changes saved to {name}", "pbl-status-saved"
        else:
            text, css = f"Nothing to save yet ({name})", "pbl-status-idle"
        self.status.value = f"<span class='{css}' role='status'>{text}</span>"
        retry = self.last_save_error and not self.blocked
        self.save_button.layout.display = "" if retry else "none"

    # -- editing: every change goes through here ------------------------------------

    def quietly(self, action: Callable[[], Any]) -> None:
        """Set widget values without treating them as the coach's edits."""
        self._quiet += 1
        try:
            action()
        finally:
            self._quiet -= 1

    def quietly_or(self, action: Callable[[], Any]) -> None:
        if not self._quiet:
            action()

    def edit(self, action: Callable[[], Any], what: str = "") -> bool:
        """Run ``action`` on the review, save, and say so; problems in words, never raised."""
        try:
            action()
        except (ValueError, KeyError, OSError) as exc:  # ValidationError, DocumentError too
            prefix = f"{what}: " if what else ""
            self._say("error", f"Not changed. {prefix}{_plain(exc)}")
            return False
        self._say("", "")
        self.save()
        return True

    def _say(self, kind: str, text: str) -> None:
        """Show ``text``; with nothing to say, a blocked file's warning stays."""
        if not text and self.blocked:
            kind, text = "error", f"Your changes will not be saved: {self.blocked}."
        self.message.value = (
            f"<div class='pbl-message-{kind}' role='alert'>{html.escape(text, quote=False)}</div>"
            if text
            else ""
        )

    # -- starting: whose review ---------------------------------------------------------

    def start(self, name: str) -> Review:
        """Open ``name``'s review (found by name) or start a new one, and show the unit."""
        name = name.strip()
        if not name:
            self._say("error", "Type your name first: every review says who wrote it.")
            raise ValueError("a review needs the reviewer's name")
        review = _find_review(self.file, name)
        if review is None:
            options = self._options
            review = new_review(
                self.file, self.unit, name, role=options["role"], date=self.today(),
                protocol=options["protocol"], rubric=self.rubric,
            )  # fmt: skip
            self.review = review
            self.save()
        self.review = review
        self.quietly(lambda: self.header.fill(review))
        self._use_protocol(review.protocol)
        self.version_note.value = (
            ""
            if review.unit_version in ("", unit_version(self.unit))
            else "<p role='note'>This review read an earlier version of the unit. Comments on "
            "elements that changed since are marked, and listed in the summary.</p>"
        )
        self.body.layout.display = ""
        self.show_part("unit")
        return review

    def start_clicked(self) -> None:
        with contextlib.suppress(ValueError):  # already said in the message area
            self.start(self.name.value)

    # -- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        header = Header(self)
        self.header = header
        self.name, self.start_button, self.role = header.name, header.start_button, header.role
        self.protocol, self.focusing_question = header.protocol, header.focusing_question
        self.status, self.save_button = header.status, header.save_button
        self.message, self.version_note = header.message, header.version_note
        wide = {"description_width": "initial"}

        self.protocol_panel = ProtocolPanel(self, self.countdown)
        self.protocol_panel.box.layout.display = "none"
        self.parts = classed(
            w.ToggleButtons(options=[(t, k) for k, t in PARTS.items()], value=None,
                            description="Show", style={"button_width": "auto"}),
            "pbl-parts",
        )  # fmt: skip
        self.parts.observe(lambda c: c["new"] and self.show_part(c["new"]), names="value")
        sections = [(title, key) for key, title in SECTIONS.items() if self._anchors_in(key)]
        if self.removed_views():
            sections.append(("No longer in the unit", REMOVED))
        self.section_choice = classed(
            w.Dropdown(options=sections, value=None, description="Section", style=wide),
            "pbl-section-choice",
        )  # fmt: skip
        self.section_choice.observe(lambda c: c["new"] and self.show_section(c["new"]),
                                    names="value")  # fmt: skip
        self.section_box = w.VBox([])
        self.reading = classed(w.VBox([self.section_choice, self.section_box]), "pbl-reading")
        self.page = w.VBox([])
        self.body = w.VBox([self.protocol_panel.box, self.parts, self.page],
                           layout=w.Layout(display="none"))  # fmt: skip
        self.view = classed(w.VBox([w.HTML(STYLE), header.box, self.body]), "pbl-reviewer")
        self._say("", "")
        self._show_status()

    def _anchors_in(self, section: str) -> list[Any]:
        return [a for a in self.anchors.values() if a.section == section]

    # -- display ----------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.view._repr_mimebundle_(**kwargs)

    def _ipython_display_(self) -> None:
        if self._displayed_by_open:  # ``open()`` showed it; its return value shows nothing more
            self._displayed_by_open = False
            return
        from IPython.display import display

        display(self.view)

    def __repr__(self) -> str:
        who = self.review.reviewer if self.review else "nobody yet"
        return f"<Reviewer of {self.path.name} by {who}>"

    def show_part(self, key: str) -> Any:
        """Show ``unit`` (read and comment), ``rubric`` or ``summary``; built on first use."""
        if key not in PARTS:
            raise KeyError(f"there is no part '{key}' (parts: {', '.join(PARTS)})")
        if key == "unit":
            box = self.reading
            if not self.current_section:
                self.show_section(self.section_choice.options[0][1])
        elif key == "rubric":
            if self.rubric_part is None:
                self.rubric_part = RubricPart(self)
            box = self.rubric_part.box
        else:
            if self.summary is None:
                self.summary = SummaryPart(self)
            else:
                self.summary.refresh()
            box = self.summary.box
        self.current_part = key
        if self.parts.value != key:
            self.parts.value = key
        self.page.children = [box]
        return {"unit": self.reading, "rubric": self.rubric_part, "summary": self.summary}[key]

    def show_section(self, key: str) -> SectionView | RemovedView:
        """Show one section of the unit (a ``SECTIONS`` key, or ``removed``); built on first use."""
        view = self.sections.get(key)
        if view is None:
            if key == REMOVED:
                view = RemovedView(self)
            elif key in SECTIONS and self._anchors_in(key):
                view = SectionView(self, key, SECTIONS[key], self._anchors_in(key))
            else:
                known = ", ".join(v for _, v in self.section_choice.options)
                raise KeyError(f"there is no section '{key}' here (sections: {known})")
            self.sections[key] = view
        self.current_section = key
        if self.section_choice.value != key:
            self.section_choice.value = key
        self.section_box.children = [view.box]
        if self.current_part != "unit" and self.review is not None:
            self.show_part("unit")
        return view

    def element(self, anchor_id: str) -> ElementView:
        """The element view of ``anchor_id`` (its section is shown, and built if needed)."""
        section = self.show_section(self.anchors[anchor_id].section)
        assert isinstance(section, SectionView)
        return section.elements[anchor_id]

    # -- comments ---------------------------------------------------------------------

    def views(self) -> list[CommentView]:
        return comment_views(self.file.reviews, self.unit)

    def views_for(self, anchor_id: str) -> list[CommentView]:
        return [v for v in self.views() if v.anchor is not None and v.anchor.id == anchor_id]

    def removed_views(self) -> list[CommentView]:
        return [v for v in self.views() if v.section == REMOVED_SECTION]

    def add_comment(self, anchor_id: str, kind: str, text: str) -> bool:
        review = self._mine()
        if not text.strip():
            self._say("error", "Write the comment first, then press Add comment.")
            return False

        def add() -> None:
            comment = make_comment(review, self.unit, anchor_id, text.strip(), kind)
            review.comments = [*review.comments, comment]

        done = self.edit(add, "Comment")
        if done:
            self._comments_changed([anchor_id])
        return done

    def reply(self, view: CommentView, text: str) -> bool:
        review = self._mine()
        if not text.strip():
            self._say("error", "Write the reply first, then press Reply.")
            return False
        comment = view.comment

        def add() -> None:
            reply = Reply(author=review.reviewer, date=self.today(), text=text.strip())
            comment.replies = [*comment.replies, reply]

        done = self.edit(add, "Reply")
        if done:
            self._comments_changed([comment.anchor])
        return done

    def set_status(self, view: CommentView, status: CommentStatus) -> bool:
        return self.mark([view], status)

    def mark_addressed(self, views: Iterable[CommentView]) -> bool:
        return self.mark(views, "addressed")

    def mark(self, views: Iterable[CommentView], status: CommentStatus) -> bool:
        chosen = list(views)

        def change() -> None:
            for view in chosen:
                view.comment.status = status

        done = self.edit(change, "Status")
        if done:
            self._comments_changed([v.comment.anchor for v in chosen])
        return done

    def _comments_changed(self, anchor_ids: Iterable[str]) -> None:
        for anchor_id in set(anchor_ids):
            anchor = self.anchors.get(anchor_id)
            section = self.sections.get(anchor.section if anchor else REMOVED)
            if isinstance(section, SectionView):
                section.elements[anchor_id].refresh(self.views_for(anchor_id))
            elif isinstance(section, RemovedView):
                section.refresh(self.removed_views())
        if self.summary is not None:
            self.summary.refresh()

    def invite(self, kind: str) -> None:
        """A protocol stage asks for ``kind`` comments: preselect it in every comment box."""
        self.default_kind = kind
        for section in self.sections.values():
            if isinstance(section, SectionView):
                for element in section.elements.values():
                    element.invite(kind)

    # -- the review's own fields and scores ---------------------------------------------

    def _mine(self) -> Review:
        if self.review is None:
            raise ValueError("start the review first (type your name)")
        return self.review

    def set_field(self, name: str, value: str) -> bool:
        review = self._mine()
        return self.edit(lambda: setattr(review, name, value), name.replace("_", " ").capitalize())

    def field_changed(self, name: str, value: str) -> None:
        if self._quiet or self.review is None:
            return
        if name == "reviewer" and not value.strip():
            self._say("error", "A review needs the reviewer's name; the name was kept.")
            self.quietly(lambda: setattr(self.name, "value", self.review.reviewer))
            return
        if not self.set_field(name, value.strip() if name == "reviewer" else value):
            self.quietly(lambda: setattr(getattr(self, _WIDGET[name]), "value",
                                         getattr(self.review, name)))  # fmt: skip
            return
        if name == "focusing_question":
            self.protocol_panel.render()

    def protocol_changed(self, value: str) -> None:
        if self._quiet or self.review is None:
            return
        self.set_field("protocol", "" if value == OPEN else value)
        self._use_protocol(value)

    def _use_protocol(self, value: str) -> None:
        self.protocol_panel.use(get_protocol(value or OPEN, self.protocols))

    def _countdown_changed(self) -> None:
        if self.protocol_panel is not None:
            self.protocol_panel.render()

    def scores_for(self, criterion: str) -> list[Score]:
        """The review's score(s) for ``criterion`` (a merge may have kept several); one is
        added, with the suggestion, when the review has none."""
        review = self._mine()
        found = [s for s in review.scores if s.criterion == criterion]
        if not found:
            suggested = {s.criterion: s for s in suggested_scores(self.unit, self.rubric)}
            score = suggested.get(criterion, Score(criterion=criterion))
            review.scores = [*review.scores, score]
            found = [score]
        return found

    def set_level(self, criterion: str, level: str | None) -> bool:
        score = self.scores_for(criterion)[0]
        done = self.edit(lambda: setattr(score, "level", level), "Level")
        if done and self.summary is not None:
            self.summary.refresh()
        return done

    def set_evidence(self, criterion: str, evidence: str) -> bool:
        score = self.scores_for(criterion)[0]
        return self.edit(lambda: setattr(score, "evidence", evidence), "Evidence")

    def submit(self) -> bool:
        review = self._mine()
        done = self.edit(lambda: setattr(review, "status", "submitted"), "Submit")
        if done and self.summary is not None:
            self.summary.refresh()
        return done

    def close(self) -> None:
        """Stop the protocol timer (the review is saved after every change already)."""
        self.countdown.close()


_WIDGET = {
    "reviewer": "name",
    "role": "role",
    "focusing_question": "focusing_question",
}

#: Reviewers open in this kernel, by review file: opening it again retires the old view
#: (two views of one file would overwrite each other's changes).
_OPEN: dict[Path, Reviewer] = {}


def open(path: str | os.PathLike[str], reviewer: str = "", **options: Any) -> Reviewer | None:
    """Show the reviewer for the unit file or shared notebook at ``path``, and return it.

    ``options`` go to ``Reviewer`` (``role``, ``protocol``, ``review_file``, ``rubric``, ...).
    A unit that cannot be read is reported in words, and nothing is returned.
    """
    from IPython.display import HTML, display

    target = Path(path)
    try:
        view = Reviewer(target, reviewer=reviewer or None, **options)
    except (DocumentError, OSError) as exc:  # say what and where, never a traceback
        problems = exc.lines() if isinstance(exc, DocumentError) else [_plain(exc)]
        items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
        where = html.escape(str(target))
        display(HTML(f"<p>pbl-author cannot review {where}:</p><ul>{items}</ul>"))
        return None
    key = view.review_path.resolve()
    previous = _OPEN.pop(key, None)
    if previous is not None:
        previous.close()
        previous.view.children = [
            w.HTML("<p>This reviewer was opened again further down; review there.</p>")
        ]
    _OPEN[key] = view
    display(view.view)
    view._displayed_by_open = True
    return view


__all__ = ["PARTS", "Reviewer", "open"]
