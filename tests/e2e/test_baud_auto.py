"""`--baud auto` finds the speed a unit's console really uses (a confreg-changed 19200)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from rommon_toolkit.rommon.cli.main import main
from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.simulator import registry
from rommon_toolkit.simulator.state import UnitState
from tests.e2e.conftest import Bench

pytestmark = pytest.mark.slow


def test_auto_finds_19200_and_the_probe_reads_the_unit(
    bench: Bench,
    images: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bench.provision([images["new"]], ["disk0:/" + images["new"].name])
    registry.close_all()
    state = UnitState(bench.state_dir)
    state.save_nvram(replace(state.nvram(), baud=19200))
    bench.attach()
    transcript = tmp_path / "probe.jsonl"
    argv = [
        "probe",
        "--port",
        bench.url(),
        "--baud",
        "auto",
        "--json",
        "--transcript",
        str(transcript),
    ]
    code = main(argv)
    captured = capsys.readouterr()
    assert "the console answers at 19200 baud" in captured.err
    assert code == ExitCode.SUCCESS, captured.err
    assert json.loads(captured.out)["state"] != "unknown"


def test_at_the_wrong_fixed_speed_the_probe_sees_garbage(
    bench: Bench, images: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    bench.provision([images["new"]], ["disk0:/" + images["new"].name])
    registry.close_all()
    state = UnitState(bench.state_dir)
    state.save_nvram(replace(state.nvram(), baud=19200))
    bench.attach()
    main(["probe", "--port", bench.url(), "--json"])
    assert json.loads(capsys.readouterr().out)["state"] in ("unknown", "silent")
