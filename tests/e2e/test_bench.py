"""A virtual bench: five units, mixed jobs, one failing unit that never stops the others."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rommon_toolkit.rommon.cli.main import main
from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.simulator import registry
from rommon_toolkit.simulator.failover.pair import attach_pair
from rommon_toolkit.simulator.failover.scenario import provision_pair
from rommon_toolkit.simulator.provision import init_unit
from tests.e2e.conftest import IMAGE_SIZE, SPEED, Bench
from tests.e2e.upgrade_setup import PASSPHRASE, provision_single, sha512, upgrade_images

pytestmark = pytest.mark.slow  # whole runs against the virtual ASA (seconds each)


def _url(state_dir: Path, port: int, *faults: str) -> str:
    query = f"state-dir={state_dir}&speed={SPEED}&tftp-port={port}"
    return f"sim://asa5506?{query}" + "".join(f"&fault={f}" for f in faults)


def test_bench_runs_every_unit_to_the_end_despite_one_failure(
    bench: Bench, images: dict[str, Path], tmp_path: Path
) -> None:
    port = bench.tftp_port
    units = {name: tmp_path / name for name in ("r1", "b2", "s3", "f4", "x5")}
    new = f"disk0:/{images['new'].name}"
    for name in ("b2", "s3"):
        init_unit(
            units[name], "asa5506", images=[images["old"]], boot=[f"disk0:/{images['old'].name}"]
        )
    init_unit(units["f4"], "asa5506", images=[images["new"]], boot=[new], rommon_version="1.1.14")
    ports = {
        "r1": _url(units["r1"], port, "boot-loop"),
        "b2": _url(units["b2"], port),
        "s3": _url(units["s3"], port),
        "f4": _url(units["f4"], port),
        "x5": _url(units["x5"], port, "boot-loop", "password-recovery-disabled"),
    }
    jobs = {
        "r1": "recover",
        "b2": "backup",
        "s3": "stage",
        "f4": "upgrade-firmware",
        "x5": "recover",
    }
    inventory = tmp_path / "bench.toml"
    lines = [
        "[shared]",
        f'image = "{images["new"]}"',
        f'firmware = "{images["firmware"]}"',
        'server = "127.0.0.1"',
        'netmask = "255.0.0.0"',
        f"tftp-port = {port}",
    ]
    for index, name in enumerate(units, 11):
        lines += [
            "",
            "[[unit]]",
            f'name = "{name}"',
            f'port = "{ports[name]}"',
            f'address = "127.0.0.{index}"',
            f'job = "{jobs[name]}"',
            'model = "asa5506"',
        ]
    inventory.write_text("\n".join(lines) + "\n")
    run_dir = tmp_path / "run"
    code = main(
        [
            "bench",
            str(inventory),
            "--jobs",
            "5",
            "--yes",
            "--timeout-scale",
            "0.05",
            "--run-dir",
            str(run_dir),
        ]
    )
    assert code == ExitCode.DEVICE_REFUSED  # the most severe outcome among the units
    report = json.loads((run_dir / "bench-report.json").read_text())
    states = {u["name"]: u["state"] for u in report["units"]}
    assert states == {"r1": "done", "b2": "done", "s3": "done", "f4": "done", "x5": "failed"}
    assert report["summary"] == {"done": 4, "failed": 1, "aborted": 0}
    for name in units:  # per-unit transcripts and reports in the one run folder
        assert (run_dir / name / "report.json").exists()
        assert list((run_dir / name).glob("*.transcript.jsonl"))
    assert registry.unit_for(units["r1"]).snapshot().running.image == new
    assert registry.unit_for(units["s3"]).snapshot().file(images["new"].name) is not None
    assert registry.unit_for(units["f4"]).snapshot().rommon_version == "1.1.18"
    backups = list((run_dir / "b2" / "backups").glob("*/manifest.json"))
    assert len(backups) == 1
    x5 = next(u for u in report["units"] if u["name"] == "x5")
    assert "ROMMON access is disabled" in x5["error"]


def test_bench_refuses_a_bad_inventory_listing_every_problem(
    bench: Bench, images: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inventory = tmp_path / "bad.toml"
    inventory.write_text(
        f'[shared]\nimage = "{images["smp"]}"\nserver = "127.0.0.1"\nnetmask = "255.0.0.0"\n'
        '[[unit]]\nname = "a"\nport = "sim://x"\naddress = "127.0.0.11"\njob = "recover"\n'
        'model = "asa5506"\n'
        '[[unit]]\nname = "a"\nport = "sim://x"\naddress = "127.0.0.11"\njob = "recover"\n'
    )
    assert main(["bench", str(inventory), "--dry-run"]) == ExitCode.PREFLIGHT_REFUSED
    said = capsys.readouterr().err
    assert "no unit was touched" in said
    assert "name a is also used by a" in said
    assert "port sim://x is also used by a" in said
    assert "address 127.0.0.11 is also used by a" in said
    assert "`smp` image" in said


def test_bench_upgrades_a_single_unit_and_a_failover_pair(
    bench: Bench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROMMON_BACKUP_PASSPHRASE", PASSPHRASE)
    images = upgrade_images(tmp_path)
    single = provision_single(bench, images)
    scenario = provision_pair(
        tmp_path / "pair", image_size=IMAGE_SIZE, management=("127.0.0.31", "127.0.0.32")
    )
    primary, secondary = attach_pair(
        scenario.base, speed=SPEED, tftp_port=bench.tftp_port, powered=False
    )
    primary.power_on()
    assert primary.wait_for_mode("asa", timeout=60)  # the primary comes up active
    secondary.power_on()
    inventory = tmp_path / "bench.toml"
    inventory.write_text(
        "[shared]\n"
        f'image = "{images["new"]}"\n'
        f'sha512 = "{sha512(images["new"])}"\n'
        'server = "127.0.0.1"\nnetmask = "255.0.0.0"\n'
        f"tftp-port = {bench.tftp_port}\n"
        "\n[[unit]]\n"
        f'name = "edge"\nport = "{bench.url()}"\naddress = "127.0.0.21"\njob = "upgrade"\n'
        "\n[[unit]]\n"
        f'name = "pair"\nport = "{_url(scenario.primary, bench.tftp_port)}"\n'
        f'peer-port = "{_url(scenario.secondary, bench.tftp_port)}"\njob = "upgrade"\n'
    )
    run_dir = tmp_path / "run"
    argv = ["bench", str(inventory), "--jobs", "2", "--timeout-scale", "0.05"]
    code = main([*argv, "--run-dir", str(tmp_path / "refused")])  # no --yes, no terminal
    assert code == ExitCode.OPERATOR_ABORT
    refused = json.loads((tmp_path / "refused" / "bench-report.json").read_text())
    for entry in refused["units"]:
        assert "will write memory and reload" in entry["error"]
    assert primary.snapshot().file(images["new"].name) is None  # nothing was sent
    code = main([*argv, "--yes", "--run-dir", str(run_dir)])
    report = json.loads((run_dir / "bench-report.json").read_text())
    assert code == ExitCode.SUCCESS, [u["error"] for u in report["units"]]
    new = f"disk0:/{images['new'].name}"
    for unit in (single, primary, secondary):
        assert unit.running().image == new
    pair = json.loads((run_dir / "pair" / "report.json").read_text())
    assert {u["role"] for u in pair["units"]} == {"active", "standby"}
    assert all(u["health_warnings"] == [] for u in pair["units"])
    assert [s["name"] for s in pair["steps"]].count("failover-reload-standby") == 2
    edge = json.loads((run_dir / "edge" / "report.json").read_text())
    [entry] = edge["units"]
    assert entry["running_image"] == new
    assert entry["image_before"] == f"disk0:/{images['old'].name}"
    assert {t["client"].rsplit(":", 1)[0] for t in edge["transfers"]} == {"127.0.0.21"}
    assert (run_dir / "pair" / "upgrade-peer.transcript.jsonl").exists()
