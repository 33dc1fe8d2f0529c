"""The servers scripts/bench_tftp.py measures: ours, the Python floor and tftpd-hpa, started on
127.0.0.1, and their CPU read from /proc (the server and its per-transfer children).
Linux only."""

from __future__ import annotations

import getpass
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
HPA = "/usr/sbin/in.tftpd"
LISTENING = re.compile(r"listening on UDP 127\.0\.0\.1:(\d+)")


def process_ticks(pid: int) -> int | None:
    """utime+stime (clock ticks) of one process, all its threads included; None once gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])  # fields after the name: state ppid ... utime stime


def children_of(pid: int) -> list[int]:
    """Direct children of `pid` (forked by any of its threads)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def server_ticks(pid: int) -> dict[int, int]:
    """CPU ticks of a server process and its direct children, by pid (two /proc reads)."""
    ticks: dict[int, int] = {}
    for each in [pid, *children_of(pid)]:
        value = process_ticks(each)
        if value is not None:
            ticks[each] = value
    return ticks


class SessionCpu:
    """CPU seconds used by a server and its children while a download runs.

    tftpd-hpa forks a child per transfer and ignores SIGCHLD, so an exited child's time reaches
    nobody's cutime: the server and its children are sampled every SAMPLE_INTERVAL (a few small
    /proc reads, so the sampler itself barely competes for the CPU) and each pid's last reading
    counts. The error is at most what a child uses in its final interval.
    """

    SAMPLE_INTERVAL = 0.02

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.start = server_ticks(pid)
        self.latest = dict(self.start)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> SessionCpu:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()
        self.latest.update(server_ticks(self.pid))

    def _sample(self) -> None:
        while not self._done.wait(self.SAMPLE_INTERVAL):
            self.latest.update(server_ticks(self.pid))

    @property
    def seconds(self) -> float:
        used = sum(t - self.start.get(pid, 0) for pid, t in self.latest.items())
        return used / TICK


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll `check` on a deadline (waiting on an Event, never sleeping blind)."""
    deadline, tick = time.monotonic() + timeout, threading.Event()
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"bench: timed out waiting for {what}")
        tick.wait(0.05)


@dataclass
class Server:
    name: str
    process: subprocess.Popen[str]
    port: int

    @property
    def pid(self) -> int:
        """The server's own process (its transfer children are found under it)."""
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # our own session: it and its children
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


def start_ours(image: Path, *extra: str) -> Server:
    command = [sys.executable, "-m", "rommon_toolkit", "tftp", "serve", str(image)]
    command += ["--bind", "127.0.0.1", "--tftp-port", "0", *extra]
    return start_listening("ours", command)


def start_floor(image: Path) -> Server:
    """Python's floor (scripts/bench_tftp_floor.py): a bare lock-step loop, no checks."""
    floor = Path(__file__).resolve().parent / "bench_tftp_floor.py"
    return start_listening("floor", [sys.executable, str(floor), str(image)])


def start_listening(name: str, command: list[str]) -> Server:
    """Start a server that prints "listening on UDP 127.0.0.1:PORT"."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    lines: queue.Queue[str] = queue.Queue()

    def drain() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=drain, daemon=True).start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        if match := LISTENING.search(line):
            return Server(name, process, int(match.group(1)))
    process.kill()
    raise SystemExit(f"bench: {name} did not start")


def answers(port: int) -> bool:
    """True when something answers an RRQ on the port (an ERROR for a missing file)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.settimeout(0.2)
        probe.sendto(b"\x00\x01bench-probe-missing\x00octet\x00", ("127.0.0.1", port))
        try:
            return bool(probe.recv(600))
        except OSError:
            return False


def start_hpa(root: Path) -> Server | None:
    if not Path(HPA).exists():
        return None
    # inetd style ("wait" mode): tftpd-hpa serves the socket it is given as standard input, one
    # the OS gave a port, forking a child per request as with -L; -t: stay up between rounds.
    command = [HPA, "-s", str(root), "-t", "86400", "-u", getpass.getuser()]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
        process = subprocess.Popen(
            command,
            stdin=sock.fileno(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
    wait_for(lambda: answers(port) or process.poll() is not None, 10, "tftpd-hpa")
    if process.poll() is not None:
        print(f"tftpd-hpa did not start: {process.stderr.read() if process.stderr else ''}")
        return None
    return Server("tftpd-hpa", process, port)
