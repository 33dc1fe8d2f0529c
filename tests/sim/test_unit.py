"""The unit API: snapshots, power, cable, re-attach, registry, control port, runtime file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import serial

from rommon_toolkit import simulator
from rommon_toolkit.simulator import registry
from rommon_toolkit.simulator.control import send_command
from rommon_toolkit.simulator.errors import ControlError, StateError
from rommon_toolkit.simulator.images import file_sha512
from rommon_toolkit.simulator.snapshot import running_from_runtime
from rommon_toolkit.simulator.state import UnitState
from rommon_toolkit.simulator.unit import VirtualAsa
from tests.sim.asa_setup import IMAGE, booted, provision
from tests.sim.conftest import Opener, sim_url
from tests.sim.flows import asa, rommon, to_rommon, to_user_prompt


def test_snapshot_reports_everything(console: Opener, state_dir: Path) -> None:
    image = provision(state_dir)
    con = console()
    to_user_prompt(con, first_boot=False)
    unit = registry.unit_for(state_dir)
    snap = unit.snapshot()
    assert snap.model == "asa5506"
    assert snap.mode == "asa"
    assert snap.rommon_version == "1.1.14"
    assert snap.confreg == 0x1
    listed = snap.file(IMAGE)
    assert listed is not None
    assert (listed.size, listed.sha512) == (image.stat().st_size, file_sha512(image))
    assert snap.boot_lines == (f"disk0:/{IMAGE}",)
    assert snap.running.image == f"disk0:/{IMAGE}"
    assert snap.running.source == "disk0"
    assert snap.next_boot.target == f"disk0:/{IMAGE}"
    data = snap.as_json()
    assert data["confreg"] == "0x1"
    json.dumps(data)  # serialisable as it is


def test_second_open_attaches_to_the_same_running_unit(console: Opener, state_dir: Path) -> None:
    first = console()
    to_rommon(first)
    rommon(first, "ADDRESS=10.0.0.7")
    first.close()  # cable out; the unit keeps running
    unit = registry.unit_for(state_dir)
    assert unit.mode == "rommon"
    second = console()
    second.sendline("set")
    second.expect_exact("    ADDRESS=10.0.0.7\r\n")  # same unit, same unsaved variable
    assert registry.unit_for(state_dir) is unit


def test_unplugged_cable_raises_serial_exception(console: Opener, state_dir: Path) -> None:
    con = console()
    con.expect_exact("Rom image verified correctly")
    unit = registry.unit_for(state_dir)
    unit.unplug_cable()
    with pytest.raises(serial.SerialException, match="unplugged"):
        con.port.read(1)
    with pytest.raises(serial.SerialException):
        con.port.write(b"\r")
    unit.plug_cable()
    con.port.write(b"\r")


def test_power_cycle_keeps_disk_and_config(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    asa(con, "configure terminal", "ciscoasa(config)# ")
    asa(con, "hostname keepme", "keepme(config)# ")
    asa(con, "end", "keepme# ")
    asa(con, "write memory", "keepme# ")
    registry.unit_for(state_dir).power_cycle()
    con.expect_exact("Last reset cause: PowerOn")
    con.expect_exact("keepme> ")


def test_unit_for_unknown_dir(tmp_path: Path) -> None:
    with pytest.raises(ControlError, match="no virtual ASA runs"):
        registry.unit_for(tmp_path / "nothing")


def test_model_mismatch_is_refused(state_dir: Path) -> None:
    UnitState(state_dir).create("asa5516")
    with pytest.raises(StateError, match="holds an asa5516, not an asa5506"):
        VirtualAsa("asa5506", state_dir, control=False)


def test_bad_url_options_are_explained(state_dir: Path) -> None:
    simulator.register_url_handler()
    with pytest.raises(serial.SerialException, match="unknown sim:// option 'colour'"):
        serial.serial_for_url(f"sim://asa5506?state-dir={state_dir}&colour=red")
    with pytest.raises(serial.SerialException, match="needs state-dir"):
        serial.serial_for_url("sim://asa5506?speed=2")
    with pytest.raises(serial.SerialException, match="unknown fault"):
        serial.serial_for_url(sim_url(state_dir, fault="gremlins"))


def test_control_port_power_cycles_and_runtime_is_readable(
    console: Opener, state_dir: Path
) -> None:
    con = console()
    to_rommon(con)
    running = running_from_runtime(UnitState(state_dir))
    assert running.mode == "rommon"
    reply = send_command(state_dir, "power-cycle")
    assert reply["ok"] is True
    con.expect_exact("Last reset cause: PowerOn")
    registry.close_all()
    assert running_from_runtime(UnitState(state_dir)).mode == "off"
    with pytest.raises(ControlError, match="no virtual ASA is running"):
        send_command(state_dir, "power-cycle")


def test_wait_for_mode(console: Opener, state_dir: Path) -> None:
    console()
    unit = registry.unit_for(state_dir)
    assert unit.wait_for_mode("rommon", 20)  # no image: autoboot fails into ROMMON
    assert not unit.wait_for_mode("asa", 0.2)
    unit.power_off()
    assert unit.mode == "off"
    assert not unit.powered


def test_simulator_never_imports_rommon_or_console() -> None:
    code = (
        "import sys, serial\n"
        "from rommon_toolkit import simulator\n"
        "simulator.register_url_handler()\n"
        "import rommon_toolkit.simulator.urlhandler.protocol_sim\n"
        "import rommon_toolkit.simulator.unit, rommon_toolkit.simulator.service\n"
        "import rommon_toolkit.simulator.registry, rommon_toolkit.simulator.provision\n"
        "import rommon_toolkit.simulator.control\n"
        "banned = ('rommon', 'console', 'tftp_server')\n"
        "bad = [m for m in sys.modules if m.split('.')[:2][-1] in banned]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_5508_banner(console: Opener) -> None:
    con = console(model="asa5508")
    con.expect_exact("Platform ASA5508 with 8192 Mbytes of main memory")


def test_a_unit_attached_unpowered_is_silent_until_power_on(state_dir: Path) -> None:
    unit = registry.attach("asa5506", state_dir, powered=False, speed=50)
    assert unit.mode == "off"
    assert not unit.powered
    assert unit.line.host_read(100, timeout=0.3) == b""  # nothing printed, nothing buffered
    unit.power_on()
    assert b"Rom image verified correctly" in unit.line.host_read(200, timeout=10)
