"""`rommon upgrade` on one virtual unit: 9.14 -> 9.16 with backup, health diff and resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rommon_toolkit.rommon.exitcodes import ExitCode
from tests.e2e.conftest import Bench
from tests.e2e.upgrade_setup import (
    PASSPHRASE,
    provision_single,
    snapshot,
    upgrade_argv,
    upgrade_images,
)

pytestmark = pytest.mark.slow  # whole runs against the virtual ASA


@pytest.fixture
def upgrade_images_(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return upgrade_images(tmp_path_factory.mktemp("upgrade"))


def test_single_unit_upgrade_end_to_end(
    bench: Bench, upgrade_images_: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    images = upgrade_images_
    monkeypatch.setenv("ROMMON_BACKUP_PASSPHRASE", PASSPHRASE)
    provision_single(bench, images, trustpoints=("VPN-CERT",))
    transcript = bench.root / "upgrade.transcript.jsonl"
    code, report = bench.run(*upgrade_argv(bench, images["new"]), "--transcript", str(transcript))
    assert code == ExitCode.SUCCESS, report.get("error")
    snap = snapshot(bench)
    new, old = f"disk0:/{images['new'].name}", f"disk0:/{images['old'].name}"
    assert snap.running.image == new
    assert list(snap.boot_lines) == [new, old]
    [unit] = report["units"]
    assert unit["role"] == "single"
    assert unit["running_image"] == new
    assert unit["image_before"] == old
    assert unit["health_warnings"] == []
    before, after = unit["health_before"], unit["health_after"]
    assert {r["name"] for r in before["interfaces"] if r["status"] == "up"} >= {
        "GigabitEthernet1/1",
        "GigabitEthernet1/2",
    }
    assert before["conn"]["in_use"] > 0
    assert after["routes"] == before["routes"]
    backup = Path(unit["backup_dir"])
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["trustpoints"] == ["VPN-CERT"]
    block = (backup / "VPN-CERT.p12.b64").read_text()
    assert block.startswith("-----BEGIN PKCS12-----\n")
    for name in ("running-config.cfg", "startup-config.cfg", "show-license-all.txt"):
        assert name in manifest["files"]
    whats = [entry["what"] for entry in manifest["not_backed_up"]]
    assert "licence entitlement" in whats
    checklist = report["checklist"]
    for key in ("release-path", "backup", "staged", "image-verified", "boot-lines"):
        assert checklist[key]["status"] == "passed", (key, checklist[key])
    assert checklist["reload-and-verify"]["status"] == "passed"
    text = transcript.read_text()
    assert PASSPHRASE not in text  # never in the transcript
    body_line = block.splitlines()[1]
    assert body_line not in text  # nor the key material


def test_health_diff_warns_with_the_lines(bench: Bench, upgrade_images_: dict[str, Path]) -> None:
    images = upgrade_images_
    unit = provision_single(bench, images)
    assert unit.wait_for_mode("asa", timeout=60)  # healthy boot: the snapshot before is clean
    unit.inject_fault("link-down-after-reload")
    unit.inject_fault("routes-lost-after-reload")
    code, report = bench.run(*upgrade_argv(bench, images["new"]))
    assert code == ExitCode.SUCCESS, report.get("error")
    [entry] = report["units"]
    kinds = {w["kind"] for w in entry["health_warnings"]}
    assert {"interface-down", "route-lost"} <= kinds, unit["health_warnings"]
    assert all(w["before"] for w in entry["health_warnings"])
    assert report["warnings"]


def test_dry_run_prints_the_numbered_plan(
    bench: Bench, upgrade_images_: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    images = upgrade_images_
    provision_single(bench, images)
    code, _ = bench.run(*upgrade_argv(bench, images["new"]), "--dry-run")
    assert code == ExitCode.SUCCESS
    out = capsys.readouterr().out
    assert "Pre-upgrade checklist" in out
    assert " 1. unit" in out
    assert "reload (consent)" in out
    assert snapshot(bench).file(images["new"].name) is None  # nothing was sent


def test_upgrade_over_http_copies_from_the_bundled_http_server(
    bench: Bench, upgrade_images_: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    images = upgrade_images_
    monkeypatch.setenv("ROMMON_BACKUP_PASSPHRASE", PASSPHRASE)
    provision_single(bench, images)
    argv = upgrade_argv(bench, images["new"], "--transport", "http", "--http-port", "0")
    code, report = bench.run(*argv)
    assert code == ExitCode.SUCCESS, report.get("error")
    new = f"disk0:/{images['new'].name}"
    assert snapshot(bench).running.image == new
    assert report["plan"]["transport"] == "http"
    assert report["plan"]["source"].startswith("http://127.0.0.1:")
    assert not report["plan"]["source"].startswith("http://127.0.0.1:0/")  # the bound port
    [transfer] = report["transfers"]
    assert transfer["transport"] == "http"
    assert transfer["state"] == "done"
    assert transfer["bytes"] == images["new"].stat().st_size
    transcript = Path(str(report["transcript"])).read_text()
    assert f"copy {report['plan']['source']} {new}" in transcript
    assert report["units"][0]["running_image"] == new
