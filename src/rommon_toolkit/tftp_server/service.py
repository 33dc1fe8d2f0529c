"""`TftpService`: the server in a thread, with a `ready` event, the bound port and snapshots.

    with TftpService(Catalog.from_paths([image]), bind="0.0.0.0", port=69) as service:
        ...                       # service.port, service.transfers(), service.requests_seen()

`start()` binds before it returns (BindError subclasses with advice), so a caller knows at once
whether the port is usable. tftpy is given an empty temporary root: every read goes through the
catalog. `stop()` ends running transfers (their clients get an error packet) and joins threads;
the records stay readable afterwards.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from types import TracebackType

from rommon_toolkit.tftp_server.catalog import Catalog
from rommon_toolkit.tftp_server.errors import TftpServerError
from rommon_toolkit.tftp_server.events import EventCallback, ServerEvent
from rommon_toolkit.tftp_server.records import RequestRecord
from rommon_toolkit.tftp_server.rto import RtoSettings
from rommon_toolkit.tftp_server.server import CatalogServer
from rommon_toolkit.tftp_server.session import SessionSettings
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
        max_sessions: int = 64,
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
        self._settings = SessionSettings(silence_budget=silence_budget, rto=rto or RtoSettings())
        self._max_sessions = max_sessions
        self._server: CatalogServer | None = None
        self._thread: threading.Thread | None = None
        self._root: tempfile.TemporaryDirectory[str] | None = None

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
        root = tempfile.TemporaryDirectory(prefix="rommon-tftp-empty-root-")
        server = CatalogServer(
            self.catalog,
            root.name,
            uploads=self.uploads,
            settings=self._settings,
            emit=self._on_event,
            max_sessions=self._max_sessions,
        )
        try:
            self._port = server.bind(self.bind, self._requested_port)
        except BaseException:
            root.cleanup()
            raise
        self._root, self._server = root, server
        self._thread = threading.Thread(
            target=server.listen, name=f"tftp-listen-{self._port}", daemon=True
        )
        self._thread.start()
        server.is_running.wait(_STOP_TIMEOUT)
        self.ready.set()
        log.info("TFTP service listening on %s:%d", self.bind, self._port)
        return self

    def transfers(self) -> list[TransferSnapshot]:
        """Every transfer so far, oldest first, as snapshots."""
        server = self._server
        if server is None:
            return []
        return [stats.snapshot() for stats in list(server.transfers)]

    def requests(self) -> list[RequestRecord]:
        """Every decodable request so far (accepted or refused), oldest first."""
        server = self._server
        return list(server.requests) if server is not None else []

    def requests_seen(self) -> int:
        """How many decodable requests reached the server, refused ones included."""
        server = self._server
        return len(server.requests) if server is not None else 0

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
        server.stop(now=True)
        thread.join(timeout)
        server.join(timeout)
        if thread.is_alive():
            log.warning("the TFTP listener did not stop within %.1f s", timeout)
        self.ready.clear()
        if self._root is not None:
            self._root.cleanup()
        self._thread = self._root = None

    def __enter__(self) -> TftpService:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
