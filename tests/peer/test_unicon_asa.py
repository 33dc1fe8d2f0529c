"""The toolkit against an independent peer: Cisco's Unicon ASA mock device over a pty.

Our virtual ASA was written from the same reference as the driver; this peer was not. Each
test is one of issue 16's findings, and failed on the code before it was fixed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rommon_toolkit.console.deadline import Deadline
from rommon_toolkit.console.replay import read_transcript
from rommon_toolkit.rommon.decisions.answer_bounds import MAX_LOGINS, MAX_SAME_ANSWER
from rommon_toolkit.rommon.decisions.machine import Goal
from rommon_toolkit.rommon.decisions.states import ProbeState
from rommon_toolkit.rommon.device.asa_runner import AsaRunner
from rommon_toolkit.rommon.device.credentials import Credentials
from rommon_toolkit.rommon.device.driver import Driver
from rommon_toolkit.rommon.device.probe import probe
from rommon_toolkit.rommon.errors import DeviceRefusedError
from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.rommon.feedback import RecordingFeedback
from rommon_toolkit.rommon.workflows.backup import take_backup
from tests.peer.conftest import PeerFactory
from tests.rommon.test_cli_probe import rommon

pytestmark = pytest.mark.peer

LISTEN = 1.0
QUIET = 0.5


def _driver(channel: object, env: dict[str, str] | None = None) -> Driver:
    return Driver(
        channel,  # type: ignore[arg-type]
        Credentials(env=env or {}),
        RecordingFeedback(),
        confirm_reload=lambda: True,
    )


@pytest.mark.parametrize(
    ("state", "expected", "facts"),
    [
        ("asa_disable", ProbeState.ASA_USER, {"hostname": "ciscoasa"}),
        ("asa_enable", ProbeState.ASA_ENABLE, {"hostname": "ciscoasa"}),
        ("asa_username", ProbeState.ASA_LOGIN, {}),
        ("asa_disable_pri_act", ProbeState.ASA_USER, {"failover": "pri/act"}),
        ("asa_config", ProbeState.ASA_CONFIG, {}),
        ("asa_fp2k_console_rommon", ProbeState.ROMMON, {"prompt": "rommon 1 >"}),
    ],
)
def test_probe_reads_the_peer_states(
    peer_unit: PeerFactory, state: str, expected: ProbeState, facts: dict[str, str]
) -> None:
    unit = peer_unit(state)
    with unit.channel() as channel:
        result = probe(channel, LISTEN, quiet=QUIET)
    assert result.state is expected, result
    for field, value in facts.items():
        assert getattr(result, field) == value


def test_probe_never_confirms_a_silent_reload(peer_unit: PeerFactory) -> None:
    unit = peer_unit("proceed_reload")  # `Proceed with reload? [confirm]`, Enter reloads
    with unit.channel() as channel:
        result = probe(channel, LISTEN, quiet=QUIET)
        channel.listen(LISTEN, quiet=QUIET)
    assert b"GRACEFUL SHUTDOWN" not in unit.received()
    assert result.state is ProbeState.DIALOG
    assert result.question == "Proceed with reload? [confirm]"


def test_a_refused_console_login_is_tried_three_times(peer_unit: PeerFactory) -> None:
    unit = peer_unit("asa_username")  # only `cisco` is a valid user
    env = {"ROMMON_USERNAME": "admin", "ROMMON_PASSWORD": "wrong"}
    with unit.channel() as channel, pytest.raises(DeviceRefusedError) as caught:
        _driver(channel, env).reach(Goal.ENABLE, Deadline.after(30), first_wait=0.5)
    # secrets are masked in the transcript: one `********` per username sent (the peer
    # refuses `admin` at `Username:` and asks again, so no password is ever asked)
    assert unit.sent().count(b"********") == MAX_LOGINS
    assert caught.value.exit_code is ExitCode.DEVICE_REFUSED


def test_a_multi_context_save_is_answered_at_most_twice(peer_unit: PeerFactory) -> None:
    unit = peer_unit("asa_enable")  # `reload` asks the multi-context Save? (only `S` ends it)
    with unit.channel() as channel, pytest.raises(DeviceRefusedError) as caught:
        _driver(channel).reach(Goal.ROMMON, Deadline.after(30), allow_reload=True, first_wait=0.5)
    assert unit.sent().count(b"N\r") == MAX_SAME_ANSWER
    assert "[S]ave all" in caught.value.render()


def test_the_one_line_reporting_question_is_answered(peer_unit: PeerFactory) -> None:
    unit = peer_unit("asa_error_reporting")
    with unit.channel() as channel:
        facts = _driver(channel).reach(Goal.ENABLE, Deadline.after(30), first_wait=0.5)
    assert facts.prompt == "ciscoasa#"
    assert b"A\r" in unit.sent()


def test_backup_refuses_an_error_as_the_running_config(
    peer_unit: PeerFactory, tmp_path: Path
) -> None:
    unit = peer_unit("asa_enable")  # knows no `more system:running-config`
    out = tmp_path / "backups"
    with unit.channel() as channel, pytest.raises(DeviceRefusedError) as caught:
        take_backup(AsaRunner(channel, timeout=20), out, RecordingFeedback())
    assert "more system:running-config" in caught.value.render()
    assert "Invalid command" in caught.value.render()
    assert not out.exists() or not any(out.iterdir())


def test_interrupt_on_firepower_2100_answers_y_and_reads_its_banner(
    peer_unit: PeerFactory,
) -> None:
    unit = peer_unit("asa_fp2k_console_enable_to_rommon")  # [confirm] takes the key `y` only
    with unit.channel() as channel:
        facts = _driver(channel).reach(
            Goal.ROMMON, Deadline.after(60), allow_reload=True, first_wait=0.5
        )
    assert facts.prompt == "rommon 1 >"
    assert facts.rommon_version == "1.0.12"
    assert facts.model == "FPR-2120"
    assert b"reload\ry" in unit.sent()


def test_a_failover_prompt_is_not_taken_for_a_context(peer_unit: PeerFactory) -> None:
    unit = peer_unit("asa_disable_pri_act")  # `ciscoasa/pri/act>`: failover parts, no context
    with unit.channel() as channel:
        env = {"ROMMON_ENABLE_PASSWORD": "cisco"}
        facts = _driver(channel, env).reach(Goal.ENABLE, Deadline.after(30), first_wait=0.5)
    assert (facts.hostname, facts.context) == ("ciscoasa", None)
    assert facts.prompt == "ciscoasa/pri/act#"


# -- the commands as an engineer runs them (a real process on the peer's pty) ----------------


def test_cli_probe_at_a_silent_reload_question(peer_unit: PeerFactory, tmp_path: Path) -> None:
    unit = peer_unit("proceed_reload")
    result = rommon("probe", "--port", str(unit.link), "--json", "--listen", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["state"], data["question"]) == ("dialog", "Proceed with reload? [confirm]")


def test_cli_backup_of_a_unit_that_answers_errors_exits_4(
    peer_unit: PeerFactory, tmp_path: Path
) -> None:
    unit = peer_unit("asa_enable")
    out = tmp_path / "backups"
    result = rommon("backup", "--port", str(unit.link), "--out", str(out), cwd=tmp_path)
    assert result.returncode == ExitCode.DEVICE_REFUSED, result.stderr
    assert "more system:running-config" in result.stderr
    assert "Invalid command" in result.stderr
    assert not out.exists() or not any(out.rglob("running-config.cfg"))


def test_cli_interrupt_does_not_reload_without_a_real_backup(
    peer_unit: PeerFactory, tmp_path: Path
) -> None:
    unit = peer_unit("asa_fp2k_console_enable_to_rommon")
    result = rommon("interrupt", "--port", str(unit.link), "--yes", "--timeout", "60", cwd=tmp_path)
    assert result.returncode == ExitCode.DEVICE_REFUSED, result.stderr
    assert "more system:running-config" in result.stderr
    transcripts = list(tmp_path.rglob("*.transcript.jsonl"))
    assert transcripts
    assert all(b"reload" not in read_transcript(t).sent() for t in transcripts)
