"""A silent or garbled console line: the error says what to check, not just "timed out"."""

from __future__ import annotations

from pathlib import Path

import pytest

from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.simulator import registry
from tests.e2e.conftest import SPEED, Bench

pytestmark = pytest.mark.slow


def test_a_silent_line_names_power_cable_port_and_settings(
    bench: Bench, images: dict[str, Path]
) -> None:
    bench.provision([images["new"]], ["disk0:/" + images["new"].name])
    registry.close_all()
    registry.attach("asa5506", bench.state_dir, powered=False, speed=SPEED)  # switched off
    code, report = bench.run("interrupt", "--port", bench.url(), "--timeout", "3")
    assert code == ExitCode.TIMEOUT
    error = report["error"]
    for what in ("power", "cable", "--port", "9600 8N1"):
        assert what in error, what


def test_a_garbled_line_says_the_speed_is_probably_wrong(
    bench: Bench, images: dict[str, Path]
) -> None:
    bench.provision([images["new"]], ["disk0:/" + images["new"].name], "wrong-baud")
    code, report = bench.run("interrupt", "--port", bench.url("wrong-baud"), "--timeout", "3")
    assert code == ExitCode.TIMEOUT
    assert "the console sends garbage" in report["error"]
    assert "--baud" in report["error"]
