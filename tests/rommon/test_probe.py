"""The probe over real ptys and loopback sockets: listen first, one CR only when silent."""

from __future__ import annotations

from pathlib import Path

from rommon_toolkit.console.channel import Channel
from rommon_toolkit.console.port import open_line
from rommon_toolkit.console.replay import read_transcript
from rommon_toolkit.console.transcript import TranscriptWriter
from rommon_toolkit.rommon.decisions.classify import ProbeResult
from rommon_toolkit.rommon.decisions.states import ProbeState
from rommon_toolkit.rommon.device.probe import probe
from tests.fakedevice import FakeDevice
from tests.fixtures.reference_lines import ERASE_DIALOG, KENTON_BANNER, KENTON_COUNTDOWN

LISTEN = 0.6
QUIET = 0.3


def run_probe(
    device: FakeDevice, transcript: TranscriptWriter | None = None, plays: str = ""
) -> ProbeResult:
    """Open the line, then let the device play `plays` (opening a port drops older input)."""
    channel = Channel(open_line(device.url), transcript)
    if plays:
        device.play(plays)
    try:
        return probe(channel, LISTEN, quiet=QUIET)
    finally:
        channel.close()


def test_silent_rommon_gets_n_then_one_cr(device: FakeDevice, tmp_path: Path) -> None:
    device.answers[b"\r"] = "\r\nrommon 2 > "
    path = tmp_path / "probe.jsonl"
    result = run_probe(device, TranscriptWriter(path, device.url))
    assert result.state is ProbeState.ROMMON
    assert result.prompt == "rommon 2 > "
    assert bytes(device.received) == b"n\r"
    transcript = read_transcript(path)
    assert transcript.sent() == b"n\r"
    assert transcript.received() == b"\r\nrommon 2 > "
    notes = [r.detail for r in transcript.records if r.data == "note"]
    assert notes == [
        "probe: the line was silent; sending 'n' (a no at any question)",
        "probe: nothing but the echo came back; sending Enter to end the line",
        "probe: rommon",
    ]


def test_silent_asa_user_prompt(device: FakeDevice) -> None:
    device.answers[b"\r"] = "\r\nciscoasa> "
    result = run_probe(device)
    assert (result.state, result.hostname, result.prompt) == (
        ProbeState.ASA_USER,
        "ciscoasa",
        "ciscoasa> ",
    )


def test_countdown_in_progress_is_reported_and_left_alone(device: FakeDevice) -> None:
    result = run_probe(device, plays=KENTON_BANNER + KENTON_COUNTDOWN)  # ~0.5 s at 9600 baud
    assert result.state is ProbeState.BOOT_COUNTDOWN
    assert result.model == "ASA5516"
    assert result.rommon_version == "1.1.18"
    assert bytes(device.received) == b""  # no CR, no SPACE, no ESC


def test_erase_prompt_is_reported_and_never_answered(device: FakeDevice) -> None:
    result = run_probe(device, plays=ERASE_DIALOG)
    assert result.state is ProbeState.ROMMON_ERASE_PROMPT
    assert result.question == "Permanently erase 'disk0:'? "
    assert bytes(device.received) == b""


def test_a_dead_line_is_silent_after_the_nudge(device: FakeDevice) -> None:
    result = run_probe(device)
    assert result.state is ProbeState.SILENT
    assert device.wait_received(b"n\r")
    assert bytes(device.received) == b"n\r"
