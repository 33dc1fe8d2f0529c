"""`rommon probe` and `rommon ports` as an engineer runs them: a real process, a real pty."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rommon_toolkit.console.replay import read_transcript
from tests.fakedevice import FakeDevice

REPO = Path(__file__).resolve().parents[2]
# A listen window that an answering fake device meets even on a loaded machine (a listen ends
# 1 s after the last text, so only the silent first listen waits all of it).
ANSWER_LISTEN = "2.0"


def rommon(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rommon_toolkit", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd or REPO,
        timeout=60,
    )


@pytest.fixture
def pty_device() -> FakeDevice:
    fake = FakeDevice("pty", baud=9600)
    yield fake  # type: ignore[misc]
    fake.close()


def test_probe_json_at_the_rommon_prompt(pty_device: FakeDevice, tmp_path: Path) -> None:
    pty_device.answers[b"\r"] = "\r\nrommon 1 > "
    transcript = tmp_path / "probe.jsonl"
    result = rommon(
        "probe",
        "--port",
        pty_device.url,
        "--listen",
        ANSWER_LISTEN,
        "--json",
        "--transcript",
        str(transcript),
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "state": "rommon",
        "model": None,
        "rommon_version": None,
        "asa_version": None,
        "hostname": None,
        "prompt": "rommon 1 > ",
        "failover": None,
        "question": None,
        "context": None,
    }
    assert f"transcript {transcript}" in result.stderr
    assert read_transcript(transcript).sent() == b"n\r"


def test_probe_text_output_shows_fields_seen(pty_device: FakeDevice) -> None:
    pty_device.answers[b"\r"] = "\r\npri/act/asa-1# "
    result = rommon(
        "probe", "--port", pty_device.url, "--listen", ANSWER_LISTEN, "--transcript", "/dev/null"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "state: asa-enable",
        "hostname: asa-1",
        'prompt: "pri/act/asa-1# "',
        "failover: pri/act",
    ]


def test_probe_default_transcript_goes_under_runs(pty_device: FakeDevice, tmp_path: Path) -> None:
    pty_device.answers[b"\r"] = "\r\nciscoasa> "
    result = rommon("probe", "--port", pty_device.url, "--listen", ANSWER_LISTEN, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    files = list((tmp_path / "runs").glob("*-probe.transcript.jsonl"))
    assert len(files) == 1
    assert f"transcript runs/{files[0].name}" in result.stderr


def test_probe_silent_line_exits_6(pty_device: FakeDevice) -> None:
    result = rommon(
        "probe", "--port", pty_device.url, "--listen", "0.3", "--json", "--transcript", "/dev/null"
    )
    assert result.returncode == 6
    assert json.loads(result.stdout)["state"] == "silent"


def test_probe_unrecognised_text_exits_4(pty_device: FakeDevice) -> None:
    pty_device.answers[b"\r"] = "\r\n%%% something else %%%\r\n"
    result = rommon(
        "probe", "--port", pty_device.url, "--listen", ANSWER_LISTEN, "--transcript", "/dev/null"
    )
    assert result.returncode == 4
    assert result.stdout.strip() == "state: unknown"


def test_probe_missing_port_exits_7_with_advice() -> None:
    result = rommon("probe", "--port", "/dev/ttyNO-SUCH", "--transcript", "/dev/null")
    assert result.returncode == 7
    assert "port /dev/ttyNO-SUCH does not exist" in result.stderr
    assert "->" in result.stderr


def test_probe_busy_port_exits_7(pty_device: FakeDevice) -> None:
    from rommon_toolkit.console.port import open_line

    holder = open_line(pty_device.url)
    try:
        result = rommon("probe", "--port", pty_device.url, "--transcript", "/dev/null")
    finally:
        holder.close()
    assert result.returncode == 7
    assert "busy" in result.stderr


def test_probe_auto_without_an_adapter_exits_7() -> None:
    result = rommon("probe", "--port", "auto", "--transcript", "/dev/null")
    if result.returncode == 0:  # pragma: no cover - a console adapter is really plugged in
        pytest.skip("a console adapter is attached to this machine")
    assert result.returncode == 7
    assert "--port auto found" in result.stderr


def test_probe_rejects_a_bad_listen_value() -> None:
    result = rommon("probe", "--port", "loop://", "--listen", "-1")
    assert result.returncode == 2
    assert "out of range" in result.stderr


def test_ports_json_is_a_list_of_documented_objects() -> None:
    result = rommon("ports", "--json")
    assert result.returncode == 0, result.stderr
    ports = json.loads(result.stdout)
    assert isinstance(ports, list)
    for port in ports:
        assert set(port) == {
            "device",
            "description",
            "vid",
            "pid",
            "vid_pid",
            "serial_number",
            "adapter",
        }


def test_ports_table_has_a_header() -> None:
    result = rommon("ports")
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.split() == ["DEVICE", "DESCRIPTION", "VID:PID", "SERIAL", "ADAPTER"] or (
        first.startswith("no serial ports found")
    )
