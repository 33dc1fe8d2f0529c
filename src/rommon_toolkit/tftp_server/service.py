"""`TftpService`: the server in a thread, with a `ready` event, the bound port and snapshots.

    with TftpService(Catalog.from_paths([image]), bind="0.0.0.0", port=69) as service:
        ...                       # service.port, service.transfers(), service.requests_seen()

`start()` binds before it returns (BindError subclasses with advice), so a caller knows at once
whether the port is usable. Every read goes through the catalog. `stop()` ends running
transfers (their clients get an error packet) and joins threads; the records stay readable
afterwards. Records are bounded (`records.py`): `requests_seen()` / `transfers_seen()` count
everything, `requests(since=...)` / `transfers(since=...)` return what is kept after a mark.

`isolation`: "process" (the default on Linux) runs each transfer in a forked child process, so
transfers at once use every core; "thread" runs them in threads of this process (elsewhere).
Events, records and refusals are the same either way (`server.py`, `processes.py`).

`reserved_clients` (the unit's ADDRESS) are never refused for lack of shared slots, and their
records are kept apart from everyone else's (see `admission.py`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from types import TracebackType

from rommon_toolkit.tftp_server.admission import (
    DEFAULT_MAX_PER_CLIENT,
    DEFAULT_MAX_SESSIONS,
    AdmissionLimits,
    ipv4,
)
from rommon_toolkit.tftp_server.catalog import Catalog
from rommon_toolkit.tftp_server.context import SessionSettings
from rommon_toolkit.tftp_server.errors import TftpServerError
from rommon_toolkit.tftp_server.events import EventCallback, ServerEvent
from rommon_toolkit.tftp_server.records import RequestRecord
from rommon_toolkit.tftp_server.rto import RtoSettings
from rommon_toolkit.tftp_server.server import DEFAULT_ISOLATION, CatalogServer, Isolation
from rommon_toolkit.tftp_server.stats import TransferSnapshot
from rommon_toolkit.tftp_server.uploads import UploadPolicy

log = logging.getLogger(__name__)

_STOP_TIMEOUT = 5.0


def _ignore(event: ServerEvent) -> None:
    del event


class TftpService:
    """A catalog served over TFTP from a background thread."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        bind: str = "0.0.0.0",
        port: int = 69,
        uploads: UploadPolicy | None = None,
        on_event: EventCallback | None = None,
        silence_budget: float = 60.0,
        rto: RtoSettings | None = None,
        max_sessions: int = DEFAULT_MAX_SESSIONS,
        max_per_client: int = DEFAULT_MAX_PER_CLIENT,
        reserved_clients: Iterable[str] = (),
        unanswered_retries: int = 5,
        isolation: Isolation = DEFAULT_ISOLATION,
    ) -> None:
        if silence_budget <= 0:
            raise TftpServerError(
                f"silence budget must be positive, not {silence_budget}",
                "give the seconds of client silence after which a transfer is abandoned (60)",
            )
        self.catalog = catalog
        self.bind = bind
        self.uploads = uploads
        self.ready = threading.Event()
        self._requested_port = port
        self._port: int | None = None
        self._on_event = on_event or _ignore
        try:
            self._settings = SessionSettings(
                silence_budget=silence_budget,
                rto=rto or RtoSettings(),
                unanswered_retries=unanswered_retries,
            )
        except ValueError as exc:
            raise TftpServerError(str(exc), "check the TFTP service settings") from exc
        self._limits = AdmissionLimits(
            max_sessions, max_per_client, frozenset(ipv4(a) for a in reserved_clients)
        )
        self.isolation: Isolation = isolation
        self._server: CatalogServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The bound port once started (the requested one before)."""
        return self._port if self._port is not None else self._requested_port

    @property
    def address(self) -> tuple[str, int]:
        """(bind address, port)."""
        return self.bind, self.port

    def start(self) -> TftpService:
        """Bind and serve in a thread; returns once listening. BindError (with advice) if not."""
        if self._thread is not None:
            raise TftpServerError("the TFTP service is already started", "stop() it first")
        server = CatalogServer(
            self.catalog,
            uploads=self.uploads,
            settings=self._settings,
            emit=self._on_event,
            limits=self._limits,
            isolation=self.isolation,
        )
        self._port = server.bind(self.bind, self._requested_port)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve, name=f"tftp-listen-{self._port}", daemon=True
        )
        self._thread.start()
        server.is_running.wait(_STOP_TIMEOUT)
        self.ready.set()
        log.info("TFTP service listening on %s:%d", self.bind, self._port)
        return self

    def reserve(self, *addresses: str) -> None:
        """Reserve slots for these client addresses (the unit's ADDRESS), from now on."""
        canonical = [ipv4(a) for a in addresses]
        self._limits = AdmissionLimits(
            self._limits.max_sessions,
            self._limits.max_per_client,
            self._limits.reserved_clients | frozenset(canonical),
        )
        if self._server is not None:
            with self._server.lock:
                self._server.admission.reserve(canonical)

    @property
    def reserved_clients(self) -> frozenset[str]:
        """The addresses that always get a slot."""
        return self._limits.reserved_clients

    def transfers(self, since: int = 0) -> list[TransferSnapshot]:
        """Kept transfers (all running ones, the newest finished ones) with an id above
        `since`, oldest first, as snapshots."""
        server = self._server
        if server is None:
            return []
        with server.lock:
            kept = server.transfers.since(since)
        return [stats.snapshot() for stats in kept]

    def transfers_seen(self) -> int:
        """The id of the newest transfer so far (0: none); a mark for `transfers(since=)`."""
        server = self._server
        return server.transfers.last_id if server is not None else 0

    def requests(self, since: int = 0) -> list[RequestRecord]:
        """Kept decodable requests (accepted or refused) numbered above `since`, oldest first.

        Kept: the newest 1000 of reserved clients and the newest 1000 of others."""
        server = self._server
        if server is None:
            return []
        with server.lock:
            return server.requests.since(since)

    def requests_seen(self) -> int:
        """How many decodable requests reached the server, refused ones included."""
        server = self._server
        return server.requests.seen if server is not None else 0

    def requests_refused(self) -> int:
        """How many decodable requests were refused."""
        server = self._server
        return server.requests.refused if server is not None else 0

    def datagrams_dropped(self) -> int:
        """How many datagrams to the listening port were not requests (dropped)."""
        server = self._server
        return server.dropped if server is not None else 0

    def stop(self, timeout: float = _STOP_TIMEOUT) -> None:
        """Stop listening, end running transfers, and wait for the threads (idempotent).

        The records (`transfers()`, `requests()`) stay readable after the stop.
        """
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.stop()
        thread.join(timeout)
        server.join(timeout)
        if thread.is_alive():
            log.warning("the TFTP listener did not stop within %.1f s", timeout)
        self.ready.clear()
        self._thread = None

    def __enter__(self) -> TftpService:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
