"""Fixtures for console tests: a fake device on a real pty or a real loopback socket."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakedevice import FakeDevice


@pytest.fixture
def pty_device() -> Iterator[FakeDevice]:
    device = FakeDevice("pty", baud=None)
    yield device
    device.close()


@pytest.fixture
def tcp_device() -> Iterator[FakeDevice]:
    device = FakeDevice("tcp", baud=None)
    yield device
    device.close()


@pytest.fixture(params=["pty", "tcp"])
def any_device(request: pytest.FixtureRequest) -> Iterator[FakeDevice]:
    device = FakeDevice(request.param, baud=None)
    yield device
    device.close()
