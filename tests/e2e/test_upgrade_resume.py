"""`rommon upgrade` on one unit, stopped by Ctrl-C at each point, then run again: it finishes.

Each stop point is where an engineer's Ctrl-C (or a closed laptop lid) can land: before the
copy, in the middle of it, with the boot lines written but no reload, and in the middle of
the reload. The second run is the same command; it must pick up from what the unit and the
journal say, never redo a reload the unit already did, and diff the health with the snapshot
taken before anything changed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.simulator.images import make_image
from rommon_toolkit.simulator.unit import VirtualAsa
from tests.e2e.conftest import Bench
from tests.e2e.upgrade_setup import (
    NEW_RELEASE,
    OLD_RELEASE,
    PASSPHRASE,
    ctrl_c_in_step,
    provision_single,
    snapshot,
    upgrade_argv,
)

pytestmark = pytest.mark.slow  # two whole runs against the virtual ASA per test

COPY_IMAGE_SIZE = 8 << 20  # long enough a copy to be caught in the middle


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("resume") / "images"
    return {
        "old": make_image(out, "asa5506", OLD_RELEASE, 1 << 20),
        "new": make_image(out, "asa5506", NEW_RELEASE, COPY_IMAGE_SIZE),
    }


def _steps(report: dict[str, Any]) -> list[str]:
    return [step["name"] for step in report["steps"] if step["outcome"] != "skipped"]


def _interrupted_then_resumed(
    bench: Bench,
    images: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    step: str,
    once: Callable[[VirtualAsa], bool] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(first report, second report): Ctrl-C in `step`, then the same command again."""
    monkeypatch.setenv("ROMMON_BACKUP_PASSPHRASE", PASSPHRASE)
    unit = provision_single(bench, images)
    assert unit.wait_for_mode("asa", timeout=60)
    began = ctrl_c_in_step(monkeypatch, step, once=(lambda: once(unit)) if once else None)
    argv = upgrade_argv(bench, images["new"])
    code, first = bench.run(*argv)
    assert began.is_set(), f"the run never reached {step}: {first.get('error')}"
    assert code == ExitCode.OPERATOR_ABORT, first.get("error")
    code, second = bench.run(*argv)
    assert code == ExitCode.SUCCESS, second.get("error")
    new, old = f"disk0:/{images['new'].name}", f"disk0:/{images['old'].name}"
    snap = snapshot(bench)
    assert snap.running.image == new
    assert list(snap.boot_lines) == [new, old]
    [entry] = second["units"]
    assert entry["running_image"] == new
    assert entry["image_before"] == old
    assert entry["health_before"] is not None
    assert entry["health_warnings"] == []
    assert second["checklist"]["reload-and-verify"]["status"] == "passed"
    return first, second


def test_stopped_before_the_copy(
    bench: Bench, images: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _interrupted_then_resumed(bench, images, monkeypatch, "copy-image")
    assert "reload-verify" not in _steps(first)
    assert _steps(second).count("copy-image") == 1
    assert _steps(second).count("reload-verify") == 1


def test_stopped_in_the_middle_of_the_copy(
    bench: Bench, images: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _interrupted_then_resumed(
        bench, images, monkeypatch, "copy-image", once=lambda unit: unit.mode == "copying"
    )
    [copy] = [s for s in first["steps"] if s["name"] == "copy-image"]
    assert copy["outcome"] == "failed"  # the Ctrl-C landed in the copy, not after it
    names = _steps(second)
    assert names.count("verify-sha512") >= 1  # what is on disk0 is checked, never trusted
    assert names.count("reload-verify") == 1


def test_stopped_with_the_boot_lines_written_before_the_reload(
    bench: Bench, images: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _interrupted_then_resumed(bench, images, monkeypatch, "reload-verify")
    assert "write-memory" in _steps(first)
    assert "copy-image" not in _steps(second)  # already there with the right SHA-512
    assert _steps(second).count("reload-verify") == 1


def test_stopped_in_the_middle_of_the_reload(
    bench: Bench, images: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _interrupted_then_resumed(
        bench, images, monkeypatch, "reload-verify", once=lambda unit: unit.mode != "asa"
    )
    [reload] = [s for s in first["steps"] if s["name"] == "reload-verify"]
    assert reload["outcome"] == "failed"
    names = _steps(second)
    assert "reload-verify" not in names  # the unit reloaded once: never a second time
    assert "copy-image" not in names
    assert "write-memory" not in names
