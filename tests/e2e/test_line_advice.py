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


def test_probe_of_a_silent_unit_says_what_to_check(
    bench: Bench, images: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from rommon_toolkit.rommon.cli.main import main

    bench.provision([images["new"]], ["disk0:/" + images["new"].name])
    registry.close_all()
    registry.attach("asa5506", bench.state_dir, powered=False, speed=SPEED)
    code = main(["probe", "--port", bench.url(), "--listen", "0.5"])
    captured = capsys.readouterr()
    assert "state: silent" in captured.out
    for what in ("power", "cable", "--port", "9600 8N1"):
        assert what in captured.err, what
    assert code == ExitCode.TIMEOUT


def test_probe_of_a_garbled_line_suggests_baud_auto(
    bench: Bench, images: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from rommon_toolkit.rommon.cli.main import main

    bench.provision([images["new"]], ["disk0:/" + images["new"].name], "wrong-baud")
    code = main(["probe", "--port", bench.url("wrong-baud")])
    captured = capsys.readouterr()
    assert "state: unknown" in captured.out  # not "silent": garbage came, just unreadable
    assert "--baud auto" in captured.err
    assert code == ExitCode.DEVICE_REFUSED
