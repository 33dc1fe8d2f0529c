"""`rommon console` driven through a real pty (pexpect) and through tmux, like a person would."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from rommon_toolkit.console.deadline import pause
from rommon_toolkit.console.replay import read_transcript
from tests.fakedevice import FakeDevice
from tests.tmux_screen import Tmux

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def pty_device() -> Iterator[FakeDevice]:
    fake = FakeDevice("pty", baud=None)
    yield fake
    fake.close()


def start_console(device: FakeDevice, transcript: Path, *more: str) -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable,
        [
            "-m",
            "rommon_toolkit",
            "console",
            "--port",
            device.url,
            "--transcript",
            str(transcript),
            *more,
        ],
        cwd=str(REPO),
        dimensions=(24, 120),
        timeout=15,
    )
    child.expect(rb"Ctrl-\] q quits")
    return child


def test_keys_reach_the_line_and_hotkeys_send_esc_and_ctrl_c(
    pty_device: FakeDevice, tmp_path: Path
) -> None:
    path = tmp_path / "console.jsonl"
    child = start_console(pty_device, path)
    pty_device.play("\r\nrommon 1 > ")
    child.expect(rb"rommon 1 > ")
    child.expect(rb"rommon \| rommon 1 > \| transcript: ")  # the status line
    child.send(b"set\r")
    assert pty_device.wait_received(b"set\r")
    child.send(b"\x1de")
    assert pty_device.wait_received(b"set\r\x1b")  # Ctrl-] e sends a real ESC, 0x1b
    child.send(b"\x1dc")
    assert pty_device.wait_received(b"set\r\x1b\x03")
    child.send(b"\x1d\x1d")
    assert pty_device.wait_received(b"\x03\x1d")
    child.send(b"\x1dq")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    transcript = read_transcript(path)
    assert transcript.sent() == b"set\r\x1b\x03\x1d"
    assert transcript.received() == b"\r\nrommon 1 > "
    events = [r.data for r in transcript.records if r.direction == "event"]
    assert events[0] == "opened"
    assert events[-1] == "closed"


def test_logfile_is_the_session_as_plain_text(pty_device: FakeDevice, tmp_path: Path) -> None:
    logfile = tmp_path / "logs" / "session.log"
    child = start_console(pty_device, tmp_path / "t.jsonl", "--logfile", str(logfile))
    pty_device.play("\r\nRom image verified correctly\r\nrommon 1 > ")
    child.expect(rb"rommon 1 > ")
    child.send(b"\x1dq")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    lines = logfile.read_text().splitlines()
    assert any(line.endswith("] Rom image verified correctly") for line in lines)
    assert any(line.endswith("] rommon 1 >") for line in lines)
    assert "\x1b" not in logfile.read_text()
    assert logfile.stat().st_mode & 0o777 == 0o600


def test_break_hotkey_is_sent_and_recorded(pty_device: FakeDevice, tmp_path: Path) -> None:
    path = tmp_path / "break.jsonl"
    child = start_console(pty_device, path)
    child.send(b"\x1db")
    child.expect(b"BREAK sent")
    child.send(b"\x1dq")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "break" in [r.data for r in read_transcript(path).records]


def test_password_typed_at_a_prompt_is_masked(pty_device: FakeDevice, tmp_path: Path) -> None:
    path = tmp_path / "secret.jsonl"
    child = start_console(pty_device, path)
    pty_device.play("ciscoasa> enable\r\nPassword: ")
    child.expect(rb"dialog \| Password:")
    child.send(b"s3cr3t\r")
    assert pty_device.wait_received(b"s3cr3t\r")  # the unit gets the real keys
    pty_device.play("\r\nciscoasa# ")
    child.expect(rb"asa-enable \| ciscoasa#")
    child.send(b"show run\r")
    assert pty_device.wait_received(b"show run\r")
    child.send(b"\x1dq")
    child.expect(pexpect.EOF)
    child.close()
    text = path.read_text()
    assert "s3cr3t" not in text
    transcript = read_transcript(path)
    assert transcript.sent() == b"********show run\r"


def test_cable_pulled_ends_with_exit_7(pty_device: FakeDevice, tmp_path: Path) -> None:
    path = tmp_path / "lost.jsonl"
    child = start_console(pty_device, path)
    pty_device.play("ciscoasa> ")
    child.expect(b"ciscoasa> ")
    pty_device.pull_cable()
    child.expect(b"console line lost")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 7
    events = [r.data for r in read_transcript(path).records if r.direction == "event"]
    assert "line-lost" in events
    assert events[-1] == "closed"


def test_console_refuses_without_a_terminal(pty_device: FakeDevice) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rommon_toolkit", "console", "--port", pty_device.url],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        timeout=30,
    )
    assert result.returncode == 3
    assert "needs an interactive terminal" in result.stderr


def test_through_tmux_status_line_and_esc_hotkey(pty_device: FakeDevice, tmp_path: Path) -> None:
    tmux = Tmux()
    path = tmp_path / "tmux.jsonl"
    command = " ".join(
        [
            sys.executable,
            "-m",
            "rommon_toolkit",
            "console",
            "--port",
            pty_device.url,
            "--transcript",
            str(path),
        ]
    )
    try:
        tmux.run(
            "new-session", "-d", "-s", "console", "-x", "100", "-y", "20", "-c", str(REPO), command
        )
        tmux.wait_for("Ctrl-] q quits")
        pty_device.play("\r\nciscoasa# ")
        screen = tmux.wait_for("asa-enable | ciscoasa#")
        assert screen.rstrip().splitlines()[-1].startswith("asa-enable | ciscoasa# | transcript:")
        tmux.run("send-keys", "-t", "console", "C-]", "e")
        assert pty_device.wait_received(b"\x1b")
        tmux.run("send-keys", "-t", "console", "-l", "show clock")
        tmux.run("send-keys", "-t", "console", "Enter")
        assert pty_device.wait_received(b"\x1bshow clock\r")
        tmux.run("send-keys", "-t", "console", "C-]", "q")
        for _ in range(100):
            sessions = subprocess.run(
                [tmux.binary, "-L", tmux.socket, "has-session", "-t", "console"],
                capture_output=True,
                check=False,
            )
            if sessions.returncode != 0:
                break
            pause(0.1)
        else:
            raise AssertionError("the console did not quit on Ctrl-] q")
    finally:
        tmux.close()
    assert read_transcript(path).sent() == b"\x1bshow clock\r"
    assert shutil.which("tmux")
