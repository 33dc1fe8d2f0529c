#!/usr/bin/env python3
"""`rommon ARGS...` as scripts/bench_recover.py runs it, in a process of its own, telling the
bench the port each bundled server binds (`--tftp-port 0`: the OS picks it) as `ADDRESS PORT`
lines on file descriptor FD. Otherwise exactly the `rommon` command: same main(), same argv.

    bench_recover_driver.py FD recover --port socket://... --tftp-port 0 ...
"""

from __future__ import annotations

import os
import sys

from rommon_toolkit.rommon.cli.main import main
from rommon_toolkit.rommon.workflows.bundled_tftp import tell_about_servers


def run(fd: int, argv: list[str]) -> int:
    def started(address: str, port: int) -> None:
        os.write(fd, f"{address} {port}\n".encode())

    tell_about_servers(started, lambda _address, _port: None)
    return main(argv)


if __name__ == "__main__":
    raise SystemExit(run(int(sys.argv[1]), sys.argv[2:]))
