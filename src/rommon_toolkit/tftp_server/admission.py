"""Who may start a transfer now: a shared pool, a cap per client address, reserved addresses.

A busy or hostile LAN must not lock the unit being recovered out. So:

* each client address may run at most `max_per_client` transfers at once (a ROMMON runs one;
  a retry from a new port while the old session is still giving up makes two);
* addresses other than the reserved ones share a pool of `max_sessions` transfers;
* a reserved address (the unit's ADDRESS) never counts against the pool: 64 silent requests
  from 64 spoofed addresses fill the pool, and the unit still gets its transfer.

Not thread-safe: the server calls it under its lock.
"""

from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rommon_toolkit.tftp_server.errors import RequestRefusedError, TftpErrorCode, TftpServerError

DEFAULT_MAX_SESSIONS = 64
DEFAULT_MAX_PER_CLIENT = 8


@dataclass(frozen=True)
class AdmissionLimits:
    """The caps of one server."""

    max_sessions: int = DEFAULT_MAX_SESSIONS
    max_per_client: int = DEFAULT_MAX_PER_CLIENT
    reserved_clients: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.max_sessions < 1 or self.max_per_client < 1:
            raise TftpServerError(
                f"session caps must be at least 1 (max_sessions={self.max_sessions}, "
                f"max_per_client={self.max_per_client})",
                "give positive numbers of transfers",
            )


def ipv4(text: str) -> str:
    """`text` as a canonical IPv4 address, or TftpServerError."""
    try:
        return str(ipaddress.IPv4Address(text))
    except ValueError as exc:
        raise TftpServerError(
            f"{text!r} is not an IPv4 address", "give the unit's ADDRESS, e.g. 192.168.1.1"
        ) from exc


class Admission:
    """Counts running transfers per address and says whether one more may start."""

    def __init__(self, limits: AdmissionLimits) -> None:
        self.max_sessions = limits.max_sessions
        self.max_per_client = limits.max_per_client
        self.reserved: set[str] = {ipv4(a) for a in limits.reserved_clients}
        self._per_address: Counter[str] = Counter()
        self._shared = 0

    def reserve(self, addresses: Iterable[str]) -> None:
        """Add reserved addresses (takes effect for the next requests)."""
        for address in addresses:
            self.reserved.add(ipv4(address))

    def is_reserved(self, address: str) -> bool:
        return address in self.reserved

    def check(self, address: str) -> None:
        """RequestRefusedError (error 0, "server busy") when `address` may not start one now."""
        running = self._per_address[address]
        if running >= self.max_per_client:
            raise RequestRefusedError(
                TftpErrorCode.NOT_DEFINED,
                f"server busy: {address} already runs {running} transfers "
                f"(at most {self.max_per_client} per client)",
                public=f"server busy: {running} transfers already running for this address",
            )
        if address not in self.reserved and self._shared >= self.max_sessions:
            raise RequestRefusedError(
                TftpErrorCode.NOT_DEFINED,
                f"server busy ({self._shared} transfers running; the limit is "
                f"{self.max_sessions}, reserved addresses excepted)",
                public=f"server busy ({self._shared} transfers running)",
            )

    def started(self, address: str) -> bool:
        """Count a started transfer; True when it took a slot of the shared pool."""
        self._per_address[address] += 1
        shared = address not in self.reserved
        self._shared += shared
        return shared

    def ended(self, address: str, shared: bool) -> None:
        """Release what `started` counted."""
        self._per_address[address] -= 1
        if self._per_address[address] <= 0:
            del self._per_address[address]
        self._shared -= shared
