"""Feedback on a terminal through the one screen: bars in the live area, questions on a line."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TextIO

from rommon_toolkit.rommon.feedback import PlainFeedback, prepare_for_question
from rommon_toolkit.rommon.ui.progress import Bar, format_bar
from rommon_toolkit.rommon.ui.screen import Screen, screen


@dataclass
class TerminalFeedback:
    """For a TTY: progress in the live area; messages print above it; questions ask."""

    screen: Screen = field(default_factory=screen)
    assume_yes: bool = False
    interactive: bool = True
    _live: set[str] = field(default_factory=set)  # labels with a bar on screen now

    def tell(self, message: str) -> None:
        self.screen.info(f"rommon: {message}")

    def warn(self, message: str) -> None:
        self.screen.warn(f"rommon: WARNING: {message}")

    def confirm(self, question: str) -> bool:
        if self.assume_yes:
            self.screen.info(f"rommon: {question} -> yes (--yes)")
            return True
        return ask_yes_no(question, self.screen)

    def progress(self, label: str, done: int, total: int | None, detail: str = "") -> None:
        width = self.screen.width()
        if total == 0:  # the end of a wait that counted no bytes: said only if it was shown
            if label in self._live:
                self._live.discard(label)
                self.screen.show(label, None)
                self.screen.info(f"rommon: {label}: {detail}".rstrip(": "))
            return
        bar = Bar(key=label, label=label, done=done, total=total, detail=detail)
        if total and done >= total:
            self._live.discard(label)
            self.screen.show(label, None)
            self.screen.info(f"rommon: {format_bar(bar, None)}")
            return
        self._live.add(label)
        self.screen.show(label, [format_bar(bar, width)])


def ask_yes_no(question: str, shown: Screen) -> bool:
    """A line-answered yes/no (typed `yes`/`y` and Enter); anything typed before is dropped.

    A one-key answer would leave the Enter typed after it to answer the next prompt.
    """
    from prompt_toolkit import prompt

    shown.pause()
    prepare_for_question()
    while True:
        try:
            answer = prompt(f"rommon: {question} [y/N] ").strip().lower()
        except (EOFError, KeyboardInterrupt):
            return False
        if answer in ("y", "yes"):
            return True
        if answer in ("", "n", "no"):
            return False
        shown.info("rommon: please answer yes or no")


def feedback_for(
    assume_yes: bool, stream: TextIO | None = None
) -> TerminalFeedback | PlainFeedback:
    """Bars and questions on a terminal; plain lines (and --yes only) otherwise."""
    out = stream or sys.stderr
    if out.isatty():
        current = screen()
        if stream is not None and current.stream is not stream:
            current = Screen(stream)
        return TerminalFeedback(current, assume_yes)
    return PlainFeedback(out, assume_yes, quiet=screen().quiet)
