"""Fixtures for the simulator's tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import serial

from rommon_toolkit import simulator
from rommon_toolkit.simulator import registry
from tests.sim.spawn import PortSpawn
from tests.sim.tftpd import TftpServer, tftpd

FAST = 1000.0  # simulated seconds per real second in most tests


@pytest.fixture
def tftp_root(tmp_path: Path) -> Path:
    """The directory the test TFTP server serves."""
    root = tmp_path / "tftpboot"
    root.mkdir()
    root.chmod(0o777)  # tftpd-hpa -c creates uploads only in a world-writable directory
    return root


@pytest.fixture
def tftp_server(tftp_root: Path) -> Iterator[TftpServer]:
    """A real TFTP server (tftpd-hpa) on 127.0.0.1 and a free port."""
    with tftpd(tftp_root) as server:
        yield server


@pytest.fixture(autouse=True)
def _close_units() -> Iterator[None]:
    """Every unit a test started is powered off at the end."""
    yield
    registry.close_all()


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    """A state dir for one unit."""
    return tmp_path / "unit"


def sim_url(state_dir: Path, model: str = "asa5506", **options: Any) -> str:
    """`sim://MODEL?state-dir=...&...` (lists repeat the key, as for fault=)."""
    parts = [f"state-dir={state_dir}"]
    for key, value in options.items():
        name = key.replace("_", "-")
        values = value if isinstance(value, (list, tuple)) else [value]
        parts += [f"{name}={v}" for v in values]
    return f"sim://{model}?" + "&".join(parts)


Opener = Callable[..., PortSpawn]


@pytest.fixture
def console(state_dir: Path) -> Iterator[Opener]:
    """Open a console on a unit: `console(speed=..., fault=[...], tftp_port=...)`."""
    simulator.register_url_handler()
    opened: list[PortSpawn] = []

    def open_console(
        directory: Path | None = None, model: str = "asa5506", timeout: float = 20.0, **options: Any
    ) -> PortSpawn:
        options.setdefault("speed", FAST)
        port = serial.serial_for_url(sim_url(directory or state_dir, model, **options))
        spawn = PortSpawn(port, timeout=timeout)
        opened.append(spawn)
        return spawn

    yield open_console
    for spawn in opened:
        if spawn.port.is_open:
            spawn.close()
