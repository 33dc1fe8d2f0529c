"""The line discipline (echo, backspace, Ctrl-U, CRLF) and ASA context help."""

from __future__ import annotations

from pathlib import Path

from rommon_toolkit.simulator import registry
from tests.sim.asa_setup import IMAGE, booted, provision
from tests.sim.conftest import Opener
from tests.sim.flows import ROMMON_PROMPT, asa, rommon, to_rommon


def test_backspace_and_echo_in_rommon(console: Opener) -> None:
    con = console()
    to_rommon(con)
    con.send("sex\x7ft\r")
    con.expect_exact("sex\b \bt\r\n")
    con.expect_exact('PS1="rommon ! > "')
    con.expect(ROMMON_PROMPT)


def test_ctrl_u_and_crlf_count_as_one_line(console: Opener) -> None:
    con = console()
    to_rommon(con)
    con.send("junk\x15set\r\n")
    con.expect_exact("    ADDRESS=")
    con.expect(ROMMON_PROMPT)
    assert con.match.group(1) == "2"  # CRLF is one Enter
    assert rommon(con, "sync") == ""
    assert con.match.group(1) == "3"


def test_question_mark_lists_options(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    con.send("show ver?")
    con.expect_exact("  version\r\n")
    con.expect_exact("ciscoasa# show ver")
    con.send("\r")
    con.expect_exact("Cisco Adaptive Security Appliance Software Version")
    con.expect_exact("ciscoasa# ")


def test_username_and_no_username(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    asa(con, "configure terminal", "ciscoasa(config)# ")
    asa(con, "username admin password Adm1n privilege 15", "ciscoasa(config)# ")
    asa(con, "end")
    config = asa(con, "show running-config username")
    assert config.startswith("username admin password $sha512$5000$")
    assert config.endswith(" pbkdf2 privilege 15\r\n")
    asa(con, "configure terminal", "ciscoasa(config)# ")
    asa(con, "no username admin", "ciscoasa(config)# ")
    asa(con, "end")
    assert asa(con, "show running-config username") == ""
    assert registry.unit_for(state_dir).snapshot().running.config_dirty


def test_manual_boot_uses_the_boot_string(console: Opener, state_dir: Path) -> None:
    provision(state_dir)
    con = console()
    to_rommon(con)
    con.sendline("boot")
    con.expect_exact("Located '.boot_string' @ cluster ")
    con.expect_exact(f"#\r\nLocated '{IMAGE}' @ cluster ")
    con.expect_exact("LFBFF signature verified.")
    con.expect_exact("ciscoasa> ")
