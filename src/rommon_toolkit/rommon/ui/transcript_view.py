"""A transcript rendered as the terminal looked: received text line by line, with the time
each line began and a header for every step, note and event."""

from __future__ import annotations

from collections.abc import Iterator

from rommon_toolkit.console.normalize import Normaliser
from rommon_toolkit.console.replay import Transcript

EVENT_MARK = "---"


def _stamp(t: float) -> str:
    return f"[+{t:9.3f}]"


def render(transcript: Transcript) -> Iterator[str]:
    """Lines: `[+   12.345] text` for what the unit printed, `[+t] --- step: ...` for events."""
    header = transcript.header
    yield f"transcript of {header.get('port', '?')}, started {header.get('started', '?')}"
    normaliser = Normaliser()
    pending = ""
    began: float | None = None
    for record in transcript.records:
        if record.direction == "rx":
            text = normaliser.feed(record.raw.decode("utf-8", errors="replace"))
            if text and began is None:
                began = record.t
            pending += text
            while "\n" in pending:
                line, pending = pending.split("\n", 1)
                yield f"{_stamp(began if began is not None else record.t)} {line}".rstrip()
                began = record.t if pending else None
        elif record.direction == "event":
            if pending:
                yield f"{_stamp(began if began is not None else record.t)} {pending}".rstrip()
                pending, began = "", None
            detail = f": {record.detail}" if record.detail else ""
            yield f"{_stamp(record.t)} {EVENT_MARK} {record.data}{detail} {EVENT_MARK}"
    if pending:
        yield f"{_stamp(began or 0.0)} {pending}".rstrip()
