"""The ASA command runner: output without echo, pager, answers, and stops (never guesses)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rommon_toolkit.console.channel import Channel
from rommon_toolkit.console.port import open_line
from rommon_toolkit.console.transcript import TranscriptWriter
from rommon_toolkit.rommon.decisions import patterns as p
from rommon_toolkit.rommon.decisions.machine import UnitRestartedError
from rommon_toolkit.rommon.device.asa_runner import Answer, AsaRunner
from rommon_toolkit.rommon.errors import DeviceRefusedError
from tests.rommon.scripted_unit import BANNER_5506, ScriptedUnit

PROMPT = "ciscoasa# "


@pytest.fixture
def unit() -> Iterator[ScriptedUnit]:
    scripted = ScriptedUnit(prompt=PROMPT)
    yield scripted
    scripted.close()


@pytest.fixture
def cli(unit: ScriptedUnit, tmp_path: Path) -> Iterator[AsaRunner]:
    channel = Channel(open_line(unit.url), TranscriptWriter(tmp_path / "t.jsonl", unit.url))
    yield AsaRunner(channel, timeout=10)
    channel.close()


def test_output_comes_back_without_the_echo(unit: ScriptedUnit, cli: AsaRunner) -> None:
    unit.commands["show bootvar"] = lambda u, _: u.play(
        "\r\nBOOT variable = disk0:/asa.SPA\r\nCurrent BOOT variable = disk0:/asa.SPA\r\n" + PROMPT
    )
    output = cli.run("show bootvar")
    assert "show bootvar" not in output
    assert "Current BOOT variable = disk0:/asa.SPA" in output


def test_pager_is_paged_with_space(unit: ScriptedUnit, cli: AsaRunner) -> None:
    unit.commands["show run"] = lambda u, _: u.play("line 1\r\n<--- More --->")
    unit.on_key[b" "] = lambda u, _: u.play("\r\nline 2\r\n" + PROMPT)
    assert cli.run("show run").count("line") == 2
    assert unit.keys == [b" "]


def test_invalid_input_is_refused_with_the_output(unit: ScriptedUnit, cli: AsaRunner) -> None:
    unit.commands["shwo version"] = lambda u, _: u.play(
        "            ^\r\nERROR: % Invalid input detected at '^' marker.\r\n" + PROMPT
    )
    with pytest.raises(DeviceRefusedError) as caught:
        cli.run("shwo version")
    assert "rejected `shwo version`" in caught.value.render()


def test_unexpected_question_stops_without_an_answer(unit: ScriptedUnit, cli: AsaRunner) -> None:
    unit.commands["erase disk0:"] = lambda u, _: u.play("Erase disk0: filesystem? [confirm]")
    with pytest.raises(DeviceRefusedError) as caught:
        cli.run("erase disk0:")
    assert "Erase disk0: filesystem? [confirm]" in caught.value.render()
    assert unit.lines == ["erase disk0:"]


def test_expected_question_is_answered(unit: ScriptedUnit, cli: AsaRunner) -> None:
    unit.commands["copy startup-config running-config"] = lambda u, _: u.play(
        "Destination filename [running-config]? "
    )
    unit.commands[""] = lambda u, _: u.play("\r\n4096 bytes copied in 0.10 secs\r\n" + PROMPT)
    output = cli.run(
        "copy startup-config running-config", answers=[Answer(p.COPY_DESTINATION, None)]
    )
    assert "bytes copied" in output
    assert unit.lines == ["copy startup-config running-config", ""]


def test_question_mark_inside_output_is_not_a_question(unit: ScriptedUnit, cli: AsaRunner) -> None:
    unit.commands["show x"] = lambda u, _: u.play("is this a question?\r\nno\r\n" + PROMPT)
    assert "is this a question?" in cli.run("show x")


def test_restart_mid_command_is_reported(unit: ScriptedUnit, cli: AsaRunner) -> None:
    unit.commands["copy /noconfirm tftp://1.2.3.4/a.SPA disk0:/a.SPA"] = lambda u, _: u.play(
        "Accessing tftp://1.2.3.4/a.SPA...!!!!\r\n" + BANNER_5506
    )
    with pytest.raises(UnitRestartedError):
        cli.run("copy /noconfirm tftp://1.2.3.4/a.SPA disk0:/a.SPA")


def test_secret_commands_are_not_shown_in_errors(unit: ScriptedUnit, cli: AsaRunner) -> None:
    unit.commands["enable password Zeb7-ra"] = lambda u, _: u.play(
        "ERROR: % Invalid input detected at '^' marker.\r\n" + PROMPT
    )
    with pytest.raises(DeviceRefusedError) as caught:
        cli.run("enable password Zeb7-ra", secret=True)
    assert "Zeb7-ra" not in caught.value.message


def test_configure_leaves_config_mode_even_when_a_command_is_refused(
    unit: ScriptedUnit, cli: AsaRunner
) -> None:
    config = "ciscoasa(config)# "
    unit.commands["configure terminal"] = lambda u, _: u.play("\r\n" + config)
    unit.commands["bogus"] = lambda u, _: u.play(
        "ERROR: % Invalid input detected at '^' marker.\r\n" + config
    )
    unit.commands["end"] = lambda u, _: u.play("\r\n" + PROMPT)
    with pytest.raises(DeviceRefusedError):
        cli.configure(["bogus", "never sent"])
    assert unit.lines == ["configure terminal", "bogus", "end"]


def test_configure_sends_nothing_more_after_a_restart(unit: ScriptedUnit, cli: AsaRunner) -> None:
    config = "ciscoasa(config)# "
    unit.commands["configure terminal"] = lambda u, _: u.play("\r\n" + config)
    unit.commands["interface Management1/1"] = lambda u, _: u.play("\r\n" + BANNER_5506)
    with pytest.raises(UnitRestartedError):
        cli.configure(["interface Management1/1", "nameif management"])
    assert unit.lines == ["configure terminal", "interface Management1/1"]


def test_a_restart_without_the_kenton_banner_is_seen_and_no_pager_key_sent(
    unit: ScriptedUnit, cli: AsaRunner
) -> None:
    unit.commands["show run"] = lambda u, _: u.play(
        "Cisco System ROMMON, Version 1.0.12, RELEASE SOFTWARE\r\n"
        "Use BREAK or ESC to interrupt boot.\r\n --More-- "
    )
    with pytest.raises(UnitRestartedError):
        cli.run("show run")
    assert unit.keys == []
    assert bytes(unit.device.received) == b"show run\r"  # no SPACE after it
