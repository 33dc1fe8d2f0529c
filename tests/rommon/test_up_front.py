"""Everything the run will ask is asked before the first byte goes to the unit."""

from __future__ import annotations

import json
from pathlib import Path

from rommon_toolkit.rommon.device.credentials import Credentials
from rommon_toolkit.rommon.device.line_opening import LineOptions
from rommon_toolkit.rommon.feedback import RecordingFeedback
from rommon_toolkit.rommon.workflows.runs import RunOptions, unit_run


def test_the_enable_password_is_asked_before_the_line_is_opened(tmp_path: Path) -> None:
    asked: list[str] = []
    transcript = tmp_path / "t.jsonl"

    def asker(question: str) -> str:
        asked.append(question)
        assert not transcript.exists(), "asked after the line was opened"
        return "s3cret"

    credentials = Credentials(env={}, asker=asker)
    options = RunOptions(
        line=LineOptions(port="loop://"),
        run_dir=tmp_path / "run",
        transcript=transcript,
        state_dir=tmp_path / "state",
    )
    with unit_run(options, "backup", RecordingFeedback(), credentials=credentials) as run:
        assert run.session.credentials.enable_password() == "s3cret"
    assert asked == ["Enable password of the unit (Enter if blank): "]
    sent = [json.loads(x) for x in transcript.read_text().splitlines()]
    assert not [e for e in sent if e.get("dir") == "tx"]


def test_off_a_terminal_nothing_is_asked(tmp_path: Path) -> None:
    credentials = Credentials(env={}, asker=None)
    credentials.ask_up_front()
    assert credentials.enable_password() == ""
