#!/usr/bin/env python3
"""The virtual unit of scripts/bench_recover.py, in a process of its own (its CPU is not ours).

A 5506-X behind a raw TCP console on 127.0.0.1 (a port the OS picks), switched on the moment
a client connects, as an engineer plugs the console cable in and then powers the unit on.

Prints `{"console": "socket://HOST:PORT"}`, then reads one line `tftp-port N` on stdin (the
port of the TFTP server its `tftpdnld` asks: known only once the server bound port 0, after the
console URL was handed out), then prints one JSON line per mode change, `{"mode": ..., "t":
...}`, `t` on CLOCK_MONOTONIC (time.monotonic(), one clock for every process of the machine),
the first being `power-on`. With `--asa-speed F` the clock runs F times faster from the
hand-over to the ASA OS on (the ROMMON part stays at `--speed`). Stops at EOF on stdin.

    bench_recover_unit.py STATE_DIR [--speed 1] [--asa-speed F]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import threading
import time
from pathlib import Path

from rommon_toolkit.simulator.frontends.tcp import TcpConsole
from rommon_toolkit.simulator.unit import VirtualAsa

CLIENT_WAIT = 300.0  # seconds to wait for the client before giving up


class ReportingAsa(VirtualAsa):
    """A VirtualAsa that prints each mode change with its time."""

    asa_speed: float | None = None

    def _mode_changed(self, mode: str) -> None:
        say({"mode": mode, "t": time.monotonic()})
        if mode == "booting-asa" and self.asa_speed:
            self.clock.speed = self.asa_speed
        super()._mode_changed(mode)


_print_lock = threading.Lock()


def say(event: dict[str, object]) -> None:
    with _print_lock:
        print(json.dumps(event), flush=True)


def read_tftp_port() -> int:
    words = sys.stdin.readline().split()
    if len(words) != 2 or words[0] != "tftp-port":
        raise SystemExit(f"bench unit: expected `tftp-port N` on stdin, got {words}")
    return int(words[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("state_dir", type=Path)
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--asa-speed", type=float)
    args = parser.parse_args()
    unit = ReportingAsa("asa5506", args.state_dir, speed=args.speed, control=False)
    unit.asa_speed = args.asa_speed
    console = TcpConsole(unit, "127.0.0.1", 0)
    try:
        say({"console": console.endpoint})
        unit.ctx.tftp = dataclasses.replace(unit.ctx.tftp, port=read_tftp_port())
        if not console.wait_for_client(CLIENT_WAIT):
            say({"error": "no client connected"})
            return 1
        say({"mode": "power-on", "t": time.monotonic()})
        unit.power_on()
        sys.stdin.read()  # until the bench closes our stdin
    finally:
        console.close()
        unit.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
