"""`upgrade rommon`: verification dialog, two reloads, new version; refusals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rommon_toolkit.simulator import registry
from rommon_toolkit.simulator.images import make_image
from tests.sim.asa_setup import provision
from tests.sim.conftest import Opener
from tests.sim.flows import asa, enable, to_user_prompt
from tests.sim.spawn import PortSpawn

FIRMWARE = "asa5500-firmware-1118.SPA"


def at_prompt(
    console: Opener, state_dir: Path, rommon: str = "1.1.14", **options: object
) -> PortSpawn:
    provision(state_dir, rommon_version=rommon)
    con = console(**options)
    to_user_prompt(con, first_boot=False)
    enable(con)
    return con


def test_upgrade_dialog_double_reload_and_new_version(console: Opener, state_dir: Path) -> None:
    con = at_prompt(console, state_dir, speed=2000)
    make_image(state_dir / "disk0", "asa5506", "1.1.18", 256 * 1024, kind="firmware")
    con.sendline(f"upgrade rommon disk0:{FIRMWARE}")
    con.expect_exact(f"Verifying file integrity of disk0:/{FIRMWARE}\r\n\r\nComputed Hash   SHA2: ")
    con.expect_exact("Embedded Hash   SHA2: ")
    con.expect_exact("Digital signature successfully validated\r\n")
    con.expect_exact(f"File Name       : disk0:/{FIRMWARE}\r\nImage type      : Release\r\n")
    con.expect_exact("    Organization Unit : NCS_Kenton_ASA\r\n")
    con.expect_exact("    Certificate Serial Number : 553156F4\r\n")
    con.expect_exact("    Key Version       : A\r\nVerification successful.\r\n")
    con.expect_exact("Proceed with reload? [confirm]")
    con.sendline("")
    con.expect_exact("Rebooting... (status 0x9)")
    unit = registry.unit_for(state_dir)
    con.expect_exact("Cisco Systems ROMMON, Version 1.1.14, RELEASE SOFTWARE")
    con.expect_exact("Upgrading ROMMON image to version 1.1.18")
    assert unit.mode == "upgrading"
    con.expect_exact("Cisco Systems ROMMON, Version 1.1.18, RELEASE SOFTWARE")  # second reload
    con.expect_exact("ROMMON upgrade to 1.1.18 successful. Rebooting.")
    con.expect_exact("Cisco Systems ROMMON, Version 1.1.18, RELEASE SOFTWARE")  # normal boot
    con.expect_exact("Use BREAK or ESC to interrupt boot.")
    to_user_prompt(con, first_boot=False)
    enable(con)
    assert re.search(r" 1\.1\.18 +9\.16\(4\)85\r\n", asa(con, "show module"))
    assert "ROMMON Version            : 1.1.18\r\n" in asa(con, "show version")
    snap = unit.snapshot()
    assert snap.rommon_version == "1.1.18"
    assert snap.rommon_upgrade is None


@pytest.mark.parametrize("version", ["1.1.14", "1.1.12"])
def test_same_or_older_version_is_refused(console: Opener, state_dir: Path, version: str) -> None:
    con = at_prompt(console, state_dir)
    firmware = make_image(state_dir / "disk0", "asa5506", version, 64 * 1024, kind="firmware")
    out = asa(con, f"upgrade rommon disk0:/{firmware.name}")
    assert "Verification successful." in out
    assert f"ERROR: ROMMON version {version} is not newer than the running version 1.1.14." in out
    assert "Proceed with reload" not in out
    assert registry.unit_for(state_dir).snapshot().rommon_upgrade is None


def test_corrupted_firmware_is_refused(console: Opener, state_dir: Path) -> None:
    con = at_prompt(console, state_dir)
    make_image(state_dir / "disk0", "asa5506", "1.1.18", 64 * 1024, kind="firmware", corrupt=True)
    out = asa(con, f"upgrade rommon disk0:/{FIRMWARE}")
    assert "%Error: Digital signature validation failed" in out
    assert "Proceed with reload" not in out


def test_an_asa_image_is_not_firmware(console: Opener, state_dir: Path) -> None:
    con = at_prompt(console, state_dir)
    out = asa(con, "upgrade rommon disk0:/asa9-16-4-85-lfbff-k8.SPA")
    assert "is not a ROMMON image for this platform." in out


def test_missing_firmware_file(console: Opener, state_dir: Path) -> None:
    con = at_prompt(console, state_dir)
    out = asa(con, f"upgrade rommon disk0:/{FIRMWARE}")
    assert out == f"%Error opening disk0:/{FIRMWARE} (No such file or directory)\r\n"
