"""What the server remembers of requests and downloads: bounded, whatever a LAN sends.

Request records are kept in rings (the newest `keep` of reserved clients and, apart, the newest
`keep` of all others, so a flood cannot push the unit's own records out), with totals counted.
Names and reasons are cut to `NAME_LIMIT` characters wherever they are stored. Running
downloads are always kept; finished ones in rings like the requests.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

NAME_LIMIT = 200
KEEP_RECORDS = 1000

State = Literal["running", "done", "failed"]


def shown_name(name: str, limit: int = NAME_LIMIT) -> str:
    """`name` cut to about `limit` characters, saying how long it was."""
    if len(name) <= limit:
        return name
    return f"{name[:limit]}...({len(name)} chars)"


@dataclass(frozen=True)
class RequestRecord:
    """One HTTP request: who asked for what, the status answered, and why when refused.

    `seq` numbers requests from 1 in arrival order (`HttpService.requests(since=...)`).
    """

    client: tuple[str, int]
    method: str
    target: str
    status: int
    accepted: bool
    reason: str
    seq: int = 0


@dataclass(frozen=True)
class TransferSnapshot:
    """A copy of one download's progress, safe to hand to any thread."""

    transfer_id: int
    client: tuple[str, int]
    name: str
    bytes: int
    total: int
    started: float
    elapsed: float
    rate: float | None
    eta: float | None
    state: State
    error: str | None
    retransmits: int = 0  # TCP retransmits itself: always 0 here (the field TFTP fills)


class TransferStats:
    """Counters of one download; the handler bumps plain ints."""

    __slots__ = (
        "bytes",
        "client",
        "error",
        "finished_at",
        "name",
        "started",
        "started_at",
        "state",
        "total",
        "transfer_id",
    )

    def __init__(self, transfer_id: int, client: tuple[str, int], name: str, total: int) -> None:
        self.transfer_id = transfer_id
        self.client = client
        self.name = name
        self.total = total
        self.bytes = 0
        self.started = time.time()
        self.started_at = time.monotonic()
        self.finished_at: float | None = None
        self.state: State = "running"
        self.error: str | None = None

    def finish(self, error: str | None = None) -> None:
        self.finished_at = time.monotonic()
        self.error = error
        self.state = "failed" if error else "done"

    def snapshot(self) -> TransferSnapshot:
        end = self.finished_at if self.finished_at is not None else time.monotonic()
        elapsed = max(end - self.started_at, 0.0)
        done = self.bytes
        rate = done / elapsed if elapsed > 0 and done > 0 else None
        eta = max(self.total - done, 0) / rate if rate and self.state == "running" else None
        return TransferSnapshot(
            self.transfer_id,
            self.client,
            self.name,
            done,
            self.total,
            self.started,
            elapsed,
            rate,
            eta,
            self.state,
            self.error,
        )


class RequestLog:
    """Bounded request records and totals; not thread-safe (the server holds its lock)."""

    def __init__(self, is_reserved: Callable[[str], bool], keep: int = KEEP_RECORDS) -> None:
        self._is_reserved = is_reserved
        self._reserved: deque[RequestRecord] = deque(maxlen=keep)
        self._others: deque[RequestRecord] = deque(maxlen=keep)
        self.seen = 0
        self.refused = 0

    def add(
        self,
        client: tuple[str, int],
        method: str,
        target: str,
        status: int,
        reason: str = "",
    ) -> RequestRecord:
        self.seen += 1
        accepted = status < 400
        self.refused += not accepted
        record = RequestRecord(
            client,
            shown_name(method, 20),
            shown_name(target),
            status,
            accepted,
            shown_name(reason),
            self.seen,
        )
        (self._reserved if self._is_reserved(client[0]) else self._others).append(record)
        return record

    def since(self, seen: int = 0) -> list[RequestRecord]:
        """The kept records numbered above `seen`, oldest first."""
        kept = (r for r in (*self._reserved, *self._others) if r.seq > seen)
        return sorted(kept, key=lambda r: r.seq)


class TransferLog:
    """Running downloads (all) and finished ones (bounded rings); not thread-safe."""

    def __init__(self, is_reserved: Callable[[str], bool], keep: int = KEEP_RECORDS) -> None:
        self._is_reserved = is_reserved
        self.running: dict[int, TransferStats] = {}
        self._reserved: deque[TransferStats] = deque(maxlen=keep)
        self._others: deque[TransferStats] = deque(maxlen=keep)
        self.last_id = 0

    def new(self, client: tuple[str, int], name: str, total: int) -> TransferStats:
        self.last_id += 1
        stats = TransferStats(self.last_id, client, name, total)
        self.running[stats.transfer_id] = stats
        return stats

    def finished(self, stats: TransferStats) -> None:
        if self.running.pop(stats.transfer_id, None) is None:
            return
        (self._reserved if self._is_reserved(stats.client[0]) else self._others).append(stats)

    def since(self, transfer_id: int = 0) -> list[TransferStats]:
        every = (*self._reserved, *self._others, *self.running.values())
        kept = (t for t in every if t.transfer_id > transfer_id)
        return sorted(kept, key=lambda t: t.transfer_id)
