"""ROMMON: banner, countdown, interrupt, variables, sync, confreg, boot, dir, unknown commands."""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest

from rommon_toolkit.simulator import registry
from rommon_toolkit.simulator.images import make_image
from rommon_toolkit.simulator.provision import init_unit
from tests.sim.conftest import Opener
from tests.sim.flows import ROMMON_PROMPT, rommon, to_rommon

SET_DEFAULT = (
    "    ADDRESS=\r\n    NETMASK=\r\n    GATEWAY=\r\n    SERVER=\r\n    IMAGE=\r\n"
    '    CONFIG=\r\n    PS1="rommon ! > "\r\n'
)


def test_banner_of_the_5506(console: Opener) -> None:
    con = console()
    con.expect_exact("Rom image verified correctly\r\n")
    con.expect_exact("Cisco Systems ROMMON, Version 1.1.14, RELEASE SOFTWARE\r\n")
    assert "Rom image" not in con.before  # printed once
    con.expect(r"Copyright \(c\) 1994-\d{4}  by Cisco Systems, Inc\.\r\n")
    con.expect(r"Compiled \w{3} \d\d/\d\d/\d{4} [\d:.]+ by \w+\r\n")
    con.expect_exact("Current image running: Boot ROM0\r\n")
    con.expect_exact("Last reset cause: PowerOn\r\nDIMM Slot 0 : Present\r\n\r\n")
    con.expect_exact("Platform ASA5506 with 4096 Mbytes of main memory\r\n")
    con.expect(r"MAC Address: ([0-9a-f]{2}:){5}[0-9a-f]{2}\r\n")
    con.expect_exact("Use BREAK or ESC to interrupt boot.\r\nUse SPACE to begin boot immediately.")


def test_banner_of_the_5516_with_two_dimms(console: Opener) -> None:
    con = console(model="asa5516")
    con.expect_exact("DIMM Slot 0 : Present\r\nDIMM Slot 1 : Present\r\n")
    con.expect_exact("Platform ASA5516 with 8192 Mbytes of main memory")


def test_esc_interrupts_into_rommon_1(console: Opener) -> None:
    to_rommon(console())


def test_break_interrupts_too(console: Opener) -> None:
    con = console()
    con.expect_exact("Rom image verified correctly")
    con.port.send_break()
    con.expect_exact("Boot interrupted.  \r\nrommon 1 > ")


def test_no_key_autoboots_and_lands_in_rommon_without_image(console: Opener) -> None:
    con = console()
    con.expect_exact("Boot in 10 seconds.")
    con.expect_exact("unable to boot an image\r\nBooting from ROMMON\r\n")
    con.expect_exact("rommon 1 > ")


def test_space_boots_at_once(console: Opener, state_dir: Path) -> None:
    init_unit(state_dir, "asa5506")
    make_image(state_dir / "disk0", "asa5506", "9.16(4)85", 1 << 20)
    con = console(speed=20)  # a 0.5 s countdown window: SPACE must cut it short
    con.expect_exact("Use SPACE to begin boot immediately.")
    con.send(" ")
    con.expect_exact('Attempt autoboot: "boot disk0:/asa9-16-4-85-lfbff-k8.SPA"', timeout=0.4)


def test_set_prints_exactly_the_kenton_list(console: Opener) -> None:
    con = console()
    to_rommon(con)
    assert rommon(con, "set") == SET_DEFAULT


def test_assignments_aliases_and_unset(console: Opener) -> None:
    con = console()
    to_rommon(con)
    assert rommon(con, "ADDRESS=192.168.1.2") == ""
    rommon(con, "NETMASK=255.255.255.0")
    rommon(con, "gateway 192.168.1.254")
    rommon(con, "server 192.168.1.1")
    rommon(con, "file asa9-16-4-85-lfbff-k8.SPA")
    rommon(con, "unset GATEWAY")
    shown = rommon(con, "set")
    assert "    ADDRESS=192.168.1.2\r\n    NETMASK=255.255.255.0\r\n    GATEWAY=\r\n" in shown
    assert "    SERVER=192.168.1.1\r\n    IMAGE=asa9-16-4-85-lfbff-k8.SPA\r\n" in shown


