"""`rommon interrupt --json` prints the final state on every exit where a state is known."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from rommon_toolkit.rommon.decisions.final_state import state_after, supported
from rommon_toolkit.rommon.decisions.states import ProbeState
from tests.fakedevice import FakeDevice
from tests.rommon.test_cli_probe import rommon

OLD_BANNER = "Platform ASA5512 with 4096 Mbytes of main memory\r\n\r\nrommon #0> "


@pytest.fixture
def old_unit() -> Iterator[FakeDevice]:
    fake = FakeDevice("pty", baud=None)
    fake.answers[b"n"] = "\r\n" + OLD_BANNER  # the nudge on the silent line wakes it
    yield fake
    fake.close()


def test_interrupt_at_an_older_rommon_prints_the_state_and_says_it_is_unsupported(
    old_unit: FakeDevice, tmp_path: Path
) -> None:
    result = rommon("interrupt", "--port", old_unit.url, "--json", "--timeout", "30", cwd=tmp_path)
    assert result.returncode == 4, result.stderr
    data = json.loads(result.stdout)
    assert data["state"] == "rommon"
    assert data["prompt"] == "rommon #0>"
    assert data["model"] == "ASA5512"
    assert data["supported"] is False
    assert "rommon #N>" in data["error"]
    assert "not a model this toolkit recovers" in result.stderr


def test_the_final_state_table() -> None:
    assert state_after(["banner", "old-rommon-prompt"]) is ProbeState.ROMMON
    assert state_after(["banner", "countdown", "output"]) is ProbeState.BOOT_COUNTDOWN
    assert state_after([]) is None
    assert not supported(["old-rommon-prompt"])
    assert supported(["rommon-prompt"])
