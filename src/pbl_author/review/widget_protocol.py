"""The reviewer's protocol panel: the current stage of a timed protocol, its instruction
and minutes, the comment kinds it invites, and a countdown (Start / Pause, Back, Next)."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from .countdown import Countdown
from .protocols import Protocol
from .widget_reading import KIND_TEXT, classed


def _kinds(kinds: list[str]) -> str:
    names = [KIND_TEXT[kind].lower() for kind in kinds]
    if len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return names[0]


def _text(text: str) -> str:
    return html.escape(text, quote=False)


def stage_html(protocol: Protocol, countdown: Countdown, focusing_question: str) -> str:
    stage = countdown.stage
    if stage is None:
        return ""
    invites = (
        f"This stage invites {_kinds(stage.invites)} comments."
        if stage.invites
        else "This stage is for listening and talking; no comments asked."
    )
    question = (
        f"<p class='pbl-stage-question'>Focusing question: {_text(focusing_question)}</p>"
        if focusing_question.strip()
        else ""
    )
    where = f"stage {countdown.index + 1} of {len(countdown.stages)}"
    return (
        f"<h3 class='pbl-stage-title'>{_text(protocol.title)}: {where}, "
        f"{_text(stage.title)} ({stage.minutes} min)</h3>"
        f"<p class='pbl-stage-instruction'>{_text(stage.instruction)}</p>"
        f"<p class='pbl-stage-invites'>{invites}</p>{question}"
    )


class ProtocolPanel:
    def __init__(self, host: Any, countdown: Countdown):
        self.host, self.countdown = host, countdown
        self.protocol: Protocol | None = None
        self.stage = classed(w.HTML(), "pbl-stage")
        self.time = classed(w.HTML(), "pbl-timer")
        self.back_button = classed(w.Button(description="Back", icon="arrow-left"),
                                   "pbl-stage-back")  # fmt: skip
        self.start_button = classed(w.Button(description="Start", icon="play"), "pbl-timer-start")
        self.next_button = classed(w.Button(description="Next stage", icon="arrow-right"),
                                   "pbl-stage-next")  # fmt: skip
        self.back_button.on_click(lambda _: countdown.back())
        self.start_button.on_click(lambda _: countdown.toggle())
        self.next_button.on_click(lambda _: countdown.next())
        controls = w.HBox([self.time, self.back_button, self.start_button, self.next_button],
                          layout=w.Layout(align_items="center"))  # fmt: skip
        self.box = classed(w.VBox([self.stage, controls]), "pbl-protocol")
        self._stage_id: str | None = None

    def use(self, protocol: Protocol) -> None:
        """Run ``protocol`` (from its first stage); hidden when it has no stages."""
        self.protocol = protocol
        self._stage_id = None
        self.countdown.set_stages(protocol.stages)
        self.box.layout.display = "" if protocol.timed else "none"

    def render(self) -> None:
        """Show the countdown's state (called after each of its changes and ticks)."""
        countdown, protocol = self.countdown, self.protocol
        if protocol is None or countdown.stage is None:
            self.stage.value = self.time.value = ""
            return
        self.stage.value = stage_html(protocol, countdown, self.host.review.focusing_question)
        up = " pbl-time-up" if countdown.time_up else ""
        more = " Move on to the next stage when you are ready." if countdown.time_up else ""
        self.time.value = (
            f"<span class='pbl-time{up}' role='timer' aria-live='off'>"
            f"{countdown.text()}</span>{more}"
        )
        self.start_button.description = "Pause" if countdown.running else "Start"
        self.start_button.icon = "pause" if countdown.running else "play"
        self.back_button.disabled = countdown.index == 0
        self.next_button.disabled = countdown.is_last
        stage = countdown.stage
        if stage.id != self._stage_id:
            self._stage_id = stage.id
            if stage.invites:
                self.host.invite(stage.invites[0])


__all__ = ["ProtocolPanel", "stage_html"]
