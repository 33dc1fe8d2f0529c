"""How steps talk to the engineer: messages, warnings, questions, progress.

Steps depend on this protocol only; the CLI supplies a terminal implementation and tests a
recording one, so no step prints or prompts by itself.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Protocol, TextIO


class Feedback(Protocol):
    """What a running step may say or ask."""

    def tell(self, message: str) -> None: ...

    def warn(self, message: str) -> None: ...

    def confirm(self, question: str) -> bool: ...

    def progress(self, label: str, done: int, total: int | None, detail: str = "") -> None: ...


@dataclass
class PlainFeedback:
    """Lines on a stream; confirmations come from `assume_yes` (no terminal questions)."""

    stream: TextIO = field(default_factory=lambda: sys.stderr)
    assume_yes: bool = False
    _last_progress: dict[str, int] = field(default_factory=dict)

    def tell(self, message: str) -> None:
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
        """One line per 10% (or per 10 MB without a total): readable in logs."""
        step = total // 10 if total else 10_000_000
        bucket = done // max(step, 1)
        if self._last_progress.get(label) == bucket and done != total:
            return
        self._last_progress[label] = bucket
        share = f" ({100 * done // total}%)" if total else ""
        print(
            f"rommon: {label}: {done:,} bytes{share} {detail}".rstrip(),
            file=self.stream,
            flush=True,
        )


@dataclass
class RecordingFeedback:
    """Keeps everything said, for tests; answers confirmations with `answer`."""

    answer: bool = True
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