def test_bad_address_is_refused(console: Opener) -> None:
    con = console()
    to_rommon(con)
    assert "Invalid IP address '300.1.1.1' for ADDRESS." in rommon(con, "ADDRESS=300.1.1.1")
    assert "    ADDRESS=\r\n" in rommon(con, "set")


def test_prompt_counter_increments_per_command(console: Opener) -> None:
    con = console()
    to_rommon(con)
    numbers = []
    for command in ("set", "ADDRESS=10.0.0.2", "", "sync"):
        con.sendline(command)
        con.expect(ROMMON_PROMPT)
        numbers.append(int(con.match.group(1)))
    assert numbers == [2, 3, 3, 4]


def test_sync_persists_across_power_cycle_and_unsynced_values_do_not(
    console: Opener, state_dir: Path
) -> None:
    con = console()
    to_rommon(con)
    rommon(con, "ADDRESS=10.0.0.2")
    rommon(con, "sync")
    rommon(con, "SERVER=10.0.0.9")  # never synced
    registry.unit_for(state_dir).power_cycle()
    to_rommon(con)
    shown = rommon(con, "set")
    assert "    ADDRESS=10.0.0.2\r\n" in shown
    assert "    SERVER=\r\n" in shown
    assert registry.unit_for(state_dir).snapshot().nvram_variables["ADDRESS"] == "10.0.0.2"


def test_unknown_command(console: Opener) -> None:
    con = console()
    to_rommon(con)
    assert rommon(con, "frobnicate now") == 'Unknown command "frobnicate"\r\n'


def test_help_lists_the_commands(console: Opener) -> None:
    con = console()
    to_rommon(con)
    text = rommon(con, "help")
    for command in ("boot", "confreg", "dir", "reset", "set", "sync", "tftpdnld", "unset"):
        assert f"    {command} " in text
    assert rommon(con, "?") == text


def test_dir_lists_disk0(console: Opener, state_dir: Path) -> None:
    init_unit(state_dir, "asa5506")
    make_image(state_dir / "disk0", "asa5506", "9.16(4)85", 1 << 20)
    con = console()
    to_rommon(con)
    text = rommon(con, "dir disk0:")
    assert f"{1 << 20:>12} bytes     asa9-16-4-85-lfbff-k8.SPA" in text
    assert "bytes available" in text


def test_confreg_0x41_then_menu_shows_it(console: Opener, state_dir: Path) -> None:
    con = console()
    to_rommon(con)
    out = rommon(con, "confreg 0x41")
    assert out == "You must reset or power cycle for new config to take effect\r\n"
    assert registry.unit_for(state_dir).snapshot().confreg == 0x41
    con.sendline("confreg")
    con.expect_exact("Configuration Register: 0x00000041\r\nConfiguration Summary\r\n")
    con.expect_exact("[ 0 ] password recovery\r\n[ 1 ] display break prompt\r\n")
    con.expect_exact("[ 2 ] ignore system configuration\r\n[ 3 ] auto-boot image in disks\r\n")
    con.expect_exact("[ 4 ] console baud: 9600\r\n")
    con.expect_exact("boot: ...... auto-boot index 1 image in disks\r\n")
    con.expect_exact("do you wish to change the configuration? y/n [n]: ")
    con.sendline("")
    con.expect(ROMMON_PROMPT)


