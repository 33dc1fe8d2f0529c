"""Fixtures for the HTTP server tests: generated files and a running service on loopback."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from rommon_toolkit.console.deadline import Deadline, pause
from rommon_toolkit.http_server import Catalog, HttpService
from tests.tftp.files import MIB, write_random

SIZES = {
    "small.bin": 70_000,
    "medium.bin": 3 * MIB + 123,
    "big.bin": 24 * MIB + 7,  # more than one sendfile chunk, not a multiple of anything
    "empty.bin": 0,
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
    root = tmp_path_factory.mktemp("http-img")
    sums = {
        name: write_random(root / name, size, seed)
        for seed, (name, size) in enumerate(SIZES.items())
    }
    return Served(root, sums)


Start = Callable[..., HttpService]


@pytest.fixture
def start(served: Served) -> Iterator[Start]:
    """Start a service on 127.0.0.1 (any free port) over the generated files; stopped after."""
    started: list[HttpService] = []

    def run(catalog: Catalog | None = None, **options: object) -> HttpService:
        catalog = catalog or Catalog.from_paths(sorted(served.root.iterdir()))
        service = HttpService(catalog, bind="127.0.0.1", port=0, **options)  # type: ignore[arg-type]
        started.append(service.start())
        return service

    yield run
    for service in started:
        service.stop()


def raw_request(port: int, data: bytes, source: str = "127.0.0.1", timeout: float = 10.0) -> bytes:
    """Send `data` as is from `source` and read the whole answer (the server closes)."""
    with socket.create_connection(("127.0.0.1", port), timeout, (source, 0)) as sock:
        sock.sendall(data)
        chunks = []
        while piece := sock.recv(65536):
            chunks.append(piece)
    return b"".join(chunks)


def wait_for(condition: object, seconds: float = 10.0) -> None:
    """Poll `condition` until it holds (AssertionError after `seconds`)."""
    deadline = Deadline.after(seconds)
    while not condition():  # type: ignore[operator]
        if deadline.expired():
            raise AssertionError("condition not met in time")
        pause(0.02)


def settled(service: HttpService, count: int) -> None:
    """Wait until `count` downloads are recorded and none still runs: the server ends its
    record just after the last byte, so a client may exit a moment before it does."""
    wait_for(
        lambda: (
            len(done := service.transfers()) == count and all(t.state != "running" for t in done)
        )
    )


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])
