"""ASA OS: first boot, enable, show commands, dir, errors, pager."""

from __future__ import annotations

import re
from pathlib import Path

import pexpect
import pytest

from rommon_toolkit.simulator import registry
from tests.sim.asa_setup import IMAGE, IMAGE_SIZE, booted, provision
from tests.sim.conftest import Opener
from tests.sim.flows import asa, enable, to_user_prompt


def test_first_boot_asks_to_preconfigure(console: Opener, state_dir: Path) -> None:
    provision(state_dir, startup=False)
    con = console()
    con.expect_exact("INFO: SW-DRBG health test passed.\r\n")
    con.expect_exact("Pre-configure Firewall now through interactive prompts [yes]? ")
    con.sendline("no")
    con.expect_exact("Type help or '?' for a list of available commands.\r\nciscoasa> ")


def test_boot_with_startup_config_logs_in(console: Opener, state_dir: Path) -> None:
    provision(state_dir)
    con = console()
    con.expect_exact('Attempt autoboot: "boot disk0:/asa9-16-4-85-lfbff-k8.SPA"')
    con.expect_exact("Reading from flash...")
    con.expect(r"Cryptochecksum \(unchanged\): [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8}")
    con.expect_exact("User enable_1 logged in to ciscoasa\r\n")
    con.expect_exact("ciscoasa> ")


def test_enable_blank_password(console: Opener, state_dir: Path) -> None:
    booted(console, state_dir)


def test_enable_with_configured_password(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    asa(con, "configure terminal", "ciscoasa(config)# ")
    asa(con, "enable password S3cret!", "ciscoasa(config)# ")
    asa(con, "end")
    asa(con, "disable", "ciscoasa> ")
    con.sendline("enable")
    con.expect_exact("Password: ")
    con.sendline("wrong")
    con.expect_exact("*****\r\nInvalid password\r\nPassword: ")
    con.sendline("S3cret!")
    con.expect_exact("ciscoasa# ")
    assert "enable password $sha512$5000$" in asa(con, "show running-config")


def test_force_enable_password_fault(console: Opener, state_dir: Path) -> None:
    provision(state_dir)
    con = console(fault="force-enable-password")
    to_user_prompt(con, first_boot=False)
    con.sendline("enable")
    con.expect_exact("Enter  Password: ")
    con.sendline("abc")
    con.expect_exact("Repeat Password: ")
    con.sendline("abd")
    con.expect_exact("Enter  Password: ")
    con.sendline("abc")
    con.expect_exact("Repeat Password: ")
    con.sendline("abc")
    con.expect_exact("Note: Save your configuration so that the password persists")
    con.expect_exact('("write memory" or "copy running-config startup-config").\r\n')
    con.expect_exact("ciscoasa# ")


def test_show_version(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    out = asa(con, "show version")
    assert out.startswith("Cisco Adaptive Security Appliance Software Version 9.16(4)85")
    assert f'System image file is "disk0:/{IMAGE}"\r\n' in out
    assert (
        "Hardware:   ASA5506, 4096 MB RAM, CPU Atom C2000 series 1250 MHz, 1 CPU (4 cores)" in out
    )
    assert "ROMMON Version            : 1.1.14\r\n" in out
    assert "Configuration register is 0x1\r\n" in out
    assert re.search(r"ciscoasa up \d+ (min|sec)", out)


def test_show_version_without_rommon_line_before_916(console: Opener, state_dir: Path) -> None:
    provision(state_dir, version="9.8(4)22")
    con = console()
    to_user_prompt(con, first_boot=False)
    enable(con)
    out = asa(con, "show version")
    assert "Firepower Extensible Operating System Version 2.2(2.124)" in out
    assert "ROMMON Version" not in out


def test_show_module_fw_version(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    out = asa(con, "show module")
    row = re.search(r"\r\n   1 \S+ to \S+\s+2\.2\s+(\S+)\s+(\S+)\r\n", out)
    assert row is not None
    assert row.groups() == ("1.1.14", "9.16(4)85")
    assert "ASA 5506-X with SW, 8GE Data, 1GE Mgmt, AC" in out


def test_dir_disk0_footer(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    out = asa(con, "dir disk0:")
    assert out.startswith("\r\nDirectory of disk0:/\r\n")
    assert re.search(
        rf"\d+\s+-rwx  {IMAGE_SIZE}\s+\d\d:\d\d:\d\d \w{{3}} \d\d \d{{4}}  {IMAGE}", out
    )
    assert re.search(r"drwx  4096\s+.*  log\r\n", out)
    match = re.search(r"(\d+) file\(s\) total size: (\d+) bytes\r\n", out)
    assert match is not None
    snap = registry.unit_for(state_dir).snapshot()
    top = [f for f in snap.disk0 if f.path.count("/") == 1]
    assert int(match.group(1)) == len(top)
    assert int(match.group(2)) == sum(f.size for f in top)
    total = re.search(r"(\d+) bytes total \((\d+) bytes free/(\d+)% free\)", out)
    assert total is not None
    assert int(total.group(1)) == snap.disk_total
    assert int(total.group(2)) == snap.disk_free


def test_show_bootvar_and_running_config_boot(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    out = asa(con, "show bootvar")
    assert f"BOOT variable = disk0:/{IMAGE}\r\n" in out
    assert f"Current BOOT variable = disk0:/{IMAGE}\r\n" in out
    assert "CONFIG_FILE variable = \r\n" in out
    assert asa(con, "show running-config boot") == f"boot system disk0:/{IMAGE}\r\n"
    assert asa(con, "show running-config boot system") == f"boot system disk0:/{IMAGE}\r\n"


def test_invalid_input_marker_under_the_bad_word(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    out = asa(con, "show vershun")
    assert (
        out
        == " " * len("ciscoasa# show ") + "^\r\nERROR: % Invalid input detected at '^' marker.\r\n"
    )
    out = asa(con, "frobnicate")
    assert (
        out == " " * len("ciscoasa# ") + "^\r\nERROR: % Invalid input detected at '^' marker.\r\n"
    )


def test_abbreviations(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    assert "Software Version 9.16(4)85" in asa(con, "sh ver")
    asa(con, "conf t", "ciscoasa(config)# ")
    asa(con, "int m1/1", "ciscoasa(config-if)# ")
    asa(con, "end")


def test_pager_when_not_disabled(console: Opener, state_dir: Path) -> None:
    provision(state_dir)
    con = console()
    to_user_prompt(con, first_boot=False)
    con.sendline("enable")
    con.expect_exact("Password: ")
    con.sendline("")
    con.expect_exact("ciscoasa# ")
    con.sendline("show running-config")
    con.expect_exact("<--- More --->")
    con.send(" ")
    con.expect_exact("<--- More --->")
    con.send("q")
    con.expect_exact("ciscoasa# ")
    with pytest.raises(pexpect.TIMEOUT):
        con.expect_exact(": end", timeout=0.2)


def test_pipe_include(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    assert asa(con, "show version | include image") == f'System image file is "disk0:/{IMAGE}"\r\n'


def test_user_mode_cannot_configure(console: Opener, state_dir: Path) -> None:
    provision(state_dir)
    con = console()
    to_user_prompt(con, first_boot=False)
    out = asa(con, "configure terminal", "ciscoasa> ")
    assert "ERROR: % Invalid input detected at '^' marker." in out
