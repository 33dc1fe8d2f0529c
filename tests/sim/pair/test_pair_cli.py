"""`rommon sim pair init` and `rommon sim pair --tcp`: two consoles, PORT and PORT+1."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from pexpect import fdpexpect

from rommon_toolkit.rommon.cli.main import main
from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.simulator.state import UnitState

ATTEMPTS_SECONDS = 60.0


def free_port_pair() -> int:
    """A TCP port P with P and P+1 free right now."""
    for _ in range(50):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = int(first.getsockname()[1])
            with socket.socket() as second:
                try:
                    second.bind(("127.0.0.1", port + 1))
                except OSError:
                    continue
                return port
    raise AssertionError("no two adjacent free TCP ports")


def test_pair_init_creates_both_units_and_the_new_image(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["sim", "pair", "init", "--state-dir", str(tmp_path / "pair"),
         "--image-dir", str(tmp_path / "tftp"), "--image-size", "1M", "--trustpoint", "VPN"]
    )  # fmt: skip
    assert code == ExitCode.SUCCESS
    out = capsys.readouterr().out
    assert "created a failover pair" in out
    assert (tmp_path / "tftp" / "asa9-16-4-85-lfbff-k8.SPA").is_file()
    for name, unit in (("primary", "primary"), ("secondary", "secondary")):
        startup = UnitState(tmp_path / "pair" / name).startup_config() or ""
        assert f"failover lan unit {unit}\n" in startup
        assert "boot system disk0:/asa9-14-4-24-lfbff-k8.SPA\n" in startup
    assert main(["sim", "pair", "init", "--state-dir", str(tmp_path / "pair")]) == (
        ExitCode.PREFLIGHT_REFUSED
    )


def test_pair_run_needs_a_pair_and_a_console(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sim", "pair", "--state-dir", str(tmp_path)]) == ExitCode.PREFLIGHT_REFUSED
    assert "one of --pty or --tcp" in capsys.readouterr().err
    code = main(["sim", "pair", "--state-dir", str(tmp_path), "--tcp", "127.0.0.1:0"])
    assert code == ExitCode.PREFLIGHT_REFUSED
    assert "rommon sim pair init" in capsys.readouterr().err


@pytest.fixture
def pair_process(tmp_path: Path) -> Iterator[int]:
    """`rommon sim pair --tcp 127.0.0.1:P` in a child process; yields P."""
    base = tmp_path / "pair"
    assert main(["sim", "pair", "init", "--state-dir", str(base), "--image-size", "1M"]) == 0
    port = free_port_pair()
    proc = subprocess.Popen(
        [sys.executable, "-m", "rommon_toolkit", "sim", "pair", "--state-dir", str(base),
         "--tcp", f"127.0.0.1:{port}", "--speed", "200"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    header = proc.stdout.readline()
    assert header.startswith("UNIT"), header + (proc.stderr.read() if proc.stderr else "")
    rows = [proc.stdout.readline(), proc.stdout.readline()]
    assert rows[0].startswith("primary")
    assert f"socket://127.0.0.1:{port} " in rows[0]
    assert rows[1].startswith("secondary")
    assert f"socket://127.0.0.1:{port + 1} " in rows[1]
    try:
        yield port
    finally:
        proc.terminate()
        proc.communicate(timeout=20)


def _wait_prompt(con: fdpexpect.fdspawn, prompt: str) -> None:
    """Press Enter until the unit answers with `prompt` (it may still be booting)."""
    deadline = time.monotonic() + ATTEMPTS_SECONDS
    while time.monotonic() < deadline:
        con.send("\r")
        try:
            con.expect_exact(prompt, timeout=1)
            return
        except pexpect.TIMEOUT:
            continue
    raise AssertionError(f"no {prompt!r} within {ATTEMPTS_SECONDS} s")


def test_pair_consoles_on_port_and_port_plus_one(pair_process: int) -> None:
    socks = [socket.create_connection(("127.0.0.1", pair_process + n)) for n in (0, 1)]
    cons = [fdpexpect.fdspawn(s.fileno(), timeout=30, encoding="latin-1") for s in socks]
    try:
        _wait_prompt(cons[0], "ciscoasa/pri/act> ")
        _wait_prompt(cons[1], "ciscoasa/sec/stby> ")
        cons[0].send("enable\r")
        cons[0].expect_exact("Password: ")
        cons[0].send("\r")
        cons[0].expect_exact("ciscoasa/pri/act# ")
        cons[0].send("show failover | include host\r")
        cons[0].expect_exact("ciscoasa/pri/act# ")
        assert "This host: Primary - Active" in cons[0].before
        assert "Other host: Secondary - Standby Ready" in cons[0].before
    finally:
        for sock in socks:
            sock.close()
