"""Concurrent downloads for scripts/bench_tftp.py: how each server scales with N transfers.

For each count N (1, then e.g. 8 and 32), N curl downloads of the same file start at once
against one server; the round's wall time and each download's time are taken, every file is
checked by hash. The servers take turns in alternating order, median of `runs` rounds (see
`scaling`). The
scaling ratio is wall(N) / wall(1) of the same server in the same run (N = a perfect fan-out
over unlimited cores would give 1.0x; one core doing all the work gives N x): ours must be at
most tftpd-hpa's. Importable on its own (bench_tftp.py passes its servers in).
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bench_tftp_servers import SessionCpu

from tests.tftp.files import sha256_file

SINGLE_REPEATS = 3


class ServerLike(Protocol):
    name: str
    port: int

    @property
    def pid(self) -> int: ...


@dataclass
class Round:
    wall: float
    per_transfer: float  # mean seconds of one download in the round
    server_cpu: float  # CPU seconds of the server and its transfer children in the round
    clients_cpu: float  # CPU seconds of the curl processes in the round

    @property
    def server_share(self) -> float:
        """The server's part of all the CPU the round used (what a faster server can save)."""
        total = self.server_cpu + self.clients_cpu
        return self.server_cpu / total if total else 0.0


def concurrent_round(
    server: ServerLike, image: Path, digest: str, *, count: int, out_dir: Path, blksize: int
) -> Round:
    """`count` curl downloads started together; SystemExit if any fails or differs."""
    outs = [out_dir / f"{server.name}-{index}" for index in range(count)]
    clients_before = _children_cpu()
    with SessionCpu(server.pid) as cpu:
        wall, times = _run_curls(server, image, outs, blksize)
    clients_cpu = _children_cpu() - clients_before
    for out in outs:
        if sha256_file(out) != digest:
            raise SystemExit(f"bench: {server.name} sent a different file to a concurrent curl")
        out.unlink()
    return Round(wall, statistics.mean(times), cpu.seconds, clients_cpu)


def _run_curls(
    server: ServerLike, image: Path, outs: list[Path], blksize: int
) -> tuple[float, list[float]]:
    """One curl per file in `outs`, all at once; (the round's wall time, each one's time)."""
    curl = shutil.which("curl") or "curl"
    started = time.perf_counter()
    processes = []
    for out in outs:
        command = [curl, "-sS", "--tftp-blksize", str(blksize), "-o", str(out)]
        command.append(f"tftp://127.0.0.1:{server.port}/{image.name}")
        processes.append(
            subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        )
    times: list[float] = []
    for process in processes:
        _stdout, stderr = process.communicate(timeout=3600)
        times.append(time.perf_counter() - started)
        if process.returncode != 0:
            raise SystemExit(f"bench: curl failed against {server.name}: {stderr!r}")
    return max(times), times


def _children_cpu() -> float:
    """CPU seconds of this process's reaped children (the curls; the servers run on)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def scaling(
    servers: Sequence[ServerLike],
    image: Path,
    digest: str,
    *,
    counts: Sequence[int],
    runs: int,
    out_dir: Path,
    blksize: int = 512,
) -> dict[tuple[str, int], Round]:
    """Median round per (server, count); count 1 is always measured (the base of the ratio).

    Each of the `runs` rounds takes every count in turn, the servers alternating, so a slow
    spell of the machine hits every count of both servers alike; the single download, the
    base of every ratio and the shortest to measure, is taken `SINGLE_REPEATS` times a round.
    """
    every = sorted({1, *counts})
    samples: dict[tuple[str, int], list[Round]] = {
        (server.name, count): [] for server in servers for count in every
    }
    turn = 0
    for _round in range(runs):
        for count in every:
            for _repeat in range(SINGLE_REPEATS if count == 1 else 1):
                order = list(servers) if turn % 2 == 0 else list(reversed(servers))
                turn += 1
                for server in order:
                    samples[(server.name, count)].append(
                        concurrent_round(
                            server, image, digest, count=count, out_dir=out_dir, blksize=blksize
                        )
                    )
    return {
        key: Round(
            statistics.median(r.wall for r in rounds),
            statistics.median(r.per_transfer for r in rounds),
            statistics.median(r.server_cpu for r in rounds),
            statistics.median(r.clients_cpu for r in rounds),
        )
        for key, rounds in samples.items()
    }


def report(
    table: dict[tuple[str, int], Round], names: Sequence[str], counts: Sequence[int], mib: float
) -> None:
    """Print wall times, per-transfer rates and the scaling ratios (ours vs tftpd-hpa)."""
    size_mb = mib * 1.048576
    print(
        f"{'server':<10} {'at once':>7} {'wall s':>8} {'per-transfer MB/s':>18} {'x one':>7} "
        f"{'server cpu s':>12} {'curl cpu s':>10} {'server share':>12}"
    )
    for name in names:
        one = table[(name, 1)].wall
        for count in sorted({1, *counts}):
            result = table[(name, count)]
            print(
                f"{name:<10} {count:>7} {result.wall:>8.2f} "
                f"{size_mb / result.per_transfer:>18.2f} {result.wall / one:>6.2f}x "
                f"{result.server_cpu:>12.2f} {result.clients_cpu:>10.2f} "
                f"{100 * result.server_share:>11.0f}%"
            )
    if "ours" not in names or "tftpd-hpa" not in names:
        return
    print("\nscaling, wall(N) / wall(1) of each server (lower is better; target: ours <= theirs)")
    for count in counts:
        ours, theirs, speed = _against_hpa(table, "ours", count)
        print(
            f"  {count:>2} at once: ours {ours:.2f}x, tftpd-hpa {theirs:.2f}x "
            f"(target {'met' if ours <= theirs else 'MISSED'}); "
            f"our wall time vs tftpd-hpa's: {speed:.2f}x speed"
        )
    if "floor" in names:
        print(
            "Python's floor (bench_tftp_floor.py, a child per download, no checks): the least a "
            "Python server costs"
        )
        for count in counts:
            floor, theirs, speed = _against_hpa(table, "floor", count)
            print(
                f"  {count:>2} at once: floor {floor:.2f}x, tftpd-hpa {theirs:.2f}x; "
                f"floor's wall time vs tftpd-hpa's: {speed:.2f}x speed"
            )


def _against_hpa(
    table: dict[tuple[str, int], Round], name: str, count: int
) -> tuple[float, float, float]:
    """(`name`'s scaling ratio, tftpd-hpa's, `name`'s speed over tftpd-hpa's) at `count`."""
    ratio = table[(name, count)].wall / table[(name, 1)].wall
    theirs = table[("tftpd-hpa", count)].wall / table[("tftpd-hpa", 1)].wall
    return ratio, theirs, table[("tftpd-hpa", count)].wall / table[(name, count)].wall
