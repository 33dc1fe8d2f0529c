"""`rommon demo` (README's main job) recovers the bricked virtual unit end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rommon_toolkit.rommon.cli.main import main
from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.simulator.state import UnitState

pytestmark = pytest.mark.slow  # whole runs against the virtual ASA (seconds each)


def test_demo_leaves_the_virtual_unit_booting_the_new_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    workdir = tmp_path / "demo"
    code = main(["demo", "--image-size", "2", "--speed", "60", "--workdir", str(workdir)])
    assert code == ExitCode.SUCCESS
    out = capsys.readouterr().out
    image = "disk0:/asa9-16-4-85-lfbff-k8.SPA"
    assert f"next power-on boots: {image}" in out
    report = json.loads((workdir / "run" / "report.json").read_text())
    assert report["outcome"] == "success"
    assert report["final_state"]["booted_after_reload"] == image
    startup = UnitState(workdir / "virtual-unit").startup_config() or ""
    assert f"boot system {image}" in startup
    assert "asa9-12-4-lfbff-k8.SPA" not in startup  # the line to the missing image is gone
