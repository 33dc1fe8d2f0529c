"""Transcripts: the documented format, redaction by position, loss, and replay."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rommon_toolkit.console.channel import Channel
from rommon_toolkit.console.deadline import Deadline
from rommon_toolkit.console.errors import LineLostError, TranscriptFormatError
from rommon_toolkit.console.redaction import secret_spans
from rommon_toolkit.console.replay import ReplayLine, read_transcript
from rommon_toolkit.console.transcript import TranscriptWriter

PASSWORD_RULE = re.compile(r"\bpassword\s+(\S+)")
KEY_RULE = re.compile(r"\bkey\s+(\S+)")


def lines_of(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_header_and_records_follow_the_documented_format(tmp_path: Path) -> None:
    path = tmp_path / "s.transcript.jsonl"
    writer = TranscriptWriter(path, "/dev/ttyACM0")
    writer.rx(b"rommon 1 > ")
    writer.tx(b"set\r")
    writer.event("note", "hello")
    writer.close()
    header, *records = lines_of(path)
    assert header["format"] == "rommon-transcript"
    assert header["version"] == 1
    assert header["port"] == "/dev/ttyACM0"
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$", str(header["started"]))
    assert [(r["dir"], r["data"]) for r in records] == [
        ("rx", "rommon 1 > "),
        ("tx", "set\r"),
        ("event", "note"),
        ("event", "closed"),
    ]
    assert records[2]["detail"] == "hello"
    times = [float(r["t"]) for r in records]  # type: ignore[arg-type]
    assert times == sorted(times)
    assert all(t >= 0 for t in times)


def test_any_byte_survives_the_round_trip(tmp_path: Path) -> None:
    raw = bytes(range(256))
    path = tmp_path / "bytes.jsonl"
    writer = TranscriptWriter(path, "loop://")
    writer.rx(raw)
    writer.close()
    assert read_transcript(path).received() == raw
    assert path.read_text().isascii()


def test_secret_tx_is_masked(tmp_path: Path) -> None:
    path = tmp_path / "secret.jsonl"
    writer = TranscriptWriter(path, "loop://")
    writer.rx(b"Password: ")
    writer.tx(b"cisco\r", secret=True)
    writer.close()
    text = path.read_text()
    assert "cisco" not in text
    tx = [r for r in lines_of(path)[1:] if r["dir"] == "tx"]
    assert tx == [{"t": tx[0]["t"], "dir": "tx", "data": "********", "redacted": True}]


def test_redacting_cisco_leaves_ciscoasa_alone(tmp_path: Path) -> None:
    path = tmp_path / "position.jsonl"
    writer = TranscriptWriter(path, "loop://", [PASSWORD_RULE])
    writer.rx(b"ciscoasa(config)# username admin password cisco privilege 15\r\n")
    writer.rx(b"ciscoasa(config)# ")
    writer.close()
    received = read_transcript(path).received().decode()
    assert received == (
        "ciscoasa(config)# username admin password ******** privilege 15\r\nciscoasa(config)# "
    )
    assert received.count("ciscoasa") == 2


def test_a_secret_split_across_chunks_is_masked_once(tmp_path: Path) -> None:
    path = tmp_path / "split.jsonl"
    writer = TranscriptWriter(path, "loop://", [PASSWORD_RULE])
    for chunk in [b"enable pass", b"word ci", b"s", b"co\r", b"\nciscoasa# "]:
        writer.rx(chunk)
    writer.close()
    records = [r for r in read_transcript(path).records if r.direction == "rx"]
    assert len(records) == 5  # one record per chunk, as received
    assert b"".join(r.raw for r in records) == b"enable password ********\r\nciscoasa# "
    assert [r.redacted for r in records] == [False, True, True, True, False]


def test_typed_secrets_are_masked_in_tx_lines_too(tmp_path: Path) -> None:
    path = tmp_path / "typed.jsonl"
    writer = TranscriptWriter(path, "loop://", [KEY_RULE])
    for key in b"tacacs-server key s3cret\r":
        writer.tx(bytes([key]))
    writer.close()
    assert read_transcript(path).sent() == b"tacacs-server key ********\r"


def test_records_stay_in_time_order_while_a_line_is_held(tmp_path: Path) -> None:
    path = tmp_path / "order.jsonl"
    writer = TranscriptWriter(path, "loop://", [PASSWORD_RULE])
    writer.rx(b"ciscoasa# ")  # a prompt: no line end yet
    writer.tx(b"show run\r")
    writer.rx(b"show run\r\n")
    writer.close()
    records = read_transcript(path).records
    assert [(r.direction, r.data) for r in records] == [
        ("rx", "ciscoasa# "),
        ("tx", "show run\r"),
        ("rx", "show run\r\n"),
        ("event", "closed"),
    ]
    assert [r.t for r in records] == sorted(r.t for r in records)


def test_rules_see_one_line_at_a_time() -> None:
    rule = re.compile(r"password\s+(\S+)")
    assert secret_spans("password cisco", [rule]) == [(9, 14)]
    assert secret_spans("nothing here", [rule]) == []
    whole = re.compile(r"s3cret")
    assert secret_spans("key s3cret s3cret", [whole]) == [(4, 10), (11, 17)]


def test_replay_byte_at_a_time_answers_only_after_it_is_spoken_to(tmp_path: Path) -> None:
    path = tmp_path / "session.jsonl"
    writer = TranscriptWriter(path, "/dev/ttyACM0")
    writer.rx(b"\r\nciscoasa> ")
    writer.tx(b"enable\r")
    writer.rx(b"enable\r\nPassword: ")
    writer.close()
    replay = ReplayLine(read_transcript(path), byte_at_a_time=True)
    channel = Channel(replay)
    first = channel.expect([re.compile(r"ciscoasa> $")], Deadline.after(2))
    assert first.before == "\n"
    assert replay.read(10, 0.05) == b""  # nothing more until the client speaks
    channel.send_line("enable")
    second = channel.expect([re.compile(r"^Password: $", re.MULTILINE)], Deadline.after(2))
    assert second.before == "enable\n"
    assert bytes(replay.written) == b"enable\r"


def test_replay_of_a_lost_line_raises_line_lost(tmp_path: Path) -> None:
    path = tmp_path / "lost.jsonl"
    writer = TranscriptWriter(path, "/dev/ttyACM0")
    writer.rx(b"Boot in 9 seconds.\r")
    writer.event("line-lost", "cable")
    writer.close()
    replay = ReplayLine(read_transcript(path))
    assert replay.read(100, 1) == b"Boot in 9 seconds.\r"
    with pytest.raises(LineLostError):
        replay.read(100, 1)


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        ("", "is empty"),
        ("not json\n", "not JSON Lines"),
        ('{"format": "other"}\n', "header"),
        ('{"format": "rommon-transcript", "version": 9}\n', "version 9"),
        (
            '{"format": "rommon-transcript", "version": 1}\n{"t": 0, "dir": "up", "data": ""}\n',
            "dir rx|tx|event",
        ),
    ],
)
def test_bad_transcripts_say_what_is_wrong(tmp_path: Path, content: str, complaint: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    with pytest.raises(TranscriptFormatError) as caught:
        read_transcript(path)
    assert complaint in caught.value.message
