"""`rommon sim ...`: init, status, make-image, power-cycle, and a manual recovery over a pty."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tty
from collections.abc import Iterator
from pathlib import Path

import pytest
from pexpect import fdpexpect

from rommon_toolkit.rommon.cli.main import main
from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.simulator.images import file_sha512, inspect_image, make_image
from tests.sim.spawn import ESC
from tests.sim.tftpd import TftpServer

IMAGE = "asa9-16-4-85-lfbff-k8.SPA"


def rommon_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m rommon_toolkit ARGS` in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "rommon_toolkit", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_make_image_prints_path_and_sha512(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["sim", "make-image", "--version", "9.16(4)85", "--size", "1M", str(tmp_path)])
    assert code == ExitCode.SUCCESS
    path_line, hash_line = capsys.readouterr().out.splitlines()
    assert path_line == str(tmp_path / IMAGE)
    assert hash_line == f"sha512: {file_sha512(tmp_path / IMAGE)}"
    assert main(["sim", "make-image", "--firmware", "1.1.18", str(tmp_path)]) == 0
    info = inspect_image(tmp_path / "asa5500-firmware-1118.SPA")
    assert (info.kind, info.version) == ("firmware", "1.1.18")


def test_make_image_families_keys_and_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(
        [
            "sim",
            "make-image",
            "--version",
            "9.6(4)45",
            "--family",
            "smp",
            "--size",
            "1M",
            str(tmp_path),
        ]
    )
    main(
        [
            "sim",
            "make-image",
            "--version",
            "8.4(1)",
            "--family",
            "k8",
            "--size",
            "1M",
            str(tmp_path),
        ]
    )
    main(
        [
            "sim",
            "make-image",
            "--version",
            "9.8(4)22",
            "--key",
            "special",
            "--size",
            "1M",
            str(tmp_path),
        ]
    )
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["asa841-k8.bin", "asa964-45-smp-k8.bin", "asa984-22-lfbff-k8.SSA"]
    assert (
        main(["sim", "make-image", "--version", "nine", str(tmp_path)])
        == ExitCode.PREFLIGHT_REFUSED
    )
    assert "ASA version must look like 9.16(4)85" in capsys.readouterr().err


def test_init_and_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    image = make_image(tmp_path / "img", "asa5508", "9.16(4)85", 1 << 20)
    state = tmp_path / "unit"
    monkeypatch.setenv("SIM_TEST_ENABLE", "pw")
    code = main([
        "sim", "init", "--state-dir", str(state), "--model", "asa5508", "--rommon-version", "1.1.8",
        "--image", str(image), "--boot", f"disk0:/{IMAGE}",
        "--enable-password-env", "SIM_TEST_ENABLE",
    ])  # fmt: skip
    assert code == ExitCode.SUCCESS
    capsys.readouterr()
    assert main(["sim", "status", "--state-dir", str(state), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["model"] == "asa5508"
    assert data["rommon_version"] == "1.1.8"
    assert data["mode"] == "off"
    assert data["boot_lines"] == [f"disk0:/{IMAGE}"]
    assert data["next_boot"]["target"] == f"disk0:/{IMAGE}"
    listed = {f["path"]: f for f in data["disk0"]}
    assert listed[f"disk0:/{IMAGE}"]["sha512"] == file_sha512(image)
    assert "enable password $sha512$" in data["startup_config"]
    assert main(["sim", "status", "--state-dir", str(state)]) == 0
    text = capsys.readouterr().out
    assert f"next boot:   disk0:/{IMAGE}" in text


def test_init_refuses_an_existing_unit_and_power_cycle_needs_a_running_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = str(tmp_path / "u")
    assert main(["sim", "init", "--state-dir", state, "--model", "asa5506"]) == 0
    assert (
        main(["sim", "init", "--state-dir", state, "--model", "asa5506"])
        == ExitCode.PREFLIGHT_REFUSED
    )
    assert "already holds a unit" in capsys.readouterr().err
    assert main(["sim", "power-cycle", "--state-dir", state]) == ExitCode.LINE_ERROR
    assert "no virtual ASA is running" in capsys.readouterr().err


def test_run_needs_a_console(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sim", "--state-dir", str(tmp_path)]) == ExitCode.PREFLIGHT_REFUSED
    assert "one of --pty or --tcp" in capsys.readouterr().err


@pytest.fixture
def sim_process(
    tmp_path: Path, tftp_server: TftpServer
) -> Iterator[tuple[subprocess.Popen[str], str, Path]]:
    """`rommon sim --pty` running in a child process: (process, pty path, state dir)."""
    state = tmp_path / "walk"
    proc = subprocess.Popen(
        [sys.executable, "-m", "rommon_toolkit", "sim", "--model", "asa5506",
         "--state-dir", str(state),
         "--pty", "--speed", "100", "--tftp-port", str(tftp_server.port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert first.startswith("console: /dev/"), first + (proc.stderr.read() if proc.stderr else "")
    try:
        yield proc, first.split()[1], state
    finally:
        proc.terminate()
        proc.communicate(timeout=20)


def _cmd(con: fdpexpect.fdspawn, line: str, prompt: str) -> str:
    con.send(line + "\r")
    con.expect_exact(prompt)
    return str(con.before)


def test_manual_recovery_over_the_pty(
    sim_process: tuple[subprocess.Popen[str], str, Path], tftp_server: TftpServer
) -> None:
    image = make_image(tftp_server.root, "asa5506", "9.16(4)85", 2 << 20)
    _, path, state = sim_process
    fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
    tty.setraw(fd)
    con = fdpexpect.fdspawn(fd, timeout=30, encoding="latin-1")
    try:
        con.expect_exact("rommon 1 > ")  # empty disk0: autoboot failed
        assert rommon_cli("sim", "power-cycle", "--state-dir", str(state)).returncode == 0
        con.expect_exact("Rom image verified correctly")
        con.send(ESC)
        con.expect_exact("Boot interrupted.  \r\nrommon 1 > ")
        for n, line in enumerate(
            ["ADDRESS=127.0.0.2", "NETMASK=255.0.0.0", "GATEWAY=127.0.0.1",
             "SERVER=127.0.0.1", f"IMAGE={IMAGE}", "set", "sync"], start=2
        ):  # fmt: skip
            _cmd(con, line, f"rommon {n} > ")
        con.send("tftpdnld\r")
        con.expect_exact("LFBFF signature verified.")
        con.expect_exact("Pre-configure Firewall now through interactive prompts [yes]? ")
        _cmd(con, "no", "ciscoasa> ")
        _cmd(con, "enable", "Password: ")
        _cmd(con, "", "ciscoasa# ")
        _cmd(con, "terminal pager 0", "ciscoasa# ")
        _cmd(con, "configure terminal", "[A]sk later: ")
        _cmd(con, "A", "ciscoasa(config)# ")
        _cmd(con, "interface Management1/1", "ciscoasa(config-if)# ")
        _cmd(con, "nameif management", "ciscoasa(config-if)# ")
        _cmd(con, "ip address 127.0.0.2 255.0.0.0", "ciscoasa(config-if)# ")
        _cmd(con, "no shutdown", "ciscoasa(config-if)# ")
        _cmd(con, "end", "ciscoasa# ")
        out = _cmd(con, f"copy /noconfirm tftp://127.0.0.1/{IMAGE} disk0:/{IMAGE}", "ciscoasa# ")
        assert "Digital signature successfully validated" in out
        out = _cmd(con, f"verify /sha-512 disk0:/{IMAGE}", "ciscoasa# ")
        digest = hashlib.sha512(image.read_bytes()).hexdigest()
        assert f"verify /SHA-512 (disk0:/{IMAGE}) = {digest}" in out
        _cmd(con, "configure terminal", "ciscoasa(config)# ")
        _cmd(con, f"boot system disk0:/{IMAGE}", "ciscoasa(config)# ")
        _cmd(con, "end", "ciscoasa# ")
        assert "[OK]" in _cmd(con, "write memory", "ciscoasa# ")
        _cmd(con, "reload", "Proceed with reload? [confirm]")
        con.send("\r")
        con.expect_exact("Rom image verified correctly")
        con.expect_exact(f'Attempt autoboot: "boot disk0:/{IMAGE}"')  # boots on its own
        con.expect_exact("User enable_1 logged in to ciscoasa")
        con.expect_exact("ciscoasa> ")
    finally:
        con.close()
    status = rommon_cli("sim", "status", "--state-dir", str(state), "--json")
    data = json.loads(status.stdout)
    assert data["mode"] == "asa"
    assert data["running"]["image"] == f"disk0:/{IMAGE}"
    assert data["boot_lines"] == [f"disk0:/{IMAGE}"]
