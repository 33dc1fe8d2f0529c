"""The bundled TFTP server for one run: start, progress for the UI, evidence for diagnosis.

The only module of the procedure that touches the `tftp_server` API.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rommon_toolkit.rommon.decisions.tftpdnld_diagnosis import ServerView
from rommon_toolkit.rommon.errors import PreflightError
from rommon_toolkit.rommon.workflows.serving import ServedLink
from rommon_toolkit.tftp_server import Catalog, TftpService
from rommon_toolkit.tftp_server.errors import BindError


@dataclass(frozen=True)
class Mark:
    """How much the server had seen when an attempt began."""

    requests: int = 0
    transfers: int = 0


ServerListener = Callable[[str, int], None]  # (bound address, bound UDP port)
_started: list[ServerListener] = []
_stopped: list[ServerListener] = []


def tell_about_servers(started: ServerListener, stopped: ServerListener) -> None:
    """Call `started(address, port)` once each bundled server is bound, `stopped` when it stops.

    The CLI uses it to tell a virtual unit (`sim://...&tftp-port=0`) which port the OS chose.
    """
    if started not in _started:  # main() runs more than once in one process (tests, bench)
        _started.append(started)
        _stopped.append(stopped)


def announce_server(address: str, port: int) -> None:
    """Tell the listeners a bundled server (of any kind) is bound on ADDRESS:PORT."""
    for listener in _started:
        listener(address, port)


def withdraw_server(address: str, port: int) -> None:
    """Tell the listeners the server on ADDRESS:PORT stopped."""
    for listener in _stopped:
        listener(address, port)


class TftpLink(ServedLink):
    """A TftpService serving exactly `files`; its records are the evidence for diagnosis.

    `units`: the ADDRESS of each unit being recovered; the server always keeps a slot for
    them however busy the LAN is (`reserve()` adds one later).
    """

    service: TftpService

    def __init__(self, files: list[Path], bind: str, port: int, units: Iterable[str] = ()) -> None:
        self.catalog = Catalog.from_paths(files)
        self.service = TftpService(
            self.catalog, bind=bind, port=port, reserved_clients=[str(u) for u in units]
        )
        self._announced: tuple[str, int] | None = None

    def start(self) -> TftpLink:
        try:
            self.service.start()
        except BindError as exc:
            raise PreflightError(exc.message, advice=exc.advice) from exc
        self._announced = (str(self.service.bind), self.port)
        announce_server(*self._announced)
        return self

    def mark(self) -> Mark:
        """A point in the record; `view(since=mark)` covers only what came after."""
        return Mark(self.service.requests_seen(), self.service.transfers_seen())

    def progress(self, name: str) -> tuple[int, int | None, str]:
        """(bytes, total, detail) of the newest transfer of `name`."""
        mine = [t for t in self.service.transfers() if t.name == name]
        if not mine:
            return 0, None, "waiting for the unit's request"
        t = mine[-1]
        detail = f"{t.rate / 1e6:.2f} MB/s" if t.rate else ""
        if t.eta is not None and t.state == "running":
            detail += f", ETA {t.eta:.0f} s"
        if t.retransmits:
            detail += f", {t.retransmits} retransmits"
        return t.bytes, t.total, detail

    def view(self, name: str, size: int, since: Mark | None = None) -> ServerView:
        """Evidence for the diagnosis of the attempt that started at `since`."""
        since = since or Mark()
        transfers = [t for t in self.service.transfers(since=since.transfers) if t.name == name]
        records = self.service.requests(since=since.requests)
        requests = tuple(r.name for r in records)
        refusals = tuple((r.name, r.reason) for r in records if not r.accepted)
        done = max((t.bytes for t in transfers if t.state == "done"), default=0)
        failed = tuple(t.error or "stopped" for t in transfers if t.state == "failed")
        return ServerView(requests, refusals, done, failed, size)

    def transfers_json(self, client: str | None = None) -> list[dict[str, object]]:
        """Every transfer (or those of one client address), as the report stores them."""
        return [
            {
                "client": f"{t.client[0]}:{t.client[1]}",
                "name": t.name,
                "bytes": t.bytes,
                "seconds": round(t.elapsed, 3),
                "rate_bytes_per_s": round(t.rate or 0.0),
                "retransmits": t.retransmits,
                "state": t.state,
                "error": t.error,
            }
            for t in self.service.transfers()
            if client is None or t.client[0] == client
        ]

    def stop(self) -> None:
        self.service.stop()
        announced, self._announced = self._announced, None
        if announced is not None:
            withdraw_server(*announced)
