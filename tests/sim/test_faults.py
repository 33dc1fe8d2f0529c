"""Every named fault, switched on at start (URL) or mid-run (API)."""

from __future__ import annotations

import time
from pathlib import Path

import pexpect
import pytest

from rommon_toolkit.simulator import registry
from rommon_toolkit.simulator.faults import FAULT_NAMES
from rommon_toolkit.simulator.images import make_image
from rommon_toolkit.simulator.texts import rommon as rtext
from tests.sim.asa_setup import IMAGE, booted, provision
from tests.sim.conftest import Opener
from tests.sim.flows import asa, mgmt_up, rommon, to_rommon, to_user_prompt
from tests.sim.spawn import ESC
from tests.sim.tftpd import TftpServer

NEW = "asa9-18-4-lfbff-k8.SPA"


def test_fault_names_are_the_documented_set() -> None:
    assert set(FAULT_NAMES) == {
        "password-recovery-disabled", "no-mgmt-link", "corrupt-download", "line-noise",
        "short-countdown", "missed-countdown", "boot-loop", "reboot-mid-copy", "disk-full",
        "wrong-baud", "slow-output", "slow-upgrade", "force-enable-password",
        "link-down-after-reload", "routes-lost-after-reload", "conns-collapse-after-reload",
        "standby-never-returns", "switchover-refused", "version-skew-refused",
    }  # fmt: skip


def test_password_recovery_disabled_answer_no_autoboots(console: Opener, state_dir: Path) -> None:
    provision(state_dir)
    con = console(fault="password-recovery-disabled")
    con.expect_exact("Rom image verified correctly")
    con.send(ESC)
    con.expect_exact("INFO: PASSWORD RECOVERY functionality is disabled.\r\n")
    con.expect_exact("disabled by your security policy. Answering YES below will cause ALL\r\n")
    con.expect_exact("Permanently erase 'disk0:'? ")
    con.sendline("no")
    con.expect_exact('Attempt autoboot: "boot disk0:/asa9-16-4-85-lfbff-k8.SPA"')
    to_user_prompt(con, first_boot=False)
    snap = registry.unit_for(state_dir).snapshot()
    assert not snap.password_recovery
    assert snap.file(IMAGE) is not None


def test_password_recovery_disabled_answer_yes_erases(console: Opener, state_dir: Path) -> None:
    provision(state_dir)
    con = console(fault="password-recovery-disabled")
    con.expect_exact("Rom image verified correctly")
    con.send(ESC)
    con.expect_exact("Permanently erase 'disk0:'? ")
    con.sendline("yes")
    con.expect_exact("rommon 1 > ")
    snap = registry.unit_for(state_dir).snapshot()
    assert snap.password_recovery
    assert snap.startup_config is None
    assert snap.file(IMAGE) is None
    assert snap.boot_string == ()
    assert snap.next_boot.target is None


