"""Session transcripts: a timestamped, replayable JSON Lines record of RX, TX and events.

Format (version 1), one JSON object per line::

    {"format": "rommon-transcript", "version": 1, "started": "<ISO-8601>", "port": "<URL>"}
    {"t": 0.0123, "dir": "rx", "data": "rommon 1 > "}
    {"t": 0.5, "dir": "tx", "data": "********", "redacted": true}
    {"t": 0.9, "dir": "event", "data": "line-lost", "detail": "..."}

`t` is seconds since the session started (monotonic clock). `data` holds the raw bytes one
character per byte (ISO-8859-1), so every byte survives JSON. Records are written in time
order; each is flushed as it is written.

Redaction happens at write time, by position (see `console.redaction`):

* TX sent as secret is written as `********` with `"redacted": true`, and its echo in the RX
  line that is in progress when it is sent (or the next one) is masked too: a console server
  or unit that echoes what is typed at `Password:` cannot put it in the transcript.
* RX and TX are held line by line until the line ends; then the spans the caller's rules
  capture are masked in the records the line spans, however it was split into chunks. Rules
  also see the line with its BS/DEL edits applied, so an edited secret is masked whole.
* A TX line typed while the RX line in progress is a secret prompt (`secret_prompts`, e.g.
  `New key:`) is masked whole, and so is its echo.
* A line longer than MAX_HELD_LINE is never written as it stands: what was held is replaced by
  OVERFLOW_MARK and the rest of the line, up to its line end, is dropped.

A record (and anything after it) waits at most one line; `close()` writes whatever is held.
The file is created 0600 (`console.private_files`). Safe to call from two threads (a reader
and a writer of the line).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from rommon_toolkit.console.private_files import open_private
from rommon_toolkit.console.redaction import (
    MASK,
    Mask,
    apply_masks,
    edited_view,
    has_edits,
    in_block_body,
    redact_text,
    secret_spans,
)

FORMAT = "rommon-transcript"
VERSION = 1
MAX_HELD_LINE = 4096  # a longer line is withheld (OVERFLOW_MARK), never written as it stands
OVERFLOW_MARK = f"[line longer than {MAX_HELD_LINE} bytes withheld: it may hold a secret]"
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
    masks: list[Mask] = field(default_factory=list)
    holds: int = 0  # pieces of it in held lines: written only once this is 0

    def mask(self, start: int, end: int, replacement: str) -> None:
        self.masks.append((start, end, replacement))
        self.redacted = True


@dataclass
class _LineBuffer:
    """The current, unfinished line of one direction and the records it came from."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    pieces: list[tuple[_Pending, int, int]] = field(default_factory=list)  # record, at, length
    overflow: bool = False  # longer than MAX_HELD_LINE: dropped up to its line end
    whole_secret: bool = False  # typed at a secret prompt: every character is masked

    @property
    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class _EchoWatch:
    """A secret that was sent, looked for in the next RX line to end (its echo)."""

    secret: str


