"""Issue 16: a console server (or unit) that echoes what is typed at `Password:` must not put
the password into the transcript's received text. Over a real pty / TCP socket."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rommon_toolkit.console.channel import Channel
from rommon_toolkit.console.deadline import Deadline
from rommon_toolkit.console.errors import ExpectTimeoutError
from rommon_toolkit.console.port import open_line
from rommon_toolkit.console.replay import read_transcript
from rommon_toolkit.console.transcript import TranscriptWriter
from tests.fakedevice import FakeDevice

SECRET = "Ech0-at-Pw"
PROMPT = re.compile(r"ciscoasa# $")


def _echo_then_prompt(device: FakeDevice, data: bytes) -> None:
    """Echo every byte typed, as a console server in local-echo mode does; answer Enter."""
    device.play(data.replace(b"\r", b"\r\n"))
    if b"\r" in data:
        device.play(b"ciscoasa# ")


def test_the_echo_of_a_secret_sent_is_masked_in_the_received_text(tmp_path: Path) -> None:
    for kind in ("pty", "tcp"):
        device = FakeDevice(kind, baud=None, on_receive=_echo_then_prompt)
        path = tmp_path / f"{kind}.jsonl"
        channel = Channel(open_line(device.url), TranscriptWriter(path, device.url))
        try:
            device.play("ciscoasa> enable\r\nPassword: ")
            channel.expect([re.compile(r"Password: $")], Deadline.after(5))
            channel.send_line(SECRET, secret=True)
            channel.expect([PROMPT], Deadline.after(5))
            assert device.received == f"{SECRET}\r".encode()  # the device did get it
        finally:
            channel.close()
            device.close()
        assert SECRET not in path.read_text()
        received = read_transcript(path).received()
        assert received == b"ciscoasa> enable\r\nPassword: ********\r\nciscoasa# ", kind


def test_a_timeout_error_carries_the_received_text_redacted(tmp_path: Path) -> None:
    device = FakeDevice("pty", baud=None)
    rule = re.compile(r"\bpassword\s+(\S+)")
    channel = Channel(open_line(device.url), TranscriptWriter(tmp_path / "t.jsonl", "x", [rule]))
    try:
        device.play("username a password Tim30utPw privilege 15\r\nusername b password")
        with pytest.raises(ExpectTimeoutError) as caught:
            channel.expect([PROMPT], Deadline.after(0.5))
    finally:
        channel.close()
        device.close()
    assert "username a password ******** privilege 15" in caught.value.received
    assert "Tim30utPw" not in caught.value.render()
