"""Consoles on a virtual failover pair for the pair tests (plain pexpect over sim://)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import serial

from rommon_toolkit import simulator
from rommon_toolkit.simulator.failover.pair import attach_pair
from rommon_toolkit.simulator.failover.scenario import PairScenario, provision_pair
from rommon_toolkit.simulator.unit import VirtualAsa
from tests.sim.conftest import FAST
from tests.sim.spawn import PortSpawn

PRI_ACT = "ciscoasa/pri/act# "
SEC_STBY = "ciscoasa/sec/stby# "
PRI_STBY = "ciscoasa/pri/stby# "
SEC_ACT = "ciscoasa/sec/act# "
IMAGE_SIZE = 1 << 20


@dataclass
class Pair:
    """The scenario, both units and a console on each."""

    scenario: PairScenario
    primary: VirtualAsa
    secondary: VirtualAsa
    pri: PortSpawn
    sec: PortSpawn


def console_on(state_dir: Path, timeout: float = 30.0) -> PortSpawn:
    """A sim:// console on a unit that already runs in this process."""
    simulator.register_url_handler()
    port = serial.serial_for_url(f"sim://asa5506?state-dir={state_dir}")
    return PortSpawn(port, timeout=timeout)


def login(con: PortSpawn, prompt: str) -> None:
    """From the boot to `prompt` with the pager off (`enable` with the blank password)."""
    name = prompt.rstrip("# ")
    con.expect_exact(f"{name}> ")
    con.sendline("enable")
    con.expect_exact("Password: ")
    con.sendline("")
    con.expect_exact(prompt)
    run(con, "terminal pager 0", prompt)


def run(con: PortSpawn, command: str, prompt: str) -> str:
    """One command; its output without the echo."""
    con.sendline(command)
    con.expect_exact(prompt)
    out: str = con.before
    return out.split("\r\n", 1)[1] if "\r\n" in out else ""


def start_pair(
    base: Path,
    *,
    speed: float = FAST,
    faults: tuple[str, ...] = (),
    tftp_port: int = 69,
    **scenario: object,
) -> Pair:
    """Provision (9.14 on both unless told), start, log in on both: pri/act and sec/stby.

    The primary boots first (it is active after the holdtime), then the secondary joins; the
    active's replication notices are read here so no later output holds them."""
    made = provision_pair(base, image_size=IMAGE_SIZE, **scenario)  # type: ignore[arg-type]
    primary, secondary = attach_pair(
        base, speed=speed, faults=faults, tftp_port=tftp_port, powered=False
    )
    primary.power_on()
    pri = console_on(made.primary)
    login(pri, PRI_ACT)
    secondary.power_on()
    sec = console_on(made.secondary)
    pri.expect_exact("End Configuration Replication to mate\r\n")
    login(sec, SEC_STBY)
    return Pair(made, primary, secondary, pri, sec)
