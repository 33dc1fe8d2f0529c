"""Opening lines by URL and path, and every way that can fail, on real ptys and sockets."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import serial

from rommon_toolkit.console.errors import (
    LineLostError,
    PortBusyError,
    PortNotFoundError,
    PortPermissionError,
    SettingsRejectedError,
    UnsupportedOperationError,
)
from rommon_toolkit.console.line import Capabilities, LineSettings
from rommon_toolkit.console.port import Line, capabilities_for, open_line
from rommon_toolkit.console.port_errors import map_open_error
from tests.fakedevice import FakeDevice


def test_pty_round_trip_with_default_settings(pty_device: FakeDevice) -> None:
    line = open_line(pty_device.url)
    try:
        assert line.settings == LineSettings(9600, 8, "N", 1, False, False)
        assert line.settings.describe() == "9600 8N1"
        pty_device.play("rommon 1 > ")
        received = b""
        while not received.endswith(b"> "):
            chunk = line.read(100, 2.0)
            assert chunk, "the device's bytes never arrived"
            received += chunk
        assert received == b"rommon 1 > "
        line.write(b"set\r")
        assert pty_device.wait_received(b"set\r")
    finally:
        line.close()


def test_read_returns_empty_on_timeout(any_device: FakeDevice) -> None:
    line = open_line(any_device.url)
    try:
        assert line.read(10, 0.05) == b""
    finally:
        line.close()


def test_read_takes_everything_waiting_in_one_call(pty_device: FakeDevice) -> None:
    line = open_line(pty_device.url)
    pty_device.play(b"x" * 3000)
    assert pty_device.wait_played()
    try:
        assert line.read(4096, 2.0) == b"x" * 3000
    finally:
        line.close()


def test_missing_device_lists_the_ports_that_exist() -> None:
    with pytest.raises(PortNotFoundError) as caught:
        open_line("/dev/ttyDOES-NOT-EXIST")
    assert "does not exist" in caught.value.message
    assert isinstance(caught.value.available, list)
    assert caught.value.advice


def test_second_open_of_the_same_port_is_busy(pty_device: FakeDevice) -> None:
    first = open_line(pty_device.url)
    try:
        with pytest.raises(PortBusyError) as caught:
            open_line(pty_device.url)
        assert "busy" in caught.value.message
        assert "close the other program" in caught.value.advice
    finally:
        first.close()


def test_unknown_url_scheme_is_not_found() -> None:
    with pytest.raises(PortNotFoundError) as caught:
        open_line("nosuch://x")
    assert "unknown URL scheme 'nosuch'" in caught.value.message
    assert "socket://HOST:PORT" in caught.value.advice


def test_nothing_listening_on_a_socket_url() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, never listening: connections are refused
        with pytest.raises(PortNotFoundError) as caught:
            open_line(f"socket://127.0.0.1:{port}")
    assert "nothing answered" in caught.value.message


@pytest.mark.parametrize(
    ("settings", "name"),
    [(LineSettings(baudrate=-5), "baudrate"), (LineSettings(bytesize=9), "bytesize")],
)
def test_bad_settings_are_rejected_by_name(settings: LineSettings, name: str) -> None:
    with pytest.raises(SettingsRejectedError) as caught:
        open_line("loop://", settings)
    assert name in caught.value.message
    assert "8N1" in caught.value.advice


def test_permission_denied_advises_the_dialout_group(pty_device: FakeDevice) -> None:
    # A real EACCES. As root: a mode-600 pty opened after dropping to `nobody` (imports first,
    # since the interpreter may live under /root). Otherwise: a mode-000 pty.
    code = (
        "import os, sys\n"
        "import rommon_toolkit.console.ports, serial.tools.list_ports\n"
        "from rommon_toolkit.console.errors import PortPermissionError\n"
        "from rommon_toolkit.console.port import open_line\n"
        "if os.geteuid() == 0:\n"
        "    os.setgid(65534)\n"
        "    os.setuid(65534)\n"
        "try:\n"
        "    open_line(sys.argv[1])\n"
        "except PortPermissionError as exc:\n"
        "    print(exc.render())\n"
        "    raise SystemExit(0)\n"
        "raise SystemExit(1)\n"
    )
    os.chmod(pty_device.url, 0o600 if os.geteuid() == 0 else 0)
    result = subprocess.run(
        [sys.executable, "-c", code, pty_device.url],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(os.getcwd()) / "src")},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "permission denied" in result.stdout
    assert "dialout" in result.stdout


def test_errno_mapping_matches_pyserial_messages() -> None:
    def no_ports() -> list[str]:
        return ["/dev/ttyACM0"]

    busy = serial.SerialException(16, "could not open port /dev/ttyACM0: [Errno 16] busy")
    assert isinstance(map_open_error("/dev/ttyACM0", busy, no_ports), PortBusyError)
    denied = serial.SerialException(13, "could not open port /dev/ttyACM0: [Errno 13]")
    expected = PortBusyError if sys.platform == "win32" else PortPermissionError
    assert isinstance(map_open_error("/dev/ttyACM0", denied, no_ports), expected)
    windows_missing = serial.SerialException(
        "could not open port 'COM7': FileNotFoundError(2, 'The system cannot find the file.')"
    )
    missing = map_open_error("COM7", windows_missing, no_ports)
    assert isinstance(missing, PortNotFoundError)
    assert missing.available == ["/dev/ttyACM0"]


def read_until_lost(line: Line) -> None:
    """Read what is left; the line must fail within a few reads."""
    for _ in range(5):
        line.read(100, 2.0)


def test_cable_pulled_mid_session_is_line_lost(any_device: FakeDevice) -> None:
    line = open_line(any_device.url)
    try:
        any_device.play("ciscoasa> ")
        assert line.read(100, 2.0)
        any_device.pull_cable()
        with pytest.raises(LineLostError) as caught:
            read_until_lost(line)
        assert "was lost" in caught.value.message
        assert "transcript" in caught.value.advice
    finally:
        line.close()


def test_capabilities_follow_pyserial_behaviour() -> None:
    assert capabilities_for("/dev/ttyACM0") == Capabilities(True, True)
    assert capabilities_for("COM3") == Capabilities(True, True)
    assert capabilities_for("socket://127.0.0.1:2001") == Capabilities(False, False)
    assert capabilities_for("rfc2217://127.0.0.1:2001") == Capabilities(True, True)
    assert capabilities_for("loop://") == Capabilities(True, True)
    assert capabilities_for("sim://asa5506") == Capabilities(True, False)

    class Declares:
        console_capabilities = Capabilities(False, True)

    assert capabilities_for("sim://x", Declares()) == Capabilities(False, True)


def test_break_over_socket_is_refused_clearly(tcp_device: FakeDevice) -> None:
    line = open_line(tcp_device.url)
    try:
        with pytest.raises(UnsupportedOperationError) as caught:
            line.send_break()
        assert "cannot send BREAK" in caught.value.message
        with pytest.raises(UnsupportedOperationError):
            line.change_baudrate(115200)
    finally:
        line.close()


def test_break_and_baud_change_on_a_serial_device(pty_device: FakeDevice) -> None:
    line = open_line(pty_device.url)
    try:
        line.send_break(0.25)
        line.change_baudrate(115200)
        assert line.settings.baudrate == 115200
    finally:
        line.close()


def test_closed_line_refuses_io(pty_device: FakeDevice) -> None:
    line = open_line(pty_device.url)
    line.close()
    line.close()
    with pytest.raises(LineLostError):
        line.write(b"x")
