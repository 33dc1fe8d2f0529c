"""Staging over HTTP against the virtual ASA: `stage --transport http`, `recover --transport
http` (tftpdnld stays TFTP), and the clear errors when HTTP cannot be used."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pytest

from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.simulator import registry
from tests.e2e.conftest import Bench

pytestmark = pytest.mark.slow  # whole runs against the virtual ASA (seconds each)


def _disk0(image: Path) -> str:
    return f"disk0:/{image.name}"


def _stage_http(bench: Bench, image: Path, *more: str) -> tuple[int, dict[str, object]]:
    return bench.run(
        "stage",
        "--port",
        bench.url(),
        "--image",
        str(image),
        *bench.network_args(),
        "--yes",
        "--transport",
        "http",
        *more,
    )


def test_stage_over_http_copies_verifies_and_records_the_transport(
    bench: Bench, images: dict[str, Path]
) -> None:
    bench.provision([images["old"]], [_disk0(images["old"])])
    code, report = _stage_http(bench, images["new"], "--http-port", "0")
    assert code == ExitCode.SUCCESS, report.get("error")
    assert report["transport"] == "http"
    assert report["final_state"] == {"target": _disk0(images["new"]), "copied": True}
    (transfer,) = report["transfers"]  # type: ignore[misc]
    assert transfer["transport"] == "http"
    assert transfer["state"] == "done"
    assert transfer["bytes"] == images["new"].stat().st_size
    assert transfer["client"].startswith("127.0.0.2:")  # from Management1/1's address
    copies = [s for s in report["steps"] if s["name"] == "copy-image"]  # type: ignore[union-attr]
    assert copies[0]["details"]["transport"] == "http"
    unit = registry.unit_for(bench.state_dir)
    staged = unit.snapshot().file(images["new"].name)
    assert staged is not None
    assert staged.sha512 == hashlib.sha512(images["new"].read_bytes()).hexdigest()
    transcript = Path(str(report["transcript"])).read_text()
    assert "copy http://127.0.0.1:" in transcript


def test_stage_dry_run_prints_the_http_url(
    bench: Bench, images: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _report = _stage_http(bench, images["new"], "--http-port", "8088", "--dry-run")
    assert code == ExitCode.SUCCESS
    out = capsys.readouterr().out
    assert f"copy http://127.0.0.1:8088/{images['new'].name} {_disk0(images['new'])}" in out


def test_a_busy_http_port_is_refused_before_anything_is_sent(
    bench: Bench, images: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    unit = bench.provision([images["old"]], [_disk0(images["old"])])
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        code, _report = _stage_http(bench, images["new"], "--http-port", str(port))
    assert code == ExitCode.PREFLIGHT_REFUSED
    err = capsys.readouterr().err
    assert f"TCP 127.0.0.1:{port} is already in use" in err
    assert "--http-port" in err
    assert unit.snapshot().file(images["new"].name) is None


def test_http_with_an_external_tftp_server_is_refused(
    bench: Bench, images: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _report = _stage_http(bench, images["new"], "--external-tftp", "--http-port", "0")
    assert code == ExitCode.PREFLIGHT_REFUSED
    assert "--external-tftp serves the image over TFTP" in capsys.readouterr().err


def test_a_unit_that_cannot_reach_the_http_server_is_told_what_to_check(
    bench: Bench, images: dict[str, Path]
) -> None:
    bench.provision([images["old"]], [_disk0(images["old"])], "no-mgmt-link")
    code, report = _stage_http(bench, images["new"], "--http-port", "0")
    assert code == ExitCode.DEVICE_REFUSED
    error = str(report["error"])
    assert "%Error opening http://127.0.0.1:" in error
    assert "(Timed out)" in error
    assert "TCP port" in error  # the advice names the port the firewall must let in
    assert report["transport"] == "http"
    assert report["transfers"] == []  # the server never saw the unit
    unit = registry.unit_for(bench.state_dir)
    assert unit.snapshot().file(images["new"].name) is None


def test_recover_with_transport_http_loads_over_tftp_and_stages_over_http(
    bench: Bench, images: dict[str, Path]
) -> None:
    bench.provision([images["old"]], [_disk0(images["old"])], "boot-loop")
    code, error, report = bench.recover(
        bench.url("boot-loop"), images["new"], "--transport", "http", "--http-port", "0"
    )
    assert code == ExitCode.SUCCESS, error and error.render()
    assert report["transport"] == "http"
    assert report["plan"]["transport"] == "http"
    size = images["new"].stat().st_size
    kinds = [(t.get("transport", "tftp"), t["state"], t["bytes"]) for t in report["transfers"]]
    assert kinds == [("tftp", "done", size), ("http", "done", size)]  # tftpdnld, then the copy
    snap = registry.unit_for(bench.state_dir).snapshot()
    on_disk = snap.file(images["new"].name)
    assert on_disk is not None
    assert on_disk.sha512 == hashlib.sha512(images["new"].read_bytes()).hexdigest()
    assert snap.running is not None
    assert snap.running.image == _disk0(images["new"])


def test_recover_dry_run_shows_the_http_staging(
    bench: Bench, images: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, error, _report = bench.recover(
        bench.url(), images["new"], "--transport", "http", "--http-port", "8089", "--dry-run"
    )
    assert code == ExitCode.SUCCESS, error and error.render()
    out = capsys.readouterr().out
    assert "staging     over http from the bundled server on 127.0.0.1:8089" in out
    assert f"copy http://127.0.0.1:8089/{images['new'].name} {_disk0(images['new'])}" in out
