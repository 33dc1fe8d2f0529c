#!/usr/bin/env python3
"""Recover 1, 4 and 8 bricked virtual units at once with `rommon bench`; print the ratios.

For each fleet size: wall time of the whole bench, and each unit's `tftpdnld` throughput as
the bundled TFTP server measured it. Everything is printed as a ratio to the single-unit run of
the same invocation (a benchmark, not a test: no thresholds). The virtual units run in their
own process (`rommon sim --count N --tcp`), reached over `socket://` like a console server, so
the toolkit's process holds only what a real bench has: the bench, its drivers and the TFTP
server. The machine's cores are shared all the same; read the ratios with that in mind.

    .venv/bin/python scripts/bench_fleet.py [--sizes 1 4 8] [--image-mb 8] [--speed 60]
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rommon_toolkit.rommon.cli.main import main
from rommon_toolkit.simulator.images import make_image
from rommon_toolkit.simulator.provision import init_unit

MISSING = "disk0:/asa9-12-4-lfbff-k8.SPA"


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def free_tcp_base(count: int) -> int:
    """A base port with `count` consecutive free TCP ports on loopback."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = int(probe.getsockname()[1])
        if base + count < 65535 and all(_tcp_free(base + i) for i in range(count)):
            return base
    raise SystemExit("no run of free TCP ports found")


def _tcp_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def start_units(
    fleet: Path, size: int, speed: float, tftp_port: int
) -> tuple[subprocess.Popen[str], list[str]]:
    """`rommon sim --count size --tcp`, bricked units; (process, their socket:// URLs)."""
    for index in range(1, size + 1):
        init_unit(fleet / f"unit-{index}", "asa5506", boot=[MISSING])
    base = free_tcp_base(size)
    command = [
        sys.executable,
        "-m",
        "rommon_toolkit",
        "sim",
        "--model",
        "asa5506",
        "--state-dir",
        str(fleet),
        "--tcp",
        f"127.0.0.1:{base}",
        "--count",
        str(size),
        "--speed",
        str(speed),
        "--tftp-port",
        str(tftp_port),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    urls: list[str] = []
    while len(urls) < size:
        line = process.stdout.readline()
        if not line:
            raise SystemExit(f"rommon sim stopped: exit {process.wait()}")
        urls += [word for word in line.split() if word.startswith("socket://")]
    return process, urls


def run_fleet(size: int, image: Path, speed: float, root: Path) -> tuple[float, list[float]]:
    """(wall seconds, tftpdnld MB/s of each unit) for `size` units recovered at once."""
    port = free_udp_port()
    process, urls = start_units(root / f"fleet{size}", size, speed, port)
    lines = [
        "[shared]",
        f'image = "{image}"',
        'server = "127.0.0.1"',
        'netmask = "255.0.0.0"',
        f"tftp-port = {port}",
    ]
    for index, url in enumerate(urls, 1):
        lines += [
            "",
            "[[unit]]",
            f'name = "unit{index}"',
            f'port = "{url}"',
            f'address = "127.0.1.{index}"',
            'job = "recover"',
            'model = "asa5506"',
        ]
    inventory = root / f"fleet{size}.toml"
    inventory.write_text("\n".join(lines) + "\n")
    run_dir = root / f"run{size}"
    started = time.monotonic()
    try:
        code = main(
            [
                "bench",
                str(inventory),
                "--jobs",
                str(size),
                "--yes",
                "--run-dir",
                str(run_dir),
                "--timeout-scale",
                "0.2",
            ]
        )
        wall = time.monotonic() - started
    finally:
        process.terminate()
        process.wait(timeout=30)
    if code != 0:
        raise SystemExit(f"the {size}-unit bench failed (exit {code}); see {run_dir}")
    rates = []
    for index in range(1, size + 1):
        report = json.loads((run_dir / f"unit{index}" / "report.json").read_text())
        first = next(t for t in report["transfers"] if t["state"] == "done")
        rates.append(first["rate_bytes_per_s"] / 1e6)
    return wall, rates


def main_bench() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--image-mb", type=int, default=8)
    parser.add_argument("--speed", type=float, default=60.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-fleet-") as tmp:
        root = Path(tmp)
        image = make_image(root / "images", "asa5506", "9.16(4)85", args.image_mb << 20)
        results = {}
        for size in args.sizes:
            print(f"recovering {size} virtual unit(s) at once ...", file=sys.stderr, flush=True)
            results[size] = run_fleet(size, image, args.speed, root)
    base_wall, base_rates = results[args.sizes[0]]
    base_rate = statistics.median(base_rates)
    print(f"\nimage {args.image_mb} MiB, virtual speed x{args.speed}, whole recovery per unit")
    print(
        f"{'units':>5}  {'wall s':>7}  {'wall/1':>6}  {'tftp MB/s/unit (median)':>23}  "
        f"{'ratio to 1':>10}  {'aggregate MB/s':>14}"
    )
    for size, (wall, rates) in results.items():
        median = statistics.median(rates)
        print(
            f"{size:>5}  {wall:>7.1f}  {wall / base_wall:>6.2f}  {median:>23.2f}  "
            f"{median / base_rate:>10.2f}  {sum(rates):>14.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main_bench())
