#!/usr/bin/env python3
"""A hostile or busy LAN: our server against tftpd-hpa (`in.tftpd`, inetd style), in one run.

    .venv/bin/python scripts/bench_tftp_hostile.py [--silent 64] [--refusals 5000]

(a) Silent clients: `--silent` read requests that never acknowledge, sent from as many
    loopback addresses (127.0.1.x) or from one address (127.0.0.3), to both servers at once.
    For each server: DATA packets each silent client got, when the server last sent it
    anything (our ERROR packet ends it; tftpd-hpa sends none, its 6th DATA is at 31 s), whether
    its sessions were still held at the end of the watch, and whether a real client (curl
    from 127.0.0.1, which our server is given as `--reserved-client`, as the recovery workflow
    gives the unit's ADDRESS) still downloads while the silent ones are pending.
(b) Refused requests with long names (1400 characters, not in the catalog): the RSS growth of
    each server process over a second `--refusals` of them (after the first filled our
    rings), and our own memory measured in-process with tracemalloc after `--traced` and twice
    as many (bounded: the second step adds about nothing), against the bound of the request
    records (1000 + 1000 records of at most ~220-character names).

Prints ratios; asserts nothing. Linux only (reads /proc). Everything binds to 127.0.0.1/8.
"""

from __future__ import annotations

import argparse
import os
import selectors
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_tftp_servers import (  # noqa: E402 (after the path set-up)
    LISTENING,
    Server,
    children_of,
    start_hpa,
)

from rommon_toolkit.tftp_server import Catalog, TftpService  # noqa: E402
from tests.tftp.files import write_random  # noqa: E402

LONG_NAME = "x" * 1400
GIVE_UP_WATCH = 40.0  # tftpd-hpa sends its last DATA at 31 s


def start_ours(image: Path, *extra: str) -> Server:
    """`rommon tftp serve` in its own session (its port read from its banner)."""
    command = [sys.executable, "-m", "rommon_toolkit", "tftp", "serve", str(image)]
    command += ["--bind", "127.0.0.1", "--tftp-port", "0", *extra]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        cwd=ROOT,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    for line in process.stdout:
        if match := LISTENING.search(line):
            server = Server("ours", process, int(match.group(1)))
            _drain(process)
            return server
        if time.monotonic() > deadline:
            break
    process.kill()
    raise SystemExit("bench: our server did not start")


def _drain(process: subprocess.Popen[str]) -> None:
    import threading

    def pump() -> None:
        assert process.stdout is not None
        for _line in process.stdout:
            pass

    threading.Thread(target=pump, daemon=True).start()


def rrq(name: str) -> bytes:
    return b"\x00\x01" + name.encode() + b"\x00octet\x00"


@dataclass
class Silent:
    """One silent client: its socket and what it received."""

    sock: socket.socket
    sent: float
    data: int = 0
    errors: list[str] = field(default_factory=list)
    last: float = 0.0
    ended: float | None = None


def silent_round(server: Server, image: str, sources: list[str]) -> list[Silent]:
    """Send one RRQ from each source and listen (never answering) until all are given up."""
    clients = []
    for source in sources:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((source, 0))
        sock.setblocking(False)
        clients.append(Silent(sock, time.monotonic()))
        sock.sendto(rrq(image), ("127.0.0.1", server.port))
    return clients


def watch(clients: list[Silent], until: float) -> None:
    """Collect packets until `until` (never answering); an ERROR ends a client."""
    selector = selectors.DefaultSelector()
    for client in clients:
        selector.register(client.sock, selectors.EVENT_READ, client)
    while time.monotonic() < until and any(c.ended is None for c in clients):
        for key, _ in selector.select(0.1):
            client = key.data
            try:
                packet = client.sock.recv(70000)
            except OSError:
                continue
            now = time.monotonic()
            client.last = now
            if packet[:2] == b"\x00\x03":
                client.data += 1
            elif packet[:2] == b"\x00\x05":
                client.errors.append(packet[4:-1].decode("ascii", "replace"))
                client.ended = now
    selector.close()


def held(server: Server, clients: list[Silent]) -> str:
    """Whether the server still holds sessions of these clients."""
    if server.name == "tftpd-hpa":
        alive = [pid for pid in children_of(server.process.pid) if _running(pid)]
        return f"{len(alive)} children still waiting" if alive else "all released"
    open_ = sum(1 for c in clients if c.data and c.ended is None)
    return f"{open_} sessions still waiting" if open_ else "all released"


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def curl_ok(port: int, name: str, out: Path) -> tuple[bool, float, str]:
    command = [shutil.which("curl") or "curl", "-sS", "-o", str(out)]
    command.append(f"tftp://127.0.0.1:{port}/{name}")
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    return result.returncode == 0, time.monotonic() - started, result.stderr.strip()


