"""What the server remembers of requests and transfers: bounded, whatever a LAN sends.

A flood of refused requests (long names, made-up files) must not grow memory: request records
are kept in rings (the newest `keep` of other clients, and separately the newest `keep` of
reserved clients, so a flood cannot push the unit's own records out), with totals counted.
Names are cut to `NAME_LIMIT` characters wherever they are stored, logged or reported.
Running transfers are always kept; finished ones in rings like the requests.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from rommon_toolkit.tftp_server.packets import Direction
from rommon_toolkit.tftp_server.stats import TransferStats

NAME_LIMIT = 200
KEEP_RECORDS = 1000


def shown_name(name: str, limit: int = NAME_LIMIT) -> str:
    """`name` cut to about `limit` characters, saying how long it was."""
    if len(name) <= limit:
        return name
    return f"{name[:limit]}...({len(name)} chars)"


@dataclass(frozen=True)
class RequestRecord:
    """One RRQ/WRQ: who asked for what, and whether a transfer started (else why not).

    `seq` numbers requests from 1 in arrival order (`TftpService.requests(since=...)`).
    """

    client: tuple[str, int]
    name: str
    direction: Direction
    accepted: bool
    reason: str
    seq: int = 0


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
        name: str,
        direction: Direction,
        accepted: bool,
        reason: str,
    ) -> None:
        self.seen += 1
        self.refused += not accepted
        record = RequestRecord(
            client, shown_name(name), direction, accepted, shown_name(reason), self.seen
        )
        ring = self._reserved if self._is_reserved(client[0]) else self._others
        ring.append(record)

    def since(self, seen: int = 0) -> list[RequestRecord]:
        """The kept records numbered above `seen`, oldest first."""
        return sorted((r for r in (*self._reserved, *self._others) if r.seq > seen), key=_seq)

    def kept(self) -> int:
        return len(self._reserved) + len(self._others)


class TransferLog:
    """Running transfers (all) and finished ones (bounded rings); not thread-safe."""

    def __init__(self, is_reserved: Callable[[str], bool], keep: int = KEEP_RECORDS) -> None:
        self._is_reserved = is_reserved
        self.running: dict[int, TransferStats] = {}
        self._reserved: deque[TransferStats] = deque(maxlen=keep)
        self._others: deque[TransferStats] = deque(maxlen=keep)
        self.last_id = 0

    def add(self, stats: TransferStats) -> None:
        self.last_id = max(self.last_id, stats.transfer_id)
        self.running[stats.transfer_id] = stats

    def finished(self, stats: TransferStats) -> None:
        if self.running.pop(stats.transfer_id, None) is None:
            return
        ring = self._reserved if self._is_reserved(stats.client[0]) else self._others
        ring.append(stats)

    def since(self, transfer_id: int = 0) -> list[TransferStats]:
        """Kept transfers with an id above `transfer_id`, oldest first."""
        every = (*self._reserved, *self._others, *self.running.values())
        return sorted((t for t in every if t.transfer_id > transfer_id), key=_transfer_id)


def _seq(record: RequestRecord) -> int:
    return record.seq


def _transfer_id(stats: TransferStats) -> int:
    return stats.transfer_id