class TranscriptWriter:
    """Writes one session's transcript; redaction `rules` and `secret_prompts` come from the
    caller (regexes; a prompt is searched in the RX line in progress)."""

    def __init__(
        self,
        path: str | Path,
        port: str,
        rules: Sequence[re.Pattern[str]] = (),
        secret_prompts: Sequence[re.Pattern[str]] = (),
        *,
        trigger: Sequence[str] | None = None,
        secret_blocks: Sequence[tuple[re.Pattern[str], bool]] = (),
    ) -> None:
        self.path = Path(path)
        self._file: IO[str] | None = open_private(self.path, "w")
        self._rules = list(rules)
        self._prompts = list(secret_prompts)
        self._trigger = trigger  # see console.redaction.secret_spans
        self._blocks = list(secret_blocks)  # (start, both directions)
        self._in_block = {"rx": False, "tx": False}
        self._lock = threading.RLock()
        self._start = time.monotonic()
        self._queue: deque[_Pending] = deque()
        self._lines = {"rx": _LineBuffer(), "tx": _LineBuffer()}
        self._watches: list[_EchoWatch] = []
        started = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        header = {"format": FORMAT, "version": VERSION, "started": started, "port": port}
        self._write_json(header)

    @property
    def closed(self) -> bool:
        """True once `close()` ran."""
        return self._file is None

    def redact(self, text: str) -> str:
        """`text` with this transcript's rules applied line by line (for error messages)."""
        return redact_text(text, self._rules, trigger=self._trigger)

    def rx(self, data: bytes) -> None:
        """Record bytes received from the line."""
        with self._lock:
            self._data("rx", data)

    def tx(self, data: bytes, *, secret: bool = False) -> None:
        """Record bytes sent to the line; a secret is written as `********` and its echo in
        the RX line in progress (or the next) is masked."""
        with self._lock:
            if not secret:
                self._data("tx", data)
                return
            if self._file is None:
                return
            self._finish_line("tx")
            self._watch(data.decode("latin-1"))
            self._queue.append(_Pending(self._now(), "tx", MASK, ready=True, redacted=True))
            self._drain()

    def event(self, name: str, detail: str = "") -> None:
        """Record an event: opened, closed, line-lost, break, note, ..."""
        with self._lock:
            self._queue.append(_Pending(self._now(), "event", name, ready=True, detail=detail))
            self._drain()

    def close(self, detail: str = "") -> None:
        """Write everything held, a `closed` event, and close the file (idempotent)."""
        with self._lock:
            if self._file is None:
                return
            self._finish_line("tx")
            self._finish_line("rx")
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
        offset = 0
        for end in (m.end() for m in _LINE_END.finditer(record.data)):
            self._append_piece(direction, record, offset, end - offset, line_end=True)
            offset = end
        if offset < len(record.data):
            self._append_piece(direction, record, offset, len(record.data) - offset)
        record.ready = True
        self._drain()

    def _append_piece(
        self, direction: str, record: _Pending, at: int, length: int, *, line_end: bool = False
    ) -> None:
        buffer = self._lines[direction]
        if buffer.overflow:
            body = length - 1 if line_end else length
            if body:
                record.mask(at, at + body, "")
            if line_end:
                self._lines[direction] = _LineBuffer()
            return
        if direction == "tx" and not buffer.pieces and self._at_secret_prompt():
            buffer.whole_secret = True
        buffer.pieces.append((record, at, length))
        record.holds += 1
        buffer.parts.append(record.data[at : at + length])
        buffer.length += length
        if buffer.length - (1 if line_end else 0) > MAX_HELD_LINE:
            self._withhold(direction, line_end=line_end)
        elif line_end:
            self._finish_line(direction)

    def _at_secret_prompt(self) -> bool:
        if not self._prompts or not self._lines["rx"].pieces:
            return False
        shown = edited_view(self._lines["rx"].text)[0]
        return any(prompt.search(shown) for prompt in self._prompts)

    def _withhold(self, direction: str, *, line_end: bool) -> None:
        """A line past MAX_HELD_LINE: its held records show OVERFLOW_MARK, the rest of the line
        (up to its line end, which is kept) is dropped."""
        buffer = self._lines[direction]
        last = len(buffer.pieces) - 1
        for index, (record, at, length) in enumerate(buffer.pieces):
            body = length - 1 if line_end and index == last else length
            record.mask(at, at + body, OVERFLOW_MARK if index == 0 else "")
            record.holds -= 1
        self._lines[direction] = _LineBuffer(overflow=not line_end)
        if direction == "rx":
            self._watches.clear()

    def _watch(self, sent: str) -> None:
        """Look for the echo of `sent` (as edited) in the next RX line to end."""
        shown = edited_view(sent)[0]
        for part in _LINE_END.split(shown):
            if part.strip():
                self._watches.append(_EchoWatch(part))

    def _finish_line(self, direction: str) -> None:
        """Mask the secrets of the held line in the records it spans, and release them."""
        buffer = self._lines[direction]
        self._lines[direction] = _LineBuffer()
        if not buffer.pieces:
            return
        text = buffer.text
        body = len(text.rstrip("\r\n"))
        shown = edited_view(text)[0] if has_edits(text) else text
        if self._in_block[direction] and in_block_body(shown):
            spans = [(0, body)] if body else []  # a line of a base64 secret block
        else:
            self._in_block[direction] = False
            spans = self._line_spans(direction, buffer, text)
        for opening, both in self._blocks:
            if opening.search(shown):
                self._in_block = {"rx": True, "tx": True} if both else self._in_block
                self._in_block[direction] = True
        line_at = 0
        for record, at, length in buffer.pieces:
            record.holds -= 1
            for start, end in spans:
                lo, hi = max(start, line_at), min(end, line_at + length)
                if lo < hi:
                    record.mask(at + lo - line_at, at + hi - line_at, MASK if lo == start else "")
            line_at += length

    def _line_spans(self, direction: str, buffer: _LineBuffer, text: str) -> list[tuple[int, int]]:
        if buffer.whole_secret:
            body = len(text.rstrip("\r\n"))
            self._watch(text)
            return [(0, body)] if body else []
        if direction == "rx":
            literals = [w.secret for w in self._watches]
            self._watches.clear()
            return secret_spans(text, self._rules, literals, trigger=self._trigger)
        return secret_spans(text, self._rules, trigger=self._trigger)

    def _drain(self) -> None:
        """Write every record at the head of the queue that is complete and not held."""
        while self._queue and self._queue[0].ready and not self._queue[0].holds:
            self._write_record(self._queue.popleft())

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
