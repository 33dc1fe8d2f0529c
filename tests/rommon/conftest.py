"""Fixtures for rommon tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakedevice import FakeDevice


@pytest.fixture(params=["pty", "tcp"])
def device(request: pytest.FixtureRequest) -> Iterator[FakeDevice]:
    """A fake unit on a real pty or a real loopback socket, at 9600-baud pacing."""
    fake = FakeDevice(request.param, baud=9600)
    yield fake
    fake.close()
