"""Who may start a download now: a shared pool, a cap per client address, reserved addresses.

A busy or hostile LAN must not lock out the unit being staged:

* each client address may run at most `max_per_client` downloads at once;
* addresses other than the reserved ones share a pool of `max_transfers` downloads;
* a reserved address (the unit's) never counts against the pool.

Connections are capped the same way (`max_connections`, reserved addresses excepted), so a
flood of idle connections cannot grow the server's threads without bound.

Not thread-safe: the server calls it under its lock.
"""

from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from http import HTTPStatus

from rommon_toolkit.http_server.errors import HttpServerError, RequestRefusedError

DEFAULT_MAX_TRANSFERS = 64
DEFAULT_MAX_PER_CLIENT = 4
DEFAULT_MAX_CONNECTIONS = 128


@dataclass(frozen=True)
class AdmissionLimits:
    """The caps of one server."""

    max_transfers: int = DEFAULT_MAX_TRANSFERS
    max_per_client: int = DEFAULT_MAX_PER_CLIENT
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    reserved_clients: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if min(self.max_transfers, self.max_per_client, self.max_connections) < 1:
            raise HttpServerError(
                f"caps must be at least 1 (max_transfers={self.max_transfers}, "
                f"max_per_client={self.max_per_client}, "
                f"max_connections={self.max_connections})",
                "give positive numbers",
            )


def ipv4(text: str) -> str:
    """`text` as a canonical IPv4 address, or HttpServerError."""
    try:
        return str(ipaddress.IPv4Address(text))
    except ValueError as exc:
        raise HttpServerError(
            f"{text!r} is not an IPv4 address", "give the unit's address, e.g. 192.168.1.1"
        ) from exc


class Admission:
    """Counts running downloads and open connections per address."""

    def __init__(self, limits: AdmissionLimits) -> None:
        self.limits = limits
        self.reserved: set[str] = {ipv4(a) for a in limits.reserved_clients}
        self._per_address: Counter[str] = Counter()
        self._shared = 0
        self._connections = 0

    def reserve(self, addresses: Iterable[str]) -> None:
        for address in addresses:
            self.reserved.add(ipv4(address))

    def is_reserved(self, address: str) -> bool:
        return address in self.reserved

    # -- connections ---------------------------------------------------------------------
    def connect(self, address: str) -> bool:
        """Count a new connection; False (not counted) when it must be closed at once."""
        if address not in self.reserved and self._connections >= self.limits.max_connections:
            return False
        self._connections += address not in self.reserved
        return True

    def disconnect(self, address: str) -> None:
        self._connections -= address not in self.reserved

    # -- downloads -----------------------------------------------------------------------
    def check(self, address: str) -> None:
        """RequestRefusedError (503) when `address` may not start a download now."""
        running = self._per_address[address]
        if running >= self.limits.max_per_client:
            raise RequestRefusedError(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"server busy: {address} already runs {running} downloads "
                f"(at most {self.limits.max_per_client} per client)",
                public=f"server busy: {running} downloads already running for this address",
            )
        if address not in self.reserved and self._shared >= self.limits.max_transfers:
            raise RequestRefusedError(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"server busy ({self._shared} downloads running; the limit is "
                f"{self.limits.max_transfers}, reserved addresses excepted)",
                public=f"server busy ({self._shared} downloads running)",
            )

    def started(self, address: str) -> bool:
        """Count a started download; True when it took a slot of the shared pool."""
        self._per_address[address] += 1
        shared = address not in self.reserved
        self._shared += shared
        return shared

    def ended(self, address: str, shared: bool) -> None:
        self._per_address[address] -= 1
        if self._per_address[address] <= 0:
            del self._per_address[address]
        self._shared -= shared
