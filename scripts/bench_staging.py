#!/usr/bin/env python3
"""Staging a 110 MB image over TFTP vs HTTP on the virtual ASA, with a modelled link delay.

Runs `rommon stage` twice in this process against a fresh virtual ASA each time (loopback,
bundled servers), once with `--transport tftp` and once with `--transport http`, with the
simulator's link round-trip time (`link-rtt-ms`, default 1 ms) paid by its TFTP client per
packet exchange (lock-step: one RTT per 512-byte block) and by its HTTP client per 64 KiB TCP
window. Prints the time of the copy step and of the whole command, and the ratios.

Usage: scripts/bench_staging.py [--size-mb 110] [--rtt-ms 1] [--speed 200]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from rommon_toolkit.rommon.cli.main import main as rommon
from rommon_toolkit.rommon.cli.main import wire_the_virtual_asa
from rommon_toolkit.simulator import lan, registry
from rommon_toolkit.simulator.images import make_image
from rommon_toolkit.simulator.provision import init_unit

OLD_VERSION, NEW_VERSION = "9.12(4)56", "9.16(4)85"


def stage_once(
    root: Path, transport: str, image: Path, old: Path, *, rtt_ms: float, speed: float
) -> tuple[float, float, dict[str, object]]:
    """(copy-step seconds, command seconds, report) of one `rommon stage`."""
    work = root / transport
    work.mkdir()
    state = work / "unit"
    init_unit(state, "asa5506", images=[old], boot=[f"disk0:/{old.name}"])
    tftp_port = lan.ANNOUNCED  # the bundled server binds a port the OS chooses; the unit asks
    url = (
        f"sim://asa5506?state-dir={state}&speed={speed}&tftp-port={tftp_port}&link-rtt-ms={rtt_ms}"
    )
    registry.attach(
        "asa5506", state, speed=speed, tftp_port=tftp_port, link_rtt_ms=rtt_ms
    )  # powered on now: the boot is not part of the measurement
    report_path = work / "report.json"
    argv = [
        "--quiet",
        "stage",
        "--port",
        url,
        "--image",
        str(image),
        "--address",
        "127.0.0.2",
        "--netmask",
        "255.0.0.0",
        "--server",
        "127.0.0.1",
        "--tftp-port",
        str(tftp_port),
        "--transport",
        transport,
        "--http-port",
        "0",
        "--yes",
        "--run-dir",
        str(work / "run"),
        "--state-dir",
        str(work / "state"),
        "--report",
        str(report_path),
    ]
    cwd = Path.cwd()
    os.chdir(work)
    started = time.perf_counter()
    try:
        code = rommon(argv)
    finally:
        os.chdir(cwd)
    whole = time.perf_counter() - started
    report = json.loads(report_path.read_text())
    registry.close_all()
    if code != 0:
        raise SystemExit(f"stage over {transport} failed (exit {code}): {report.get('error')}")
    copy = sum(s["seconds"] for s in report["steps"] if s["name"] == "copy-image")
    return copy, whole, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=110.0, help="image size (MB, 10^6)")
    parser.add_argument("--rtt-ms", type=float, default=1.0, help="link round trip (ms)")
    parser.add_argument("--speed", type=float, default=200.0, help="sim speed factor")
    args = parser.parse_args()
    wire_the_virtual_asa()
    size = int(args.size_mb * 1_000_000)
    with tempfile.TemporaryDirectory(prefix="bench-staging-") as tmp:
        root = Path(tmp)
        images = root / "images"
        images.mkdir()
        image = make_image(images, "asa5506", NEW_VERSION, size)
        old = make_image(images, "asa5506", OLD_VERSION, 1 << 20)
        print(
            f"staging {image.name} ({size:,} bytes) to a virtual 5506-X, link RTT "
            f"{args.rtt_ms:g} ms, sim speed {args.speed:g}",
            flush=True,
        )
        results = {}
        for transport in ("http", "tftp"):
            copy, whole, report = stage_once(
                root, transport, image, old, rtt_ms=args.rtt_ms, speed=args.speed
            )
            (transfer,) = report["transfers"]
            results[transport] = (copy, whole)
            print(
                f"  {transport:4}  copy step {copy:7.1f} s  whole stage {whole:7.1f} s  "
                f"server saw {transfer['bytes']:,} bytes at "
                f"{transfer['rate_bytes_per_s'] / 1e6:.2f} MB/s",
                flush=True,
            )
    (http_copy, http_whole), (tftp_copy, tftp_whole) = results["http"], results["tftp"]
    print(
        f"ratio tftp/http: copy step {tftp_copy / http_copy:.1f}x, "
        f"whole stage {tftp_whole / http_whole:.1f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
