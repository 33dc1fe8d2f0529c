"""Fixtures for the simulator's tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sim.tftpd import TftpServer, tftpd


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
