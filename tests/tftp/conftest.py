"""Fixtures for the TFTP server tests: generated files and running services on loopback."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from rommon_toolkit.tftp_server import Catalog, TftpService, UploadPolicy
from rommon_toolkit.tftp_server.events import ServerEvent
from rommon_toolkit.tftp_server.rto import RtoSettings
from tests.tftp.files import MIB, write_random

SIZES = {
    "small.bin": 70_000,  # a few hundred blocks
    "medium.bin": 3 * MIB + 123,  # not a multiple of any common block size
    "exact.bin": 512 * 40,  # a multiple of 512: ends with an empty DATA block
    "rollover8.bin": 540_001,  # > 65,536 blocks of 8 bytes
    "big.bin": 40 * MIB + 7,  # > 65,535 blocks of 512 bytes
}


@dataclass(frozen=True)
class Served:
    """The generated files (in `root`), each with its sha256."""

    root: Path
    sha256: dict[str, str]

    def path(self, name: str) -> Path:
        return self.root / name


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Served:
    root = tmp_path_factory.mktemp("img")
    sums = {
        name: write_random(root / name, size, seed)
        for seed, (name, size) in enumerate(SIZES.items())
    }
    return Served(root, sums)


@pytest.fixture(scope="session")
def catalog(served: Served) -> Catalog:
    return Catalog.from_paths(sorted(served.root.iterdir()))


@dataclass
class Running:
    """A started service and everything it reported."""

    service: TftpService = field(init=False)
    events: list[ServerEvent] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    changed: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self.changed = threading.Condition(self.lock)

    @property
    def port(self) -> int:
        return self.service.port

    def record(self, event: ServerEvent) -> None:
        with self.changed:
            self.events.append(event)
            self.changed.notify_all()

    def wait_for(self, kind: type, timeout: float = 10.0) -> ServerEvent:
        """The first event of `kind` (waits for it; AssertionError after `timeout`)."""
        with self.changed:
            found = self.changed.wait_for(
                lambda: any(isinstance(e, kind) for e in self.events), timeout
            )
            assert found, f"no {kind.__name__} event within {timeout} s: {self.events}"
            return next(e for e in self.events if isinstance(e, kind))

    def of(self, kind: type) -> list[ServerEvent]:
        with self.lock:
            return [e for e in self.events if isinstance(e, kind)]


StartService = Callable[..., Running]
FAST_RTO = RtoSettings(floor=0.02, initial=0.05, ceiling=0.2)


@pytest.fixture
def start_service(catalog: Catalog) -> Iterator[StartService]:
    """start_service(catalog=..., uploads=..., silence_budget=..., rto=..., **limits) -> Running.

    `limits`: max_sessions, max_per_client, reserved_clients, unanswered_retries."""
    started: list[Running] = []

    def start(
        catalog_: Catalog | None = None,
        *,
        uploads: UploadPolicy | None = None,
        silence_budget: float = 10.0,
        rto: RtoSettings | None = None,
        **limits: object,
    ) -> Running:
        running = Running()
        running.service = TftpService(
            catalog_ if catalog_ is not None else catalog,
            bind="127.0.0.1",
            port=0,
            uploads=uploads,
            on_event=running.record,
            silence_budget=silence_budget,
            rto=rto,
            **limits,  # type: ignore[arg-type]
        )
        running.service.start()
        started.append(running)
        return running

    yield start
    for running in started:
        running.service.stop()


@pytest.fixture
def running(start_service: StartService) -> Running:
    """A service over the session catalog on an ephemeral loopback port."""
    return start_service()
