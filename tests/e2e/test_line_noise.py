"""A noisy console line (garbage bytes in what the unit prints) does not end the recovery."""

from __future__ import annotations

from pathlib import Path

import pytest

from rommon_toolkit.rommon.exitcodes import ExitCode
from tests.e2e.conftest import Bench

pytestmark = pytest.mark.slow  # whole runs against the virtual ASA (seconds each)


@pytest.mark.slow
def test_recovery_survives_line_noise(bench: Bench, images: dict[str, Path]) -> None:
    bench.provision([images["new"]], ["disk0:/" + images["new"].name])
    code, error, report = bench.recover(bench.url("line-noise", "boot-loop"), images["new"])
    assert code == ExitCode.SUCCESS, error and error.render()
    steps = {s["name"]: s["outcome"] for s in report["steps"]}
    assert steps["set-variables"] == "ok"
