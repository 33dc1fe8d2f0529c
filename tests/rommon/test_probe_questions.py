"""The probe on a silent line left at each question, against the virtual ASA.

Somebody typed a command that asks a question and walked away; the probe then opens the
line and hears nothing. Its nudge (`n`, then Enter only if the unit waits for a line) must be
a no, or harmless, at every one of them (decisions.questions): nothing reloads, nothing is
erased or deleted, no wizard starts, no enable is granted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from rommon_toolkit.console.channel import Channel
from rommon_toolkit.console.port import open_line
from rommon_toolkit.rommon.decisions.classify import ProbeResult
from rommon_toolkit.rommon.decisions.questions import QUESTIONS, nudge_is_safe
from rommon_toolkit.rommon.decisions.states import ProbeState
from rommon_toolkit.rommon.device.probe import probe
from rommon_toolkit.simulator.unit import VirtualAsa
from tests.sim import conftest as sim_fixtures
from tests.sim.asa_setup import IMAGE, booted, provision
from tests.sim.conftest import Opener, sim_url
from tests.sim.flows import asa, to_rommon, to_user_prompt
from tests.sim.spawn import PortSpawn

console = sim_fixtures.console  # the simulator tests' fixtures, used here too
state_dir = sim_fixtures.state_dir
_close_units = sim_fixtures._close_units

LISTEN = 0.8
QUIET = 0.4


@dataclass(frozen=True)
class Scenario:
    """How to leave the unit at a question, and what must still hold after the probe."""

    name: str
    leave: Callable[[PortSpawn], None]  # from `ciscoasa# `, ends with the question printed
    unchanged: Callable[[VirtualAsa, Path], bool]
    first_boot: bool = False


def _ask(command: str, question: str) -> Callable[[PortSpawn], None]:
    def leave(con: PortSpawn) -> None:
        con.sendline(command)
        con.expect_exact(question)

    return leave


def _dirty_then_reload(con: PortSpawn) -> None:
    asa(con, "configure terminal", "ciscoasa(config)# ")
    asa(con, "hostname ciscoasa", "ciscoasa(config)# ")
    asa(con, "end")
    con.sendline("reload")
    con.expect_exact("Save? [Y]es/[N]o:")


def _delete_confirm(con: PortSpawn) -> None:
    con.sendline(f"delete disk0:/{IMAGE}")
    con.expect_exact("]? ")
    con.sendline("")
    con.expect_exact("? [confirm]")


def _not_rebooted(unit: VirtualAsa, _: Path) -> bool:
    return unit.mode == "asa"


def _image_kept(unit: VirtualAsa, _: Path) -> bool:
    return unit.mode == "asa" and unit.snapshot().file(IMAGE) is not None


SCENARIOS = [
    Scenario("proceed-reload", _ask("reload", "Proceed with reload? [confirm]"), _not_rebooted),
    Scenario("save-config", _dirty_then_reload, _not_rebooted),
    Scenario(
        "write-erase",
        _ask("write erase", "Erase configuration in flash memory? [confirm]"),
        lambda unit, _: unit.ctx.state.startup_config() is not None,
    ),
    Scenario("delete-confirm", _delete_confirm, _image_kept),
    Scenario(
        "anonymous-reporting",
        _ask("configure terminal", "[A]sk later: "),
        lambda unit, _: unit.mode == "asa",
        first_boot=True,
    ),
    Scenario(
        "copy-remote-host",
        _ask("copy tftp: disk0:", "Address or name of remote host []? "),
        _image_kept,
    ),
]


def _probe(state: Path) -> tuple[ProbeResult, str]:
    channel = Channel(open_line(sim_url(state)))  # opening drops what the unit printed before
    try:
        result = probe(channel, LISTEN, quiet=QUIET)
        return result, channel.listen(QUIET, quiet=QUIET)
    finally:
        channel.close()


def test_the_nudge_is_a_no_at_every_question_of_the_table() -> None:
    unsafe = [q.name for q in QUESTIONS if not nudge_is_safe(q)]
    assert not unsafe
    assert {q.reads.value for q in QUESTIONS} == {"key", "line"}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_probe_at_a_silent_question_changes_nothing(
    scenario: Scenario,
    console: Opener,
    state_dir: Path,
) -> None:
    con = booted(console, state_dir, startup=not scenario.first_boot)
    unit: VirtualAsa = con.port.unit
    running = unit.ctx.live.running
    scenario.leave(con)
    con.close()  # the cable is pulled; the unit keeps waiting at its question
    result, _ = _probe(state_dir)
    assert result.state is not ProbeState.SILENT
    assert unit.ctx.live.running is running, "the unit restarted"
    assert scenario.unchanged(unit, state_dir)


def test_probe_at_the_preconfigure_question_starts_no_wizard(
    console: Opener,
    state_dir: Path,
) -> None:
    provision(state_dir, startup=False)
    con = console()
    con.expect_exact("Pre-configure Firewall now through interactive prompts [yes]? ")
    con.close()
    result, after = _probe(state_dir)
    assert result.state is not ProbeState.ASA_SETUP_WIZARD
    assert "Firewall Mode" not in after


def test_probe_at_the_enable_password_grants_nothing(
    console: Opener,
    state_dir: Path,
) -> None:
    provision(state_dir)
    con = console()
    to_user_prompt(con, first_boot=False)
    con.sendline("enable")
    con.expect_exact("Password: ")
    con.close()
    result, _ = _probe(state_dir)
    assert result.state is not ProbeState.ASA_ENABLE  # a blank Enter would have enabled


def test_probe_at_the_confreg_menu_keeps_the_register(
    console: Opener,
    state_dir: Path,
) -> None:
    provision(state_dir)
    con = console()
    to_rommon(con)
    con.sendline("confreg")
    con.expect_exact("y/n [n]: ")
    con.close()
    before = con.port.unit.ctx.state.nvram().confreg
    result, _ = _probe(state_dir)
    assert result.state is not ProbeState.SILENT
    assert con.port.unit.ctx.state.nvram().confreg == before
