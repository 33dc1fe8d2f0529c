"""Session transcripts: a timestamped, replayable JSON Lines record of RX, TX and events.

Format (version 1), one JSON object per line::

    {"format": "rommon-transcript", "version": 1, "started": "<ISO-8601>", "port": "<URL>"}
    {"t": 0.0123, "dir": "rx", "data": "rommon 1 > "}
    {"t": 0.5, "dir": "tx", "data": "********", "redacted": true}
    {"t": 0.9, "dir": "event", "data": "line-lost", "detail": "..."}

`t` is seconds since the session started (monotonic clock). `data` holds the raw bytes one
character per byte (ISO-8859-1), so every byte survives JSON. Records are written in time
order; each is flushed as it is written.

Redaction happens at write time, by position: TX sent as secret is written as `********` with
`"redacted": true`; RX and TX lines are held until the line ends, then the spans the caller's
rules capture are masked (see `console.redaction`). A chunk (and anything after it) waits at
most one line; `close()` writes whatever is still held.
"""

from __future__ import annotations

import json
import re
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from rommon_toolkit.console.redaction import MASK, apply_masks, secret_spans

FORMAT = "rommon-transcript"
VERSION = 1
MAX_HELD_LINE = 4096  # a line longer than this is redacted and written as it stands
_LINE_END = re.compile(r"[\r\n]")


@dataclass
class _Pending:
    """One record waiting to be written."""

    t: float
    direction: str
    data: str
    ready: bool = False
    redacted: bool = False
    detail: str = ""
    masks: list[tuple[int, int, bool]] = field(default_factory=list)


@dataclass
class _LineBuffer:
    """The current, unfinished line of one direction and the records it came from."""

    text: str = ""
    pieces: list[tuple[_Pending, int, int]] = field(default_factory=list)  # record, at, length


class TranscriptWriter:
    """Writes one session's transcript; redaction `rules` come from the caller."""

    def __init__(self, path: str | Path, port: str, rules: Sequence[re.Pattern[str]] = ()) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file: IO[str] | None = self.path.open("w", encoding="utf-8")
        self._rules = list(rules)
        self._start = time.monotonic()
        self._queue: deque[_Pending] = deque()
        self._lines = {"rx": _LineBuffer(), "tx": _LineBuffer()}
        started = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        header = {"format": FORMAT, "version": VERSION, "started": started, "port": port}
        self._write_json(header)

    @property
    def closed(self) -> bool:
        """True once `close()` ran."""
        return self._file is None

    def rx(self, data: bytes) -> None:
        """Record bytes received from the line."""
        self._data("rx", data)

    def tx(self, data: bytes, *, secret: bool = False) -> None:
        """Record bytes sent to the line; a secret is written as `********`."""
        if not secret:
            self._data("tx", data)
            return
        self._finish_line("tx")
        self._queue.append(_Pending(self._now(), "tx", MASK, ready=True, redacted=True))
        self._drain()

    def event(self, name: str, detail: str = "") -> None:
        """Record an event: opened, closed, line-lost, break, note, ..."""
        self._queue.append(_Pending(self._now(), "event", name, ready=True, detail=detail))
        self._drain()

    def close(self, detail: str = "") -> None:
        """Write everything held, a `closed` event, and close the file (idempotent)."""
        if self._file is None:
            return
        self._finish_line("rx")
        self._finish_line("tx")
        self.event("closed", detail)
        self._file.close()
        self._file = None

    def _now(self) -> float:
        return round(time.monotonic() - self._start, 6)

    def _data(self, direction: str, data: bytes) -> None:
        if self._file is None or not data:
            return
        record = _Pending(self._now(), direction, data.decode("latin-1"))
        self._queue.append(record)
        if self._rules:
            self._add_to_line(direction, record)
        record.ready = True
        self._drain()

    def _add_to_line(self, direction: str, record: _Pending) -> None:
        buffer = self._lines[direction]
        offset = 0
        for end in (m.end() for m in _LINE_END.finditer(record.data)):
            self._append_piece(buffer, record, offset, end - offset)
            self._finish_line(direction)
            offset = end
        if offset < len(record.data):
            self._append_piece(buffer, record, offset, len(record.data) - offset)
        if len(buffer.text) > MAX_HELD_LINE:
            self._finish_line(direction)

    @staticmethod
    def _append_piece(buffer: _LineBuffer, record: _Pending, at: int, length: int) -> None:
        buffer.pieces.append((record, at, length))
        buffer.text += record.data[at : at + length]

    def _finish_line(self, direction: str) -> None:
        """Mask the secrets of the held line in the records it spans, and release them."""
        buffer = self._lines[direction]
        if not buffer.pieces:
            return
        spans = secret_spans(buffer.text, self._rules)
        line_at = 0
        for record, at, length in buffer.pieces:
            for start, end in spans:
                lo, hi = max(start, line_at), min(end, line_at + length)
                if lo < hi:
                    record.masks.append((at + lo - line_at, at + hi - line_at, lo == start))
                    record.redacted = True
            line_at += length
        self._lines[direction] = _LineBuffer()

    def _drain(self) -> None:
        """Write every record at the head of the queue that is complete and not held."""
        while self._queue and self._queue[0].ready and not self._held_by_line(self._queue[0]):
            self._write_record(self._queue.popleft())

    def _held_by_line(self, record: _Pending) -> bool:
        return any(piece[0] is record for buffer in self._lines.values() for piece in buffer.pieces)

    def _write_record(self, record: _Pending) -> None:
        entry: dict[str, Any] = {"t": record.t, "dir": record.direction}
        entry["data"] = apply_masks(record.data, record.masks) if record.masks else record.data
        if record.redacted:
            entry["redacted"] = True
        if record.detail:
            entry["detail"] = record.detail
        self._write_json(entry)

    def _write_json(self, entry: dict[str, Any]) -> None:
        if self._file is None:
            return
        self._file.write(json.dumps(entry) + "\n")
        self._file.flush()
