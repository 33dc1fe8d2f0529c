"""Each virtual unit has its own serial: in show version, show inventory and unit.json."""

from __future__ import annotations

from pathlib import Path

import pytest

from rommon_toolkit.simulator.errors import StateError
from rommon_toolkit.simulator.state import UnitState, chassis_serial
from tests.sim.asa_setup import booted
from tests.sim.conftest import Opener
from tests.sim.flows import asa


def test_units_in_different_state_dirs_have_distinct_serials(tmp_path: Path) -> None:
    serials = {UnitState(tmp_path / f"unit-{n}").create("asa5506").serial for n in range(1, 4)}
    assert len(serials) == 3
    assert all(s.startswith("JAD") and len(s) == 11 for s in serials)


def test_a_serial_can_be_given_and_a_bad_one_is_refused(tmp_path: Path) -> None:
    assert UnitState(tmp_path / "a").create("asa5506", serial="jad222605k8").serial == (
        "JAD222605K8"
    )
    with pytest.raises(StateError, match="not 6-20 letters and digits"):
        UnitState(tmp_path / "b").create("asa5506", serial="JAD 22/26")


def test_show_version_and_show_inventory_print_the_units_two_serials(
    console: Opener, state_dir: Path
) -> None:
    con = booted(console, state_dir)
    serial = UnitState(state_dir).hardware().serial
    assert f"\r\nSerial Number: {serial}\r\n" in asa(con, "show version")
    inventory = asa(con, "show inventory")
    assert 'Name: "Chassis", DESCR: "ASA 5506-X with FirePOWER services, 8GE, AC, DES"' in inventory
    assert f"PID: ASA5506           , VID: V01     , SN: {chassis_serial(serial)}" in inventory
    assert chassis_serial(serial) != serial
