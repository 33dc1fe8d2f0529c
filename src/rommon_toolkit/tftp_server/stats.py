"""Per-transfer statistics: plain counters written by the session, snapshots read by the UI."""

from __future__ import annotations

import mmap
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


_BYTES, _BLOCKS, _RETRANSMITS, _DUPLICATE_ACKS, _STRANGERS = range(5)
_COUNTERS = 5
_COUNTER_SIZE = 8


class TransferStats:
    """Counters of one transfer. The session bumps plain ints; nothing here locks.

    The five counters live in `counts`: a list, or (`share()`, before a session is forked)
    a small shared memory page that the child writes and the listener's process reads.
    """

    __slots__ = (
        "_shared",
        "blksize",
        "client",
        "counts",
        "direction",
        "error",
        "finished_at",
        "name",
        "started",
        "started_at",
        "state",
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
        self.counts: list[int] | memoryview = [0] * _COUNTERS
        self._shared: mmap.mmap | None = None
        self.state: State = "running"
        self.error: str | None = None

    @property
    def bytes(self) -> int:
        return int(self.counts[_BYTES])

    @bytes.setter
    def bytes(self, value: int) -> None:
        self.counts[_BYTES] = value

    @property
    def blocks(self) -> int:
        return int(self.counts[_BLOCKS])

    @blocks.setter
    def blocks(self, value: int) -> None:
        self.counts[_BLOCKS] = value

    @property
    def retransmits(self) -> int:
        return int(self.counts[_RETRANSMITS])

    @retransmits.setter
    def retransmits(self, value: int) -> None:
        self.counts[_RETRANSMITS] = value

    @property
    def duplicate_acks(self) -> int:
        return int(self.counts[_DUPLICATE_ACKS])

    @duplicate_acks.setter
    def duplicate_acks(self, value: int) -> None:
        self.counts[_DUPLICATE_ACKS] = value

    @property
    def strangers(self) -> int:
        return int(self.counts[_STRANGERS])

    @strangers.setter
    def strangers(self, value: int) -> None:
        self.counts[_STRANGERS] = value

    def share(self) -> None:
        """Move the counters to memory shared with processes forked from now on."""
        if self._shared is not None:
            return
        page = mmap.mmap(-1, _COUNTERS * _COUNTER_SIZE)  # MAP_SHARED | MAP_ANONYMOUS
        view = memoryview(page).cast("q")
        for index, value in enumerate(self.counts):
            view[index] = value
        self.counts, self._shared = view, page

    def unshare(self) -> None:
        """Back to a plain list (the child has ended): the shared page is freed."""
        page, counts = self._shared, self.counts
        if page is None or not isinstance(counts, memoryview):
            return
        self.counts = list(counts)
        counts.release()
        page.close()
        self._shared = None

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
