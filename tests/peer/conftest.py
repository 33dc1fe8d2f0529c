"""The independent peer: Cisco's pyATS Unicon ASA mock device, run over a real pty (socat).

Installed by scripts/install_unicon_peer into .peer-venv (or named by $UNICON_MOCK_CLI);
without it the `peer` tests skip with the reason, and fail under CI=true (.ci/run installs it).
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from rommon_toolkit.console.channel import Channel
from rommon_toolkit.console.deadline import Deadline
from rommon_toolkit.console.port import open_line
from rommon_toolkit.console.replay import read_transcript
from rommon_toolkit.console.transcript import TranscriptWriter
from tests.conftest import require_tool, running_in_ci

ROOT = Path(__file__).resolve().parents[2]
HOSTNAME = "ciscoasa"
START_SECONDS = 15.0  # the mock's first prompt comes about 0.4 s after exec


def mock_cli() -> str:
    """Path of `mock_device_cli`; skip (or fail in CI) when the peer is not installed."""
    named = os.environ.get("UNICON_MOCK_CLI")
    path = Path(named) if named else ROOT / ".peer-venv" / "bin" / "mock_device_cli"
    if not path.is_file():
        message = (
            f"the Unicon peer is not installed ({path} missing): run scripts/install_unicon_peer"
        )
        if running_in_ci():
            pytest.fail(f"CI=true but {message}")
        pytest.skip(message)
    return str(path)


@dataclass
class PeerUnit:
    """One mock ASA on a pty, and the transcript of the toolkit's channel to it."""

    link: Path
    transcript: Path

    def channel(self) -> Channel:
        return Channel(open_line(str(self.link)), TranscriptWriter(self.transcript, "peer"))

    def received(self) -> bytes:
        return read_transcript(self.transcript).received()

    def sent(self) -> bytes:
        return read_transcript(self.transcript).sent()


PeerFactory = Callable[[str], PeerUnit]
_ANY_TEXT = re.compile(r"\S")


def _wait_until_ready(unit: PeerUnit, deadline: Deadline) -> None:
    """Wait for the mock's first prompt on a throw-away channel; the tests' own channel then
    opens on a line that has printed everything and is silent (opening drops older input)."""
    with Channel(open_line(str(unit.link))) as channel:
        channel.expect([_ANY_TEXT], deadline)
        channel.listen(1.0, quiet=0.5)


@pytest.fixture
def peer_unit(tmp_path: Path) -> Iterator[PeerFactory]:
    """`peer_unit(state)`: start `mock_device_cli --os asa --state STATE` behind a pty."""
    socat = require_tool("socat")
    cli = mock_cli()
    started: list[subprocess.Popen[bytes]] = []

    def start(state: str) -> PeerUnit:
        link = tmp_path / f"tty-{state}"
        command = f"{cli} --os asa --state {state} --hostname {HOSTNAME}"
        process = subprocess.Popen(
            [socat, f"PTY,link={link},raw,echo=0", f"EXEC:{command},pty,setsid,ctty,stderr"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(process)
        deadline = Deadline.after(START_SECONDS)
        tick = threading.Event()
        while not link.exists():
            if deadline.expired() or process.poll() is not None:
                pytest.fail(f"socat did not make {link} (exit {process.poll()})")
            tick.wait(0.02)  # a bounded poll for the pty link socat creates
        unit = PeerUnit(link, tmp_path / f"{state}.transcript.jsonl")
        _wait_until_ready(unit, deadline)
        return unit

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)
