"""Read transcripts back, and play their RX side as a line (`ReplayLine`) for tests."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rommon_toolkit.console.errors import (
    LineLostError,
    TranscriptFormatError,
    UnsupportedOperationError,
)
from rommon_toolkit.console.line import Capabilities, LineSettings
from rommon_toolkit.console.transcript import FORMAT, VERSION


@dataclass(frozen=True)
class Record:
    """One transcript record."""

    t: float
    direction: str  # "rx", "tx" or "event"
    data: str
    redacted: bool = False
    detail: str = ""

    @property
    def raw(self) -> bytes:
        """The record's bytes (data is one character per byte)."""
        return self.data.encode("latin-1")


@dataclass(frozen=True)
class Transcript:
    """A transcript file's header and records, in time order."""

    header: dict[str, Any]
    records: list[Record]

    def received(self) -> bytes:
        """Every RX byte, concatenated."""
        return b"".join(r.raw for r in self.records if r.direction == "rx")

    def sent(self) -> bytes:
        """Every TX byte, concatenated (secrets as `********`)."""
        return b"".join(r.raw for r in self.records if r.direction == "tx")


def _record(entry: Any, where: str) -> Record:
    if not isinstance(entry, dict):
        raise TranscriptFormatError(f"{where}: a record must be a JSON object")
    direction = entry.get("dir")
    data = entry.get("data")
    t = entry.get("t")
    if direction not in ("rx", "tx", "event") or not isinstance(data, str):
        raise TranscriptFormatError(f"{where}: needs dir rx|tx|event and a string data")
    if not isinstance(t, (int, float)):
        raise TranscriptFormatError(f"{where}: needs a numeric t")
    try:
        data.encode("latin-1")
    except UnicodeEncodeError as exc:
        raise TranscriptFormatError(f"{where}: data holds a character above U+00FF") from exc
    return Record(
        float(t), direction, data, bool(entry.get("redacted", False)), str(entry.get("detail", ""))
    )


def read_transcript(path: str | Path) -> Transcript:
    """Parse a transcript file; TranscriptFormatError says what is wrong and where."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise TranscriptFormatError(f"cannot read transcript {path}: {exc}") from exc
    if not lines:
        raise TranscriptFormatError(f"{path} is empty")
    try:
        entries = [json.loads(line) for line in lines if line.strip()]
    except json.JSONDecodeError as exc:
        raise TranscriptFormatError(f"{path}: not JSON Lines ({exc})") from exc
    header = entries[0]
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise TranscriptFormatError(f"{path}: first line is not a {FORMAT} header")
    if header.get("version") != VERSION:
        raise TranscriptFormatError(
            f"{path}: transcript version {header.get('version')!r}, this reader knows {VERSION}"
        )
    records = [_record(e, f"{path}:{n}") for n, e in enumerate(entries[1:], start=2)]
    records.sort(key=lambda r: r.t)  # stable: equal times keep file order
    return Transcript(header, records)


class ReplayLine:
    """A `ByteLine` that plays a transcript's RX records back.

    `byte_at_a_time` hands out one byte per read. With `gate_on_tx`, RX that followed the N-th
    TX record in the session is released only after N writes, as a real device answers only
    after it is spoken to. When everything is played, reads wait out their timeout (like a
    silent line), or raise LineLostError if the session ended with `line-lost`.
    """

    def __init__(
        self, transcript: Transcript, *, byte_at_a_time: bool = False, gate_on_tx: bool = True
    ) -> None:
        self._url = str(transcript.header.get("port", "replay://"))
        self._chunks: list[tuple[int, bytes]] = []
        tx_seen = 0
        for record in transcript.records:
            if record.direction == "tx":
                tx_seen += 1
            elif record.direction == "rx" and record.data:
                self._chunks.append((tx_seen if gate_on_tx else 0, record.raw))
        self._ends_lost = any(
            r.direction == "event" and r.data == "line-lost" for r in transcript.records
        )
        self._byte_at_a_time = byte_at_a_time
        self._pending = b""
        self._writes = 0
        self.written = bytearray()
        self._closed = False
        self._changed = threading.Condition()

    @property
    def url(self) -> str:
        return self._url

    @property
    def settings(self) -> LineSettings:
        return LineSettings()

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(can_send_break=False, can_change_baud=False)

    def _next_ready(self) -> bool:
        if self._pending:
            return True
        if self._chunks and self._chunks[0][0] <= self._writes:
            self._pending = self._chunks.pop(0)[1]
            return True
        return False

    def read(self, max_bytes: int, timeout: float | None) -> bytes:
        with self._changed:
            if self._closed:
                raise LineLostError("replay line is closed", advice="")
            if not self._next_ready():
                if not self._chunks and self._ends_lost:
                    raise LineLostError("the recorded session lost its line here")
                self._changed.wait_for(lambda: self._next_ready() or self._closed, timeout)
                if not self._pending:
                    return b""
            size = 1 if self._byte_at_a_time else max_bytes
            data, self._pending = self._pending[:size], self._pending[size:]
            return data

    def write(self, data: bytes) -> None:
        with self._changed:
            if self._closed:
                raise LineLostError("replay line is closed", advice="")
            self._writes += 1
            self.written += data
            self._changed.notify_all()

    def send_break(self, duration: float = 0.25) -> None:
        raise UnsupportedOperationError(f"a replayed line cannot send a {duration} s BREAK")

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()
