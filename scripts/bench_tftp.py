#!/usr/bin/env python3
"""Benchmark the bundled TFTP server against tftpd-hpa, measured in the same run.

    .venv/bin/python scripts/bench_tftp.py [--runs 5] [--size-mib 64] [--loss-size-mib 0.125]

Serves the same file from our server (`python -m rommon_toolkit tftp serve`, a subprocess so its CPU
can be read from /proc) and, when installed, from tftpd-hpa (`in.tftpd`, inetd style), downloads
it with curl at blksize 512 and 1468 (median of --runs; the servers take turns in alternating
order), and prints MB/s, blocks/s, server CPU seconds (the server and its per-transfer children,
sampled from /proc) and the ratios to tftpd-hpa. Then the time penalty of 1% and 5% loss (our
loss proxy in front of each server, same seed; penalty = time with loss minus time through the
proxy without loss), on a small file: curl asks for `timeout=6`, which tftpd-hpa honours, so
each packet lost costs it about six seconds or more (we take the client's timeout as a ceiling,
never as our wait).

Targets (printed, never asserted): throughput >= tftpd-hpa at 512, CPU per MB <= 1.2x, loss
penalty <= 1/10 of tftpd-hpa's. Linux only (reads /proc). Everything binds to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tftp_concurrent import report as report_scaling
from bench_tftp_concurrent import scaling
from bench_tftp_servers import (
    Server,
    SessionCpu,
    start_floor,
    start_hpa,
    start_ours,
)

from rommon_toolkit.tftp_server.loss_proxy import LossProxy
from tests.tftp.files import MIB, sha256_file, write_random


def curl(port: int, name: str, blksize: int, out: Path) -> float:
    """Seconds for one curl download (SystemExit if it fails)."""
    command = [shutil.which("curl") or "curl", "-sS", "--tftp-blksize", str(blksize)]
    command += ["-o", str(out), f"tftp://127.0.0.1:{port}/{name}"]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"bench: curl failed on port {port}: {result.stderr.strip()}")
    return elapsed


@dataclass
class Result:
    seconds: float
    cpu: float


def download(server: Server, image: Path, digest: str, *, blksize: int, out: Path) -> Result:
    """One curl download, checked by hash, with the server's CPU while it ran."""
    with SessionCpu(server.process.pid) as cpu:
        seconds = curl(server.port, image.name, blksize, out)
    if sha256_file(out) != digest:
        raise SystemExit(f"bench: {server.name} sent a different file")
    return Result(seconds, cpu.seconds)


def measure(
    servers: list[Server], image: Path, digest: str, *, blksize: int, runs: int, out: Path
) -> dict[str, Result]:
    """Median time and CPU per server over `runs` rounds.

    The servers take turns within each round, in alternating order, so that a slow spell of
    the machine (or whoever goes first after a pause) does not favour one of them.
    """
    samples: dict[str, list[Result]] = {server.name: [] for server in servers}
    for round_number in range(runs):
        order = servers if round_number % 2 == 0 else list(reversed(servers))
        for server in order:
            samples[server.name].append(download(server, image, digest, blksize=blksize, out=out))
    return {
        name: Result(
            statistics.median(s.seconds for s in results), statistics.median(s.cpu for s in results)
        )
        for name, results in samples.items()
    }


