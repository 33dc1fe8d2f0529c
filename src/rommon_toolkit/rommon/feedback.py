"""How steps talk to the engineer: messages, warnings, questions, progress.

Steps depend on this protocol only; the CLI supplies a terminal implementation and tests a
recording one, so no step prints or prompts by itself.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, TextIO

_QUESTION_HOOKS: list[Callable[[], None]] = []


def before_every_question(hook: Callable[[], None]) -> None:
    """Register what must happen before any question (the terminal layer stops its bars)."""
    if hook not in _QUESTION_HOOKS:
        _QUESTION_HOOKS.append(hook)


def prepare_for_question() -> None:
    """Before a question or a password prompt: hooks (bars stopped), then typeahead dropped."""
    for hook in list(_QUESTION_HOOKS):
        hook()
    discard_typeahead()


def discard_typeahead(stream: TextIO | None = None) -> None:
    """Drop keys typed before a question (the Enter after a `y`), so they answer nothing.

    Called before every question and password prompt on a terminal; a no-op off one.
    """
    source = stream or sys.stdin
    try:
        if not source.isatty():
            return
        import termios

        termios.tcflush(source.fileno(), termios.TCIFLUSH)
    except (OSError, ValueError, ImportError, AttributeError):
        return


class Feedback(Protocol):
    """What a running step may say or ask."""

    def tell(self, message: str) -> None: ...

    def warn(self, message: str) -> None: ...

    def confirm(self, question: str) -> bool: ...

    # Optional attribute `interactive: bool`: True when `confirm` asks a person; without it
    # (or False) the consent gate refuses changes that have no --yes instead of asking.

    def progress(self, label: str, done: int, total: int | None, detail: str = "") -> None: ...

    # progress(): `total` None while a wait counts no bytes; `total=0` ends such a wait.


@dataclass
class PlainFeedback:
    """Lines on a stream; confirmations come from `assume_yes` (no terminal questions)."""

    stream: TextIO = field(default_factory=lambda: sys.stderr)
    assume_yes: bool = False
    quiet: bool = False  # -q: warnings and the outcome only
    interactive: bool = False  # no terminal: the consent gate never asks, it refuses
    _started: set[str] = field(default_factory=set)

    def tell(self, message: str) -> None:
        if not self.quiet:
            print(f"rommon: {message}", file=self.stream, flush=True)

    def warn(self, message: str) -> None:
        print(f"rommon: WARNING: {message}", file=self.stream, flush=True)

    def confirm(self, question: str) -> bool:
        print(
            f"rommon: {question} -> {'yes (--yes)' if self.assume_yes else 'no'}",
            file=self.stream,
            flush=True,
        )
        return self.assume_yes

    def progress(self, label: str, done: int, total: int | None, detail: str = "") -> None:
        """Off a terminal: one line when a transfer starts and one when it ends, no more."""
        if total == 0:  # the end of a wait that counted no bytes
            if label in self._started:
                self._started.discard(label)
                self.tell(f"{label}: {detail}".rstrip(": "))
            return
        finished = bool(total) and done >= (total or 0)
        if label in self._started and not finished:
            return
        if label not in self._started:
            self._started.add(label)
            if not finished:
                if not total and not done:  # a wait that counts no bytes: say what it is
                    self.tell(f"{label}: {detail}".rstrip(": "))
                    return
                size = f", {total:,} bytes" if total else ""
                self.tell(f"{label}: started{size}" + (f"; {detail}" if detail else ""))
                return
        self._started.discard(label)
        self.tell(f"{label}: done, {done:,} bytes" + (f"; {detail}" if detail else ""))


@dataclass
class RecordingFeedback:
    """Keeps everything said, for tests; answers confirmations with `answer`."""

    answer: bool = True
    interactive: bool = True  # plays an engineer at a terminal
    messages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    progress_seen: list[tuple[str, int, int | None, str]] = field(default_factory=list)

    def tell(self, message: str) -> None:
        self.messages.append(message)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def confirm(self, question: str) -> bool:
        self.questions.append(question)
        return self.answer

    def progress(self, label: str, done: int, total: int | None, detail: str = "") -> None:
        self.progress_seen.append((label, done, total, detail))
