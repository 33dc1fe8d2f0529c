"""ASA OS: configure terminal, interface, routes, boot system, write memory, reload."""

from __future__ import annotations

from pathlib import Path

from rommon_toolkit.simulator import registry
from tests.sim.asa_setup import IMAGE, booted, provision
from tests.sim.conftest import Opener
from tests.sim.flows import asa, enable, mgmt_up, to_user_prompt

CFG, CFG_IF = "ciscoasa(config)# ", "ciscoasa(config-if)# "


def test_anonymous_reporting_question_on_a_fresh_unit(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir, startup=False)
    con.sendline("configure terminal")
    con.expect_exact("Would you like to enable anonymous error reporting to help improve\r\n")
    con.expect_exact("the product? [Y]es, [N]o, [A]sk later: ")
    con.sendline("A")
    con.expect_exact(CFG)
    asa(con, "exit")
    con.sendline("configure terminal")
    con.expect_exact(CFG)  # asked once per boot after "ask later"


def test_no_question_when_the_config_answered_it(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    con.sendline("configure terminal")
    assert con.expect_exact([CFG, "[A]sk later: "]) == 0


def test_management_interface_config(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    before = asa(con, "show running-config interface Management1/1")
    assert before == (
        "interface Management1/1\r\n management-only\r\n shutdown\r\n no nameif\r\n"
        " no security-level\r\n no ip address\r\n"
    )
    mgmt_up(con, "192.168.1.1", "255.255.255.0")
    after = asa(con, "show running-config interface Management1/1")
    assert after == (
        "interface Management1/1\r\n management-only\r\n nameif management\r\n"
        " security-level 0\r\n ip address 192.168.1.1 255.255.255.0 \r\n"
    )
    asa(con, "configure terminal", CFG)
    asa(con, "interface Management1/1", CFG_IF)
    asa(con, "security-level 100", CFG_IF)
    asa(con, "no ip address", CFG_IF)
    asa(con, "no nameif", CFG_IF)
    asa(con, "shutdown", CFG_IF)
    asa(con, "exit", CFG)
    asa(con, "end")
    assert asa(con, "show running-config interface Management1/1") == before


def test_bad_ip_address_marks_the_word(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    asa(con, "configure terminal", CFG)
    asa(con, "interface Management1/1", CFG_IF)
    out = asa(con, "ip address 10.0.0.300 255.0.0.0", CFG_IF)
    assert out.startswith(" " * len(CFG_IF + "ip address ") + "^\r\n")


def test_routes(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    mgmt_up(con, "192.168.1.1", "255.255.255.0")
    asa(con, "configure terminal", CFG)
    asa(con, "route management 10.9.9.9 255.255.255.255 192.168.1.254", CFG)
    asa(con, "end")
    routes = asa(con, "show running-config route")
    assert routes == "route management 10.9.9.9 255.255.255.255 192.168.1.254 1\r\n"
    asa(con, "configure terminal", CFG)
    asa(con, "no route management 10.9.9.9 255.255.255.255 192.168.1.254", CFG)
    asa(con, "end")
    assert asa(con, "show running-config route") == ""


def test_boot_system_lines_write_memory_and_boot_string(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    asa(con, "configure terminal", CFG)
    asa(con, "boot system disk0:/new.SPA", CFG)
    asa(con, f"no boot system disk0:/{IMAGE}", CFG)
    asa(con, f"boot system disk0:/{IMAGE}", CFG)
    asa(con, "end")
    expected = f"boot system disk0:/new.SPA\r\nboot system disk0:/{IMAGE}\r\n"
    assert asa(con, "show running-config boot") == expected
    out = asa(con, "write memory")
    assert out.startswith("Building configuration...\r\nCryptochecksum: ")
    assert out.endswith(" secs\r\n[OK]\r\n")
    snap = registry.unit_for(state_dir).snapshot()
    assert snap.boot_lines == ("disk0:/new.SPA", f"disk0:/{IMAGE}")
    assert snap.boot_string == ("disk0:/new.SPA", f"disk0:/{IMAGE}")
    assert snap.next_boot.target == f"disk0:/{IMAGE}"  # new.SPA is missing


def test_reload_without_changes_asks_only_to_proceed(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    con.sendline("reload")
    con.expect_exact("Proceed with reload? [confirm]")
    con.sendline("")
    con.expect_exact("*** --- START GRACEFUL SHUTDOWN ---")
    con.expect_exact("Process shutdown finished\r\nRebooting... (status 0x9)")
    con.expect_exact("Rom image verified correctly")
    con.expect_exact("Last reset cause: PowerCycleRequest")
    con.expect_exact('Attempt autoboot: "boot disk0:/asa9-16-4-85-lfbff-k8.SPA"')
    to_user_prompt(con, first_boot=False)


def test_reload_with_unsaved_changes_asks_to_save(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    asa(con, "configure terminal", CFG)
    asa(con, "hostname fw1", "fw1(config)# ")
    asa(con, "end", "fw1# ")
    con.sendline("reload")
    con.expect_exact("System config has been modified. Save? [Y]es/[N]o:")
    con.sendline("Y")
    con.expect_exact("[OK]")
    con.expect_exact("Proceed with reload? [confirm]")
    con.sendline("")
    con.expect_exact("Rom image verified correctly")
    con.expect_exact("User enable_1 logged in to fw1")
    con.expect_exact("fw1> ")


def test_reload_can_be_declined(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    con.sendline("reload")
    con.expect_exact("Proceed with reload? [confirm]")
    con.sendline("n")
    con.expect_exact("ciscoasa# ")
    assert registry.unit_for(state_dir).mode == "asa"


def test_config_register_pending_then_applied(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    asa(con, "configure terminal", CFG)
    asa(con, "config-register 0x41", CFG)
    asa(con, "end")
    assert "Configuration register is 0x1 (will be 0x41 at next reload)" in asa(con, "show version")
    asa(con, "configure terminal", CFG)
    asa(con, "no config-register", CFG)
    asa(con, "end")
    assert "Configuration register is 0x1\r\n" in asa(con, "show version")


def test_password_recovery_config_0x41_ignores_startup(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    asa(con, "configure terminal", CFG)
    asa(con, "hostname fw1", "fw1(config)# ")
    asa(con, "enable password secret", "fw1(config)# ")
    asa(con, "config-register 0x41", "fw1(config)# ")
    asa(con, "end", "fw1# ")
    asa(con, "write memory", "fw1# ")
    con.sendline("reload")
    con.expect_exact("Proceed with reload? [confirm]")
    con.sendline("")
    to_user_prompt(con, first_boot=False)  # default config: hostname ciscoasa
    enable(con)  # blank password
    assert "Configuration register is 0x41\r\n" in asa(con, "show version")
    out = asa(con, "copy startup-config running-config", "Destination filename [running-config]? ")
    assert out == ""
    con.sendline("")
    con.expect_exact("fw1# ")
    asa(con, "configure terminal", "fw1(config)# ")
    asa(con, "enable password newpass", "fw1(config)# ")
    asa(con, "config-register 0x1", "fw1(config)# ")
    asa(con, "end", "fw1# ")
    assert "Configuration register is 0x41 (will be 0x1 at next reload)" in asa(
        con, "show version", "fw1# "
    )
    asa(con, "write memory", "fw1# ")
    assert registry.unit_for(state_dir).snapshot().confreg == 0x1


def test_more_system_running_config(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    out = asa(con, "more system:running-config")
    assert ": Saved" in out
    assert "ASA Version 9.16(4)85 \r\n" in out
    assert out.endswith(": end\r\n")
    assert out == asa(con, "show running-config")


def test_write_erase_then_first_boot_again(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    con.sendline("write erase")
    con.expect_exact("Erase configuration in flash memory? [confirm]")
    con.sendline("")
    con.expect_exact("[OK]")
    con.expect_exact("ciscoasa# ")
    assert registry.unit_for(state_dir).snapshot().startup_config is None
    con.sendline("reload noconfirm")
    con.expect_exact("Pre-configure Firewall now through interactive prompts [yes]? ")


def test_first_boot_wizard_yes(console: Opener, state_dir: Path) -> None:
    provision(state_dir, startup=False)
    con = console()
    con.expect_exact("[yes]? ")
    con.sendline("")
    answers = [
        ("Firewall Mode [Routed]: ", ""),
        ("Enable password [<use current password>]: ", "pw1"),
        ("Allow password recovery [yes]? ", ""),
        ("  Year [", ""),
        ("  Month [", ""),
        ("  Day [", ""),
        ("  Time [", ""),
        ("Management IP address: ", "192.168.1.1"),
        ("Management network mask: ", "255.255.255.0"),
        ("Host name: ", "fw9"),
        ("Domain name: ", "example.net"),
        ("IP address of host running Device Manager: ", ""),
        ("Use this configuration and save to flash? [yes] ", ""),
    ]
    for question, answer in answers:
        con.expect_exact(question)
        con.sendline(answer)
    con.expect_exact("[OK]")
    con.expect_exact("fw9> ")
    startup = registry.unit_for(state_dir).snapshot().startup_config
    assert startup is not None
    assert "hostname fw9\n" in startup
    assert " ip address 192.168.1.1 255.255.255.0 \n" in startup