def loss_time(server: Server, image: Path, loss: float, seed: int, out: Path) -> float:
    with LossProxy(("127.0.0.1", server.port), loss=loss, seed=seed, lifetime=3600) as proxy:
        return curl(proxy.port, image.name, 512, out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="downloads per case (median)")
    parser.add_argument("--size-mib", type=int, default=64, help="throughput file size")
    parser.add_argument("--loss-size-mib", type=float, default=0.125, help="loss test file size")
    parser.add_argument("--loss-runs", type=int, default=1, help="seeds per loss rate (mean)")
    parser.add_argument("--skip-loss", action="store_true")
    parser.add_argument("--skip-single", action="store_true", help="no single-download table")
    parser.add_argument(
        "--concurrent",
        default="8,32",
        help="counts of simultaneous downloads, comma-separated ('' to skip)",
    )
    parser.add_argument("--concurrent-mib", type=float, default=16, help="file size for those")
    parser.add_argument("--concurrent-runs", type=int, default=3, help="rounds per count (median)")
    args = parser.parse_args()
    counts = [int(n) for n in args.concurrent.split(",") if n.strip()]

    with tempfile.TemporaryDirectory(prefix="bench-tftp-") as tmp:
        root = Path(tmp) / "root"
        root.mkdir()
        os.chmod(tmp, 0o755)
        image = root / "bench.img"
        digest = write_random(image, args.size_mib * MIB, seed=1)
        small = root / "loss.img"
        small_digest = write_random(small, int(args.loss_size_mib * MIB), seed=2)
        shared = root / "concurrent.img"
        shared_digest = write_random(shared, int(args.concurrent_mib * MIB), seed=3)
        out = Path(tmp) / "download"
        servers = [s for s in (start_hpa(root), start_ours(image)) if s is not None]
        if not args.skip_single:
            servers.append(start_floor(image))
        if all(server.name != "tftpd-hpa" for server in servers):
            print("tftpd-hpa is not installed (/usr/sbin/in.tftpd): no ratios")
        ours_small = start_ours(small)
        # All the concurrent curls come from 127.0.0.1: lift the per-client cap for them.
        limit = str(max([8, *counts]))
        ours_shared = start_ours(shared, "--max-per-client", limit, "--max-sessions", limit)
        floor_shared = start_floor(shared)
        try:
            servers_small = {"ours": ours_small}
            servers_shared = [ours_shared, floor_shared]
            if servers[0].name == "tftpd-hpa":
                servers_small["tftpd-hpa"] = servers[0]
                servers_shared.insert(0, servers[0])
            if not args.skip_single:
                throughput(servers, image, digest, runs=args.runs, out=out, mib=args.size_mib)
            if counts:
                concurrent(
                    servers_shared, shared, shared_digest, counts=counts, args=args, tmp=Path(tmp)
                )
            if not args.skip_loss:
                losses(servers_small, small, small_digest, args, out)
        finally:
            for server in servers:
                server.stop()
            ours_small.stop()
            ours_shared.stop()
            floor_shared.stop()
    return 0


def throughput(
    servers: list[Server], image: Path, digest: str, *, runs: int, out: Path, mib: int
) -> None:
    """Throughput and CPU per MB at blksize 512 and 1468, with ratios to tftpd-hpa."""
    size_mb = image.stat().st_size / 1e6
    print(
        f"\n{mib} MiB file, curl downloads over loopback, median of {runs} runs "
        "(servers take turns, alternating order)"
    )
    print(
        f"{'server':<10} {'blksize':>7} {'seconds':>8} {'MB/s':>7} {'blocks/s':>9} "
        f"{'cpu s':>6} {'cpu ms/MB':>9}"
    )
    table: dict[tuple[str, int], Result] = {}
    for blksize in (512, 1468):
        results = measure(servers, image, digest, blksize=blksize, runs=runs, out=out)
        for server in servers:
            result = table[(server.name, blksize)] = results[server.name]
            blocks = image.stat().st_size // blksize + 1
            print(
                f"{server.name:<10} {blksize:>7} {result.seconds:>8.2f} "
                f"{size_mb / result.seconds:>7.1f} {blocks / result.seconds:>9.0f} "
                f"{result.cpu:>6.2f} {1000 * result.cpu / size_mb:>9.1f}"
            )
    if all(server.name != "tftpd-hpa" for server in servers):
        return
    print("\nours vs tftpd-hpa (same run)")
    for blksize in (512, 1468):
        ours, theirs = table[("ours", blksize)], table[("tftpd-hpa", blksize)]
        speed = theirs.seconds / ours.seconds
        cpu = ours.cpu / theirs.cpu if theirs.cpu else float("inf")
        print(f"  blksize {blksize:>4}: throughput {speed:.2f}x, CPU per MB {cpu:.2f}x")
    if ("floor", 512) in table:
        print(
            "Python's floor (bench_tftp_floor.py: send, recv_into, readinto; no checks) "
            "vs tftpd-hpa"
        )
        for blksize in (512, 1468):
            floor, theirs = table[("floor", blksize)], table[("tftpd-hpa", blksize)]
            cpu = floor.cpu / theirs.cpu if theirs.cpu else float("inf")
            print(
                f"  blksize {blksize:>4}: throughput {theirs.seconds / floor.seconds:.2f}x, "
                f"CPU per MB {cpu:.2f}x"
            )
    ours, theirs = table[("ours", 512)], table[("tftpd-hpa", 512)]
    print(
        "targets at 512: throughput >= 1.00x: "
        f"{'met' if theirs.seconds / ours.seconds >= 1.0 else 'MISSED'}; CPU per MB <= 1.20x: "
        f"{'met' if theirs.cpu and ours.cpu / theirs.cpu <= 1.2 else 'MISSED'}"
    )