def test_confreg_menu_walk_sets_ignore_config(console: Opener, state_dir: Path) -> None:
    con = console()
    to_rommon(con)
    con.sendline("confreg")
    con.expect_exact("Configuration Register: 0x00000001")
    answers = [
        ("do you wish to change the configuration? y/n [n]: ", "y"),
        ('disable "password recovery"? y/n [n]: ', "n"),
        ('disable "display break prompt"? y/n [n]: ', "n"),
        ('enable "ignore system configuration"? y/n [n]: ', "y"),
        ('disable "auto-boot image in disks"? y/n [n]: ', "n"),
        ("change console baud rate? y/n [n]: ", "n"),
        ("select specific image in disks to boot? y/n [n]: ", "n"),
    ]
    for question, answer in answers:
        con.expect_exact(question)
        con.sendline(answer)
    con.expect_exact("Configuration Register: 0x00000041")
    con.expect_exact("[ 2 ] ignore system configuration")
    con.expect_exact("You must reset or power cycle for new config to take effect")
    con.expect(ROMMON_PROMPT)
    snap = registry.unit_for(state_dir).snapshot()
    assert snap.confreg == 0x41
    assert snap.password_recovery


def test_reset_reboots_to_the_banner(console: Opener) -> None:
    con = console()
    to_rommon(con)
    con.sendline("reset")
    con.expect_exact("Rom image verified correctly")
    con.expect_exact("Last reset cause: PowerCycleRequest")


def test_boot_named_image_reaches_the_asa(console: Opener, state_dir: Path) -> None:
    init_unit(state_dir, "asa5506")
    make_image(state_dir / "disk0", "asa5506", "9.16(4)85", 1 << 20)
    con = console()
    to_rommon(con)
    con.sendline("boot disk0:/asa9-16-4-85-lfbff-k8.SPA")
    con.expect_exact("Located 'asa9-16-4-85-lfbff-k8.SPA' @ cluster ")
    con.expect_exact("LFBFF signature verified.\r\nINIT: version 2.88 booting\r\n")
    con.expect_exact("SW-DRBG health test passed.")
    con.expect_exact("ciscoasa> ")


@pytest.mark.parametrize(
    ("family", "corrupt", "message"),
    [
        ("smp", False, "ERROR: 'asa9-16-4-85-smp-k8.bin' is not an LFBFF image for this platform."),
        ("lfbff", True, "LFBFF signature verification failed."),
    ],
)
def test_boot_refuses_bad_images(
    console: Opener, state_dir: Path, family: str, corrupt: bool, message: str
) -> None:
    init_unit(state_dir, "asa5506")
    image = make_image(
        state_dir / "disk0", "asa5506", "9.16(4)85", 1 << 20, family=family, corrupt=corrupt
    )
    con = console()
    to_rommon(con)
    out = rommon(con, f"boot disk0:/{image.name}")
    assert message in out
    assert "INIT: version" not in out


def test_boot_of_missing_file(console: Opener) -> None:
    con = console()
    to_rommon(con)
    assert rommon(con, "boot disk0:/nope.SPA") == "Unable to locate 'nope.SPA' on disk0:.\r\n"


def test_ping_server(console: Opener) -> None:
    con = console()
    to_rommon(con)
    for command in ("ADDRESS=10.1.1.2", "NETMASK=255.255.255.0", "SERVER=10.1.1.9"):
        rommon(con, command)
    out = rommon(con, "ping server")
    assert "Sending 20, 100-byte ICMP Echoes to server 10.1.1.9" in out
    assert "Success rate is 100 percent (20/20)" in out


def test_confreg_without_autoboot_stays_in_rommon(console: Opener, state_dir: Path) -> None:
    init_unit(state_dir, "asa5506")
    make_image(state_dir / "disk0", "asa5506", "9.16(4)85", 1 << 20)
    con = console()
    to_rommon(con)
    rommon(con, "confreg 0x0")
    con.sendline("reset")
    con.expect_exact("MAC Address:")
    index = con.expect_exact(["rommon 1 > ", "Use BREAK or ESC"])
    assert index == 0
    with pytest.raises(pexpect.TIMEOUT):
        con.expect_exact("INIT:", timeout=0.3)