def silent_bench(servers: list[Server], image: Path, count: int, out: Path) -> None:
    print(f"\n(a) {count} silent read requests (never an ACK), then curl from 127.0.0.1")
    scenarios = {
        f"{count} addresses": [f"127.0.1.{i % 250 + 1}" for i in range(count)],
        "one address": ["127.0.0.3"] * count,
    }
    results: dict[tuple[str, str], tuple[float, float]] = {}
    for label, sources in scenarios.items():
        rounds = {server.name: silent_round(server, image.name, sources) for server in servers}
        real = {}
        for server in servers:
            ok, seconds, error = curl_ok(server.port, image.name, out)
            real[server.name] = f"downloaded in {seconds:.2f} s" if ok else f"REFUSED ({error})"
        watch([c for clients in rounds.values() for c in clients], time.monotonic() + GIVE_UP_WATCH)
        for server in servers:
            clients = rounds[server.name]
            served = [c for c in clients if c.data]
            busy = sum(1 for c in clients if not c.data and c.errors)
            data = sum(c.data for c in served) / max(len(served), 1)
            last = max((c.last - c.sent for c in served), default=float("nan"))
            print(
                f"  {label:13} {server.name:9} {len(served):3} served, {busy:3} busy; "
                f"{data:4.1f} DATA per silent client, the last packet at {last:4.1f} s, "
                f"{held(server, clients)} at {GIVE_UP_WATCH:.0f} s; "
                f"real client: {real[server.name]}"
            )
            results[(label, server.name)] = (data, last)
            for client in clients:
                client.sock.close()
    for label in scenarios:
        ours, hpa = results.get((label, "ours")), results.get((label, "tftpd-hpa"))
        if ours and hpa:
            print(
                f"  {label:13} ours/tftpd-hpa: DATA per silent client "
                f"{ours[0] / max(hpa[0], 1e-9):.2f}x, time to the last packet "
                f"{ours[1] / max(hpa[1], 1e-9):.2f}x"
            )


def rss_kib(pid: int) -> int:
    """VmRSS of the server process itself (KiB; tftpd-hpa's children are transient)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def refuse_many(port: int, count: int, source: str = "127.0.0.5") -> None:
    """`count` RRQs for a long missing name, 20 in flight at a time, every answer read."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((source, 0))
        sock.settimeout(5.0)
        left = count
        while left:
            batch = min(20, left)
            for _ in range(batch):
                sock.sendto(rrq(LONG_NAME), ("127.0.0.1", port))
            for _ in range(batch):
                try:
                    sock.recv(1000)
                except TimeoutError:
                    break
            left -= batch


def traced_growth(image: Path, counts: tuple[int, int]) -> tuple[float, float]:
    """Our in-process memory growth (bytes) after counts[0] and after counts[1] refusals."""
    service = TftpService(Catalog.from_paths([image]), bind="127.0.0.1", port=0)
    service.start()
    try:
        refuse_many(service.port, 50)  # warm-up: first allocations of the server's paths
        tracemalloc.start()
        base = tracemalloc.take_snapshot()
        refuse_many(service.port, counts[0])
        first = tracemalloc.take_snapshot()
        refuse_many(service.port, counts[1] - counts[0])
        second = tracemalloc.take_snapshot()
        tracemalloc.stop()
    finally:
        service.stop()

    def grown(snapshot: tracemalloc.Snapshot) -> float:
        return float(sum(stat.size_diff for stat in snapshot.compare_to(base, "filename")))

    return grown(first), grown(second)


def memory_bench(servers: list[Server], image: Path, count: int, traced: int) -> None:
    print("\n(b) refused requests with 1400-character names (not in the catalog)")
    growth: dict[str, float] = {}
    for server in servers:
        start = rss_kib(server.process.pid)
        refuse_many(server.port, count)  # fills our rings of records
        middle = rss_kib(server.process.pid)
        started = time.monotonic()
        refuse_many(server.port, count)
        seconds = time.monotonic() - started
        end = rss_kib(server.process.pid)
        growth[server.name] = (end - middle) * 1024 / count
        print(
            f"  {server.name:9} RSS {start} -> {middle} KiB after {count}, -> {end} KiB after "
            f"{2 * count}: {growth[server.name]:6.1f} bytes per refusal over the second "
            f"{count} ({count / seconds:.0f} refusals/s)"
        )
    if "ours" in growth and "tftpd-hpa" in growth:
        print(
            f"  steady RSS growth per refusal, ours - tftpd-hpa: "
            f"{growth['ours'] - growth['tftpd-hpa']:+.1f} bytes (before the bound: about 7 KB)"
        )
    counts = (traced, 2 * traced)
    first, second = traced_growth(image, counts)
    bound = 2 * 1000 * 700  # 2 rings of 1000 records, a record with a capped name ~700 bytes
    print(
        f"  ours in-process (tracemalloc): +{first / 1024:.0f} KiB after {counts[0]}, "
        f"+{second / 1024:.0f} KiB after {counts[1]} refusals: "
        f"{(second - first) / counts[0]:+.1f} bytes per refusal once the records are full"
    )
    print(
        f"  ratio to the records' bound ({bound / 1024:.0f} KiB): {second / bound:.2f}x "
        "(target <= 1.0x)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--silent", type=int, default=64, help="silent requests (64)")
    parser.add_argument("--refusals", type=int, default=5000, help="refused requests (5000)")
    parser.add_argument(
        "--traced", type=int, default=1500, help="refusals per tracemalloc step (1500)"
    )
    parser.add_argument("--skip-silent", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-tftp-hostile-") as tmp:
        root = Path(tmp) / "root"
        root.mkdir()
        os.chmod(tmp, 0o755)
        image = root / "bench.img"
        write_random(image, 4 << 20, seed=3)
        out = Path(tmp) / "download"
        hpa = start_hpa(root)
        ours = start_ours(image, "--reserved-client", "127.0.0.1")
        servers = [s for s in (ours, hpa) if s is not None]
        if hpa is None:
            print("tftpd-hpa is not installed (/usr/sbin/in.tftpd): no ratios")
        try:
            if not args.skip_silent:
                silent_bench(servers, image, args.silent, out)
            memory_bench(servers, image, args.refusals, args.traced)
        finally:
            for server in servers:
                server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