def concurrent(
    servers: list[Server],
    image: Path,
    digest: str,
    *,
    counts: list[int],
    args: argparse.Namespace,
    tmp: Path,
) -> None:
    """Scaling with simultaneous curl downloads at blksize 512 (see bench_tftp_concurrent)."""
    print(
        f"\n{args.concurrent_mib:g} MiB file, N curl downloads at once at blksize 512, median of "
        f"{args.concurrent_runs} rounds (servers take turns, alternating order)"
    )
    out_dir = tmp / "concurrent"
    out_dir.mkdir(exist_ok=True)
    table = scaling(
        servers, image, digest, counts=counts, runs=args.concurrent_runs, out_dir=out_dir
    )
    report_scaling(table, [s.name for s in servers], counts, args.concurrent_mib)


def losses(
    servers: dict[str, Server], small: Path, digest: str, args: argparse.Namespace, out: Path
) -> None:
    """Extra seconds that 1% and 5% loss cost each server (same seeds for both)."""
    print(
        f"\nloss penalty, {args.loss_size_mib:g} MiB at blksize 512 through the loss proxy "
        f"(mean of {args.loss_runs} seeds)"
    )
    print(
        f"{'server':<10} {'no loss s':>9} {'1% s':>8} {'5% s':>8} {'penalty 1%':>10} "
        f"{'penalty 5%':>10}"
    )
    penalties: dict[str, dict[float, float]] = {}
    for name, server in servers.items():
        base = statistics.mean(
            loss_time(server, small, 0.0, seed, out) for seed in range(args.loss_runs)
        )
        row: dict[float, float] = {}
        for loss in (0.01, 0.05):
            seconds = statistics.mean(
                loss_time(server, small, loss, seed, out) for seed in range(args.loss_runs)
            )
            if sha256_file(out) != digest:
                raise SystemExit(f"bench: {name} sent a different file under loss")
            row[loss] = seconds
        penalties[name] = {loss: row[loss] - base for loss in row}
        print(
            f"{name:<10} {base:>9.2f} {row[0.01]:>8.2f} {row[0.05]:>8.2f} "
            f"{penalties[name][0.01]:>10.2f} {penalties[name][0.05]:>10.2f}"
        )
    if "tftpd-hpa" in penalties:
        for loss in (0.01, 0.05):
            ours, theirs = penalties["ours"][loss], penalties["tftpd-hpa"][loss]
            share = ours / theirs if theirs > 0 else float("inf")
            print(
                f"  {loss:.0%} loss: our penalty is {share:.3f} of tftpd-hpa's "
                f"(target <= 0.100: {'met' if share <= 0.1 else 'MISSED'})"
            )


if __name__ == "__main__":
    raise SystemExit(main())