def test_no_service_password_recovery_from_the_asa(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    asa(con, "configure terminal", "ciscoasa(config)# ")
    asa(con, "no service password-recovery", "ciscoasa(config)# ")
    asa(con, "end")
    con.sendline("reload noconfirm")
    con.expect_exact("Rom image verified correctly")
    con.send(ESC)
    con.expect_exact("Permanently erase 'disk0:'? ")


def test_boot_loop_lands_in_rommon(console: Opener, state_dir: Path) -> None:
    provision(state_dir)
    con = console(fault="boot-loop")
    con.expect_exact('Attempt autoboot: "boot disk0:/asa9-12-4-lfbff-k8.SPA"')
    con.expect_exact("Unable to locate 'asa9-12-4-lfbff-k8.SPA' on disk0:.")
    con.expect_exact("unable to boot an image\r\nBooting from ROMMON\r\nrommon 1 > ")
    snap = registry.unit_for(state_dir).snapshot()
    assert snap.boot_lines == ("disk0:/asa9-12-4-lfbff-k8.SPA",)
    assert snap.file(IMAGE) is None
    assert snap.next_boot.target is None
    assert "boot-loop" not in snap.faults  # written into the unit, then switched off


def test_short_countdown_starts_at_one_second(console: Opener, state_dir: Path) -> None:
    con = console(fault="short-countdown")
    con.expect_exact("Use SPACE to begin boot immediately.\r\n")
    con.expect(r"Boot in (\d+) seconds\.")
    assert con.match.group(1) == "1"


def test_missed_countdown_hides_the_text_but_keeps_a_window(console: Opener) -> None:
    con = console(fault="missed-countdown", speed=20)
    con.expect_exact("MAC Address: ")
    con.send(ESC)
    index = con.expect_exact(["Boot interrupted.  \r\nrommon 1 > ", "Use BREAK"])
    assert index == 0
    assert "Boot in" not in con.before


def test_line_noise_inserts_garbage(console: Opener, state_dir: Path) -> None:
    con = console(fault="line-noise")
    con.expect_exact("rommon 1 > ", timeout=20)  # no image: autoboot fails to ROMMON
    seen = con.before
    assert any(ord(c) >= 0x80 for c in seen)


def test_wrong_baud_garbles_and_clears(console: Opener, state_dir: Path) -> None:
    con = console(fault="wrong-baud")
    with pytest.raises(pexpect.TIMEOUT):
        con.expect_exact("Rom image", timeout=0.5)
    unit = registry.unit_for(state_dir)
    assert unit.wait_for_mode("rommon", 10)  # no image: autoboot failed, garbled prompt
    unit.clear_fault("wrong-baud")
    con.sendline("")
    con.expect_exact("rommon 1 > ")


def test_host_at_the_wrong_speed_sees_garbage(console: Opener, state_dir: Path) -> None:
    con = console()
    unit = registry.unit_for(state_dir)
    for baud, readable in ((115200, False), (9600, True)):
        unit.power_off()
        con.port.baudrate = baud
        con.port.reset_input_buffer()
        unit.power_on()
        if readable:
            con.expect_exact("Rom image verified correctly")
        else:
            with pytest.raises(pexpect.TIMEOUT):
                con.expect_exact("Rom image", timeout=0.5)


def _chars_in(con_read: pexpect.spawnbase.SpawnBase, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    count = 0
    while time.monotonic() < deadline:
        try:
            count += len(con_read.read_nonblocking(4096, timeout=deadline - time.monotonic()))
        except pexpect.TIMEOUT:
            break
    return count


def test_slow_output_is_slower_than_9600_baud(
    console: Opener, state_dir: Path, tmp_path: Path
) -> None:
    normal = console(speed=1)
    normal_chars = _chars_in(normal, 0.4)  # the banner streams at ~960 chars/s
    registry.close_all()
    slow = console(tmp_path / "slow", speed=1, fault="slow-output")
    slow_chars = _chars_in(slow, 0.4)
    assert normal_chars > 200
    assert slow_chars * 3 < normal_chars


def test_reboot_mid_copy_leaves_a_partial_file(
    console: Opener, state_dir: Path, tftp_server: TftpServer
) -> None:
    make_image(tftp_server.root, "asa5506", "9.18(4)", 2 << 20)
    con = booted(console, state_dir, tftp_port=tftp_server.port)
    mgmt_up(con)
    unit = registry.unit_for(state_dir)
    unit.inject_fault("reboot-mid-copy")
    con.sendline(f"copy /noconfirm tftp://127.0.0.1/{NEW} disk0:/{NEW}")
    con.expect_exact("Accessing tftp://")
    con.expect_exact("Rom image verified correctly")
    con.expect_exact("Last reset cause: PowerOn")
    partial = unit.snapshot().file(NEW)
    assert partial is not None
    assert 0 < partial.size < 2 << 20
    assert "reboot-mid-copy" not in unit.snapshot().faults  # one-shot
    to_user_prompt(con, first_boot=False)


def test_corrupt_download_on_copy(
    console: Opener, state_dir: Path, tftp_server: TftpServer
) -> None:
    make_image(tftp_server.root, "asa5506", "9.18(4)", 1 << 20)
    con = booted(console, state_dir, tftp_port=tftp_server.port, fault="corrupt-download")
    mgmt_up(con)
    out = asa(con, f"copy /noconfirm tftp://127.0.0.1/{NEW} disk0:/{NEW}")
    assert "(Digital signature validation failed)" in out


def test_no_mgmt_link_on_copy(console: Opener, state_dir: Path, tftp_server: TftpServer) -> None:
    make_image(tftp_server.root, "asa5506", "9.18(4)", 1 << 20)
    con = booted(console, state_dir, tftp_port=tftp_server.port, tftp_timeout=0.1, tftp_retries=1)
    mgmt_up(con)
    registry.unit_for(state_dir).inject_fault("no-mgmt-link")
    out = asa(con, f"copy /noconfirm tftp://127.0.0.1/{NEW} disk0:/{NEW}")
    assert f"%Error opening tftp://127.0.0.1/{NEW} (Timed out)" in out


def test_small_disk_fills_up(console: Opener, state_dir: Path, tftp_server: TftpServer) -> None:
    provision(state_dir, disk_size=3 << 20)  # 2 MiB image already there
    make_image(tftp_server.root, "asa5506", "9.18(4)", 2 << 20)
    con = console(tftp_port=tftp_server.port)
    to_user_prompt(con, first_boot=False)
    con.sendline("enable")
    con.expect_exact("Password: ")
    con.sendline("")
    con.expect_exact("ciscoasa# ")
    mgmt_up(con)
    out = asa(con, f"copy /noconfirm tftp://127.0.0.1/{NEW} disk0:/{NEW}")
    assert "(No space left on device)" in out


def test_slow_upgrade_takes_longer(console: Opener, state_dir: Path, tmp_path: Path) -> None:
    """The slow-upgrade fault at least doubles the flash time.

    Load-proof: the clock starts before the upgrade is confirmed and a pause never ends early,
    so each measured time is at least the unit's own budget; load only adds to both runs.
    """
    speed = 500
    flash = rtext.UPGRADE_FLASH_SECONDS / speed  # real seconds the normal flash pauses
    durations = []
    for name, faults in (("normal", []), ("slow", ["slow-upgrade"])):
        directory = tmp_path / name
        provision(directory)
        make_image(directory / "disk0", "asa5506", "1.1.18", 64 * 1024, kind="firmware")
        con = console(directory, speed=speed, fault=faults)
        to_user_prompt(con, first_boot=False)
        con.sendline("enable")
        con.expect_exact("Password: ")
        con.sendline("")
        con.expect_exact("ciscoasa# ")
        con.sendline("upgrade rommon disk0:/asa5500-firmware-1118.SPA")
        con.expect_exact("Proceed with reload? [confirm]")
        started = time.monotonic()
        con.sendline("")
        con.expect_exact("Upgrading ROMMON image to version 1.1.18")
        con.expect_exact("ROMMON image written.")
        durations.append(time.monotonic() - started)
        registry.close_all()
    normal, slow = durations
    assert normal >= flash
    assert slow >= rtext.SLOW_UPGRADE_FACTOR * flash  # a no-op fault takes about `flash`
    assert slow > normal


def test_faults_switch_mid_run(console: Opener, state_dir: Path) -> None:
    con = console()
    to_rommon(con)
    unit = registry.unit_for(state_dir)
    unit.inject_fault("line-noise")
    assert "line-noise" in unit.snapshot().faults
    unit.clear_fault("line-noise")
    assert rommon(con, "set").startswith("    ADDRESS=")
    with pytest.raises(ValueError, match="unknown fault 'nope'"):
        unit.inject_fault("nope")
