"""A real TFTP server on loopback for the simulator's tests (tftpd-hpa).

The OS picks the port: the test binds a UDP socket to port 0 and hands it to `in.tftpd` as its
standard input, the way inetd starts it (`wait` mode), so no port is guessed and released.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rommon_toolkit.simulator.errors import TftpFileNotFoundError, TftpTimeoutError
from rommon_toolkit.simulator.tftp_client import TftpClient, TftpSettings
from tests.conftest import require_tool

TFTPD_CANDIDATES = ("/usr/sbin/in.tftpd", "in.tftpd")


@dataclass(frozen=True)
class TftpServer:
    """A running server: where it listens and which directory it serves."""

    host: str
    port: int
    root: Path


@contextmanager
def silent_udp_port(host: str = "127.0.0.1") -> Iterator[socket.socket]:
    """A UDP socket on a port the OS picked that never answers (a server that went quiet)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((host, 0))
        yield sock


def _tftpd_path() -> str:
    for candidate in TFTPD_CANDIDATES:
        if os.path.isabs(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return require_tool("in.tftpd")


def _wait_ready(server: TftpServer, proc: subprocess.Popen[bytes]) -> None:
    settings = TftpSettings(port=server.port, timeout=0.2, retries=0)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"in.tftpd exited with {proc.returncode}")
        try:
            TftpClient(server.host, settings=settings).download(
                ".readiness-probe-missing", _NullSink()
            )
        except TftpFileNotFoundError:
            return
        except TftpTimeoutError:
            continue
    raise RuntimeError("in.tftpd did not answer within 10 s")


class _NullSink:
    def write(self, data: bytes) -> int:
        return len(data)


@contextmanager
def tftpd(root: Path, host: str = "127.0.0.1") -> Iterator[TftpServer]:
    """Run tftpd-hpa serving `root` (uploads allowed) until the block exits."""
    binary = _tftpd_path()
    args = [binary, "-c", "-s", str(root)]  # no -l/-L: inetd style, the socket is stdin
    if os.geteuid() == 0:
        args += ["-u", "root"]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((host, 0))
        port = int(sock.getsockname()[1])
        proc = subprocess.Popen(args, stdin=sock, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = TftpServer(host, port, root)
    try:
        _wait_ready(server, proc)
        yield server
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()
