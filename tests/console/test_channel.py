"""The channel over real ptys and loopback sockets: expect, send, keys, listen, loss, speed."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from pexpect import TIMEOUT

from rommon_toolkit.console.channel import Channel
from rommon_toolkit.console.deadline import Deadline
from rommon_toolkit.console.errors import (
    ExpectTimeoutError,
    LineLostError,
    UnsupportedOperationError,
)
from rommon_toolkit.console.keys import Key
from rommon_toolkit.console.port import open_line
from rommon_toolkit.console.replay import read_transcript
from rommon_toolkit.console.spawn import MAX_BEFORE
from rommon_toolkit.console.transcript import TranscriptWriter
from tests.fakedevice import FakeDevice
from tests.fixtures.reference_lines import ERASE_DIALOG, KENTON_BANNER, KENTON_COUNTDOWN

COUNTDOWN = re.compile(r"Boot in (\d+) seconds\.")
KENTON_PROMPT = re.compile(r"^rommon \d+ >[ \t]*$", re.MULTILINE)
ERASE = re.compile(r"^Permanently erase 'disk0:'\?[ \t]*$", re.MULTILINE)
NEVER = re.compile(r"this text never comes")


def channel_for(device: FakeDevice, transcript: TranscriptWriter | None = None) -> Channel:
    return Channel(open_line(device.url), transcript)


def test_expect_at_9600_baud_pacing_gives_a_typed_result() -> None:
    device = FakeDevice("pty", baud=9600)  # real serial pacing: about 1 ms per character
    channel = channel_for(device)
    try:
        device.play(KENTON_BANNER + KENTON_COUNTDOWN)
        result = channel.expect([KENTON_PROMPT, COUNTDOWN], Deadline.after(10))
        assert result.index == 1
        assert result.pattern is COUNTDOWN
        assert result.match.group(1) == "10"
        assert result.after == "Boot in 10 seconds."
        assert "Platform ASA5516 with 8192 Mbytes of main memory\n" in result.before
        assert "\r" not in result.before
    finally:
        channel.close()
        device.close()


def test_expect_matches_the_erase_prompt_with_its_trailing_space(any_device: FakeDevice) -> None:
    channel = channel_for(any_device)
    try:
        any_device.play(ERASE_DIALOG)
        result = channel.expect([KENTON_PROMPT, ERASE], Deadline.after(5))
        assert result.index == 1
        assert result.before.endswith("downloaded via ROMMON.\n\n")
    finally:
        channel.close()


def test_expect_timeout_carries_the_text_and_the_patterns(any_device: FakeDevice) -> None:
    channel = channel_for(any_device)
    try:
        any_device.play("ciscoasa> ")
        with pytest.raises(ExpectTimeoutError) as caught:
            channel.expect([NEVER, KENTON_PROMPT], Deadline.after(0.3))
        assert caught.value.received.endswith("ciscoasa> ")
        assert caught.value.patterns == [NEVER.pattern, KENTON_PROMPT.pattern]
        assert "ciscoasa> " in caught.value.render()
    finally:
        channel.close()


def test_read_nonblocking_returns_when_bytes_arrive_not_at_the_timeout(
    pty_device: FakeDevice,
) -> None:
    channel = channel_for(pty_device)
    try:
        pty_device.play("r")
        started = time.monotonic()
        assert channel.spawn.read_nonblocking(100, timeout=60) == "r"
        assert time.monotonic() - started < 30  # returned on the byte, long before 60 s
        with pytest.raises(TIMEOUT):
            channel.spawn.read_nonblocking(100, timeout=0.1)
    finally:
        channel.close()


def test_keys_and_lines_reach_the_device(any_device: FakeDevice) -> None:
    channel = channel_for(any_device)
    try:
        channel.send_key(Key.ESC)
        channel.send_key(Key.CR)
        channel.send_key(Key.CTRL_C)
        channel.send_line("set")
        channel.send("ADDRESS=10.0.0.2")
        assert any_device.wait_received(b"\x1b\r\x03set\rADDRESS=10.0.0.2")
    finally:
        channel.close()


def test_break_over_a_socket_is_a_clear_error(tcp_device: FakeDevice) -> None:
    channel = channel_for(tcp_device)
    try:
        with pytest.raises(UnsupportedOperationError):
            channel.send_key(Key.BREAK)
    finally:
        channel.close()


def test_break_on_a_serial_device_is_recorded(pty_device: FakeDevice, tmp_path: Path) -> None:
    transcript = TranscriptWriter(tmp_path / "t.jsonl", pty_device.url)
    channel = channel_for(pty_device, transcript)
    channel.send_key(Key.BREAK)
    channel.close()
    events = [r.data for r in read_transcript(tmp_path / "t.jsonl").records]
    assert events == ["opened", "break", "closed"]


def test_listen_collects_and_stops_after_quiet(any_device: FakeDevice) -> None:
    channel = channel_for(any_device)
    try:
        assert channel.listen(0.2) == ""
        any_device.play("Boot in 9 seconds.\r")
        heard = channel.listen(30, quiet=0.3)  # returns after 0.3 s of quiet, not 30 s
        assert heard == "Boot in 9 seconds.\n"
    finally:
        channel.close()


def test_cable_pulled_during_expect_keeps_the_transcript(
    any_device: FakeDevice, tmp_path: Path
) -> None:
    path = tmp_path / "lost.jsonl"
    channel = channel_for(any_device, TranscriptWriter(path, any_device.url))
    any_device.play("Boot in 3 seconds.\r")
    channel.expect([COUNTDOWN], Deadline.after(5))
    any_device.pull_cable()
    with pytest.raises(LineLostError):
        channel.expect([KENTON_PROMPT], Deadline.after(5))
    channel.close()
    records = read_transcript(path).records
    assert [r.data for r in records if r.direction == "event"] == ["opened", "line-lost", "closed"]
    assert b"Boot in 3 seconds." in read_transcript(path).received()


def boot_text(total: int) -> bytes:
    block = (KENTON_BANNER + "#" * 400 + "\r\n" + "Located 'x' @ cluster 1.\r\n").encode()
    return (block * (total // len(block) + 1))[:total]


def test_ten_megabytes_of_boot_text_search_cost_does_not_grow(pty_device: FakeDevice) -> None:
    # 10 MB from a fast producer (faster than 115,200 baud). What each search looks at is
    # counted: with a bounded window it stays flat from the first megabyte to the last.
    size = 10 * 1024 * 1024
    channel = channel_for(pty_device)
    per_search: list[tuple[int, int]] = []  # (bytes received so far, characters searched)
    original = channel.spawn.read_nonblocking

    def counting_read(size_: int = 1, timeout: float | None = -1) -> str:
        text = original(size_, timeout)
        per_search.append((channel.spawn.bytes_received, channel.search_stats[0]))
        return text

    channel.spawn.read_nonblocking = counting_read  # type: ignore[method-assign]
    try:
        pty_device.play(boot_text(size) + b"\r\nciscoasa> ")
        result = channel.expect([re.compile(r"ciscoasa> $")], Deadline.after(120))
        assert result.after == "ciscoasa> "
        assert channel.spawn.bytes_received == size + len(b"\r\nciscoasa> ")
        assert channel.search_stats[1] <= channel.spawn.searchwindowsize  # largest single search
        mb = 1024 * 1024
        first = max(s for got, s in per_search if got <= mb)
        last_start = min(s for got, s in per_search if got >= size - mb)
        searched_in_last_mb = channel.search_stats[0] - last_start
        assert searched_in_last_mb <= 2 * first + channel.spawn.searchwindowsize
        assert len(result.before) <= 2 * MAX_BEFORE  # `before` is bounded too
    finally:
        channel.close()
