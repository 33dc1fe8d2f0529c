"""SIGTERM and SIGHUP stop a run exactly as Ctrl-C does: report written, transcript closed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.simulator.provision import init_unit

pytestmark = pytest.mark.slow  # whole runs against the virtual ASA (seconds each)

WAIT = 60.0


def _records(transcript: Path, direction: str) -> str:
    """The data of every `direction` record so far (a line being written is skipped)."""
    if not transcript.exists():
        return ""
    data = []
    for raw in transcript.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(raw)
        except json.JSONDecodeError:
            continue
        if entry.get("dir") == direction:
            data.append(entry["data"])
    return "".join(data)


def _signal_recover_when(
    tmp_path: Path, image: Path, seen: Callable[[Path], bool], number: int
) -> tuple[int, str, Path, Path]:
    """`rommon recover` in a subprocess on a boot-looping unit; `number` once `seen` holds.

    Returns (exit code, stderr, transcript, report).
    """
    state = tmp_path / "unit"
    init_unit(state, "asa5506", images=[image], boot=["disk0:/" + image.name])
    port = 0  # the bundled server binds a port the OS picks and announces it to the unit
    url = f"sim://asa5506?state-dir={state}&speed=20&tftp-port={port}&fault=boot-loop"
    transcript, report = tmp_path / "t.jsonl", tmp_path / "report.json"
    argv = [sys.executable, "-m", "rommon_toolkit", "recover", "--port", url]
    argv += ["--image", str(image), "--address", "127.0.0.2", "--netmask", "255.0.0.0"]
    argv += ["--server", "127.0.0.1", "--tftp-port", str(port), "--yes"]
    argv += ["--transcript", str(transcript), "--report", str(report)]
    with subprocess.Popen(
        argv,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "ROMMON_ENABLE_PASSWORD": ""},
    ) as proc:
        for _ in range(int(WAIT / 0.05)):
            if seen(transcript):
                break
            try:
                proc.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                continue
            pytest.fail(f"recover ended too early: {proc.stderr.read().decode()}")
        else:
            pytest.fail("recover never got there")
        proc.send_signal(number)
        _, err = proc.communicate(timeout=WAIT)
    return proc.returncode, err.decode(), transcript, report


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_mid_recovery_is_handled_like_ctrl_c(
    name: str, images: dict[str, Path], tmp_path: Path
) -> None:
    code, err, transcript, report = _signal_recover_when(
        tmp_path, images["new"], lambda t: "tftpdnld" in _records(t, "tx"), getattr(signal, name)
    )
    assert code == ExitCode.OPERATOR_ABORT, err
    assert "Traceback" not in err
    written = json.loads(report.read_text())
    assert written["exit_code"] == ExitCode.OPERATOR_ABORT
    last = json.loads(transcript.read_text(encoding="utf-8").splitlines()[-1])
    assert last.get("data") == "closed"


def test_sigterm_mid_download_keeps_the_server_until_the_unit_has_the_image(
    tmp_path: Path,
) -> None:
    from rommon_toolkit.simulator.images import make_image

    image = make_image(tmp_path / "images", "asa5506", "9.16(4)85", 48 << 20)
    code, err, _, report = _signal_recover_when(
        tmp_path, image, lambda t: "Receiving" in _records(t, "rx"), signal.SIGTERM
    )
    assert code == ExitCode.OPERATOR_ABORT, err
    transfers = json.loads(report.read_text())["transfers"]
    assert transfers
    assert transfers[-1]["state"] == "done"
    assert transfers[-1]["bytes"] == image.stat().st_size
