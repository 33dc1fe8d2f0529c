"""Per-transfer statistics: plain counters written by the session, snapshots read by the UI."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

from rommon_toolkit.tftp_server.packets import Direction

State = Literal["running", "done", "failed"]


@dataclass(frozen=True)
class TransferSnapshot:
    """A consistent-enough copy of one transfer's progress, safe to hand to any thread."""

    transfer_id: int
    client: tuple[str, int]
    name: str
    direction: Direction
    bytes: int
    total: int | None
    blksize: int
    blocks: int
    started: float
    elapsed: float
    rate: float | None
    eta: float | None
    retransmits: int
    duplicate_acks: int
    strangers: int
    state: State
    error: str | None


class TransferStats:
    """Counters of one transfer. The session bumps plain ints; nothing here locks."""

    __slots__ = (
        "blksize",
        "blocks",
        "bytes",
        "client",
        "direction",
        "duplicate_acks",
        "error",
        "finished_at",
        "name",
        "retransmits",
        "started",
        "started_at",
        "state",
        "strangers",
        "total",
        "transfer_id",
    )

    def __init__(
        self,
        transfer_id: int,
        client: tuple[str, int],
        name: str,
        direction: Direction,
        *,
        total: int | None,
        blksize: int,
    ) -> None:
        self.transfer_id = transfer_id
        self.client = client
        self.name = name
        self.direction: Direction = direction
        self.total = total
        self.blksize = blksize
        self.started = time.time()
        self.started_at = time.monotonic()
        self.finished_at: float | None = None
        self.bytes = 0
        self.blocks = 0
        self.retransmits = 0
        self.duplicate_acks = 0
        self.strangers = 0
        self.state: State = "running"
        self.error: str | None = None

    def finish(self, error: str | None = None) -> None:
        """Mark the transfer done (no error) or failed."""
        self.finished_at = time.monotonic()
        self.error = error
        self.state = "failed" if error else "done"

    def elapsed(self) -> float:
        """Seconds since the start, frozen at the end."""
        end = self.finished_at if self.finished_at is not None else time.monotonic()
        return max(end - self.started_at, 0.0)

    def snapshot(self) -> TransferSnapshot:
        """A frozen copy with rate (bytes/s) and ETA (seconds, when the total is known)."""
        done = self.bytes
        elapsed = self.elapsed()
        rate = done / elapsed if elapsed > 0 and done > 0 else None
        eta = None
        if self.total is not None and self.state == "running" and rate:
            eta = max(self.total - done, 0) / rate
        return TransferSnapshot(
            transfer_id=self.transfer_id,
            client=self.client,
            name=self.name,
            direction=self.direction,
            bytes=done,
            total=self.total,
            blksize=self.blksize,
            blocks=self.blocks,
            started=self.started,
            elapsed=elapsed,
            rate=rate,
            eta=eta,
            retransmits=self.retransmits,
            duplicate_acks=self.duplicate_acks,
            strangers=self.strangers,
            state=self.state,
            error=self.error,
        )
