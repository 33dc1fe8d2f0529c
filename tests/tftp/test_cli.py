"""`rommon tftp serve` in a subprocess: banner, a 64 MiB download by curl, refusals, Ctrl-C."""

from __future__ import annotations

import queue
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import require_tool
from tests.tftp.files import MIB, sha256_file, write_random
from tests.tftp.rawclient import ERROR, RRQ, WRQ, RawClient, request

LISTENING = re.compile(r"listening on UDP 127\.0\.0\.1:(\d+)")


@dataclass
class Cli:
    """A running `rommon tftp serve` and the lines it printed so far."""

    process: subprocess.Popen[str]
    lines: queue.Queue[str] = field(default_factory=queue.Queue)
    seen: list[str] = field(default_factory=list)

    def expect(self, pattern: str, timeout: float = 30.0) -> re.Match[str]:
        """Wait for a printed line matching `pattern`."""
        compiled = re.compile(pattern)
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no line matching {pattern!r} in {self.seen}") from None
            self.seen.append(line)
            if match := compiled.search(line):
                return match

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=30)


def start_cli(*args: str) -> Cli:
    process = subprocess.Popen(
        [sys.executable, "-m", "rommon_toolkit", "tftp", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    cli = Cli(process)

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            cli.lines.put(line.rstrip("\n"))

    threading.Thread(target=pump, daemon=True).start()
    return cli


@pytest.fixture(scope="module")
def image64(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("cli") / "asa9-16-4-85-lfbff-k8.SPA"
    return path, write_random(path, 64 * MIB, seed=64)


@pytest.fixture
def cli(image64: tuple[Path, str]) -> Iterator[Cli]:
    running = start_cli(str(image64[0]), "--bind", "127.0.0.1", "--tftp-port", "0")
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait(timeout=30)
    if running.process.stdout is not None:
        running.process.stdout.close()


@pytest.mark.slow
@pytest.mark.realclient
def test_serves_64mib_to_curl_at_512_and_refuses_traversal_and_uploads(
    cli: Cli, image64: tuple[Path, str], tmp_path: Path
):
    path, digest = image64
    cli.expect(rf"asa9-16-4-85-lfbff-k8\.SPA  {64 * MIB} bytes  sha256 {digest}")
    cli.expect(r"uploads: refused \(read-only\)")
    port = int(cli.expect(LISTENING.pattern).group(1))

    out = tmp_path / "download.SPA"
    result = subprocess.run(
        [
            require_tool("curl"),
            "-sS",
            "--tftp-blksize",
            "512",
            "-o",
            str(out),
            f"tftp://127.0.0.1:{port}/{path.name}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert sha256_file(out) == digest
    cli.expect(  # the count: a loaded machine may delay curl's ACK past our RTO
        r"done: asa9-16-4-85-lfbff-k8\.SPA -> 127\.0\.0\.1:\d+  67\.1 MB in .* \d+ retransmits?"
    )

    with RawClient(port) as client:
        client.send(request(RRQ, "../../etc/passwd"))
        refusal = client.receive()
        client.send(request(WRQ, "config.cfg"))
        upload_refusal = client.receive()
    assert (refusal.opcode, refusal.block) == (ERROR, 2)
    assert (upload_refusal.opcode, upload_refusal.block) == (ERROR, 2)
    cli.expect(r"refused: 127\.0\.0\.1:\d+ '\.\./\.\./etc/passwd': '\.\.' path component")
    cli.expect(r"refused: 127\.0\.0\.1:\d+ 'config\.cfg': uploads are disabled")

    assert cli.stop() == 0
    cli.expect(r"^stopped$")
    assert not any("\x1b" in line for line in cli.seen), "ANSI codes on a non-terminal"


def test_uploads_and_sigterm(tmp_path: Path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    cli = start_cli(
        "--allow-upload",
        str(inbox),
        "--max-upload-bytes",
        "5000",
        "--bind",
        "127.0.0.1",
        "--tftp-port",
        "0",
        "--reserved-client",
        "127.0.0.1",
    )
    try:
        cli.expect(r"serving 0 files:")
        cli.expect(rf"uploads: into {re.escape(str(inbox))} \(at most 5000 bytes each")
        cli.expect(r"always a slot for: 127\.0\.0\.1$")
        port = int(cli.expect(LISTENING.pattern).group(1))
        with RawClient(port) as client:
            client.send(request(WRQ, "r1.cfg"))
            assert client.receive().block == 0
            client.send(b"\x00\x03\x00\x01hostname asa\n")
            assert client.receive().block == 1
        cli.expect(r"done: r1\.cfg <- 127\.0\.0\.1:\d+  13 B in")
        assert (inbox / "r1.cfg").read_bytes() == b"hostname asa\n"
        cli.process.send_signal(signal.SIGTERM)
        assert cli.process.wait(timeout=30) == 0
        cli.expect(r"^stopped$")
    finally:
        if cli.process.poll() is None:
            cli.process.kill()
            cli.process.wait(timeout=30)
        if cli.process.stdout is not None:
            cli.process.stdout.close()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rommon_toolkit", "tftp", "serve", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_port_in_use_exits_3_with_advice(image64: tuple[Path, str]):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as holder:
        holder.bind(("127.0.0.1", 0))
        port = holder.getsockname()[1]
        result = _run(str(image64[0]), "--bind", "127.0.0.1", "--tftp-port", str(port))
    assert result.returncode == 3
    assert f"UDP 127.0.0.1:{port} is already in use" in result.stderr
    assert "ss -ulpn" in result.stderr
    assert "another --tftp-port" in result.stderr
    assert "--port" not in result.stderr.replace("--tftp-port", "")


def test_deprecated_port_spelling_still_works_with_a_warning(image64: tuple[Path, str]):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as holder:
        holder.bind(("127.0.0.1", 0))
        port = holder.getsockname()[1]
        result = _run(str(image64[0]), "--bind", "127.0.0.1", "--port", str(port))
    assert "deprecated: use --tftp-port" in result.stderr
    assert result.returncode == 3  # the port it names is the one tried
    assert f"UDP 127.0.0.1:{port} is already in use" in result.stderr
    result = _run(str(image64[0]), "--tftp-port", "1", "--port", "2")
    assert result.returncode == 3
    assert "disagree" in result.stderr


def test_bad_input_exits_3(tmp_path: Path):
    result = _run(str(tmp_path / "missing.SPA"), "--tftp-port", "0")
    assert result.returncode == 3
    assert "missing.SPA" in result.stderr
    result = _run("--tftp-port", "0")
    assert result.returncode == 3
    assert "nothing to serve" in result.stderr
