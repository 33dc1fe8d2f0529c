#!/usr/bin/env python3
"""Benchmark the console channel against pexpect's own fdpexpect on the same kind of pty.

1. Idle CPU: wait N seconds (default 10) for a prompt that never comes; print the CPU time
   used as a percentage of the wall time, for our Channel and for fdpexpect.
2. Boot text: push M megabytes (default 10) of boot text through each, as fast as a pty
   carries it (faster than 115,200 baud); print the time per MB of the first and the last
   megabyte (their ratio shows whether the search cost grows with the buffer) and the total.

Usage: .venv/bin/python scripts/bench_channel.py [--idle SECONDS] [--megabytes N]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import threading
import time
import tty
from collections.abc import Callable

import pexpect
from pexpect import fdpexpect

from rommon_toolkit.console.channel import Channel
from rommon_toolkit.console.deadline import Deadline
from rommon_toolkit.console.errors import ExpectTimeoutError
from rommon_toolkit.console.port import open_line

NEVER = re.compile(r"this prompt never comes")
PROMPT = re.compile(r"ciscoasa> $")
BLOCK = (
    "Rom image verified correctly\r\nCisco Systems ROMMON, Version 1.1.18, RELEASE SOFTWARE\r\n"
    "Platform ASA5516 with 8192 Mbytes of main memory\r\n" + "#" * 300 + "\r\n"
    "Located 'asa984-22-lfbff-k8.SPA' @ cluster 969854.\r\nINIT: version 2.88 booting\r\n"
).encode()


def pty_pair() -> tuple[int, int, str]:
    master, slave = os.openpty()
    tty.setraw(slave)
    return master, slave, os.ttyname(slave)


def idle_cpu(wait: Callable[[], None], seconds: float) -> float:
    """CPU seconds used while `wait` runs, as % of its wall time."""
    cpu0, wall0 = time.process_time(), time.monotonic()
    wait()
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    assert wall >= seconds * 0.9, f"the wait returned early ({wall:.2f} s)"
    return 100.0 * cpu / wall


def ours_idle(seconds: float) -> float:
    master, slave, name = pty_pair()
    channel = Channel(open_line(name))

    def wait() -> None:
        with contextlib.suppress(ExpectTimeoutError):
            channel.expect([NEVER], Deadline.after(seconds))

    try:
        return idle_cpu(wait, seconds)
    finally:
        channel.close()
        os.close(master)
        os.close(slave)


def peer_idle(seconds: float) -> float:
    master, slave, _ = pty_pair()
    spawn = fdpexpect.fdspawn(slave, encoding="utf-8", codec_errors="replace")

    def wait() -> None:
        with contextlib.suppress(pexpect.TIMEOUT):
            spawn.expect([NEVER], timeout=seconds)

    try:
        return idle_cpu(wait, seconds)
    finally:
        os.close(master)
        os.close(slave)


def feeder(master: int, total: int) -> threading.Thread:
    data = (BLOCK * (total // len(BLOCK) + 1))[:total] + b"\r\nciscoasa> "

    def run() -> None:
        view = memoryview(data)
        while view:
            written = os.write(master, view[:65536])
            view = view[written:]

    return threading.Thread(target=run, daemon=True)


def timed_megabytes(
    read: Callable[[], int], expect_prompt: Callable[[], None], total: int
) -> tuple[float, float, float]:
    """(seconds for the first MB, seconds for the last MB, total seconds)."""
    marks: list[tuple[int, float]] = []
    start = time.monotonic()
    done = threading.Event()

    def sampler() -> None:
        while not done.wait(0.005):
            marks.append((read(), time.monotonic()))

    thread = threading.Thread(target=sampler, daemon=True)
    thread.start()
    expect_prompt()
    end = time.monotonic()
    done.set()
    thread.join()
    mb = 1024 * 1024
    first = next((t for got, t in marks if got >= mb), end) - start
    last_start = next((t for got, t in marks if got >= total - mb), end)
    return first, end - last_start, end - start


def ours_throughput(total: int) -> tuple[float, float, float]:
    master, slave, name = pty_pair()
    channel = Channel(open_line(name))
    writer = feeder(master, total)
    writer.start()
    try:
        return timed_megabytes(
            lambda: channel.spawn.bytes_received,
            lambda: channel.expect([PROMPT], Deadline.after(600)) and None,
            total,
        )
    finally:
        writer.join()
        channel.close()
        os.close(master)
        os.close(slave)


def peer_throughput(total: int) -> tuple[float, float, float]:
    master, slave, _ = pty_pair()
    received = [0]
    spawn = fdpexpect.fdspawn(
        slave, encoding="utf-8", codec_errors="replace", searchwindowsize=2048, maxread=4096
    )
    spawn.delayafterread = None
    original = spawn.read_nonblocking

    def counting(size: int = 1, timeout: float | None = -1) -> str:
        text: str = original(size, timeout)
        received[0] += len(text)
        return text

    spawn.read_nonblocking = counting  # type: ignore[method-assign]
    writer = feeder(master, total)
    writer.start()
    try:
        return timed_megabytes(
            lambda: received[0], lambda: spawn.expect([PROMPT], timeout=600) and None, total
        )
    finally:
        writer.join()
        os.close(master)
        os.close(slave)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle", type=float, default=10.0, help="idle wait in seconds")
    parser.add_argument("--megabytes", type=int, default=10, help="boot text size in MB")
    args = parser.parse_args()
    total = args.megabytes * 1024 * 1024

    ours, peer = ours_idle(args.idle), peer_idle(args.idle)
    print(f"idle wait {args.idle:.0f} s for a prompt that never comes (CPU as % of wall):")
    print(f"  rommon Channel      {ours:6.3f} %")
    print(f"  pexpect fdpexpect   {peer:6.3f} %")

    print(f"{args.megabytes} MB of boot text, fast producer (first MB / last MB / total):")
    for name, run in (("rommon Channel", ours_throughput), ("pexpect fdpexpect", peer_throughput)):
        first, last, whole = run(total)
        ratio = last / first if first else float("nan")
        print(
            f"  {name:18} {first:6.3f} s / {last:6.3f} s / {whole:6.2f} s  "
            f"(last/first {ratio:4.2f}, {args.megabytes / whole:5.1f} MB/s)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
