"""`rommon bench INVENTORY.toml`: many units at once from one laptop."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from rommon_toolkit.rommon.cli.shared_options import add_state_dir_argument
from rommon_toolkit.rommon.exitcodes import ExitCode


def register(subparsers: Any) -> None:
    """Add `bench`."""
    bench = subparsers.add_parser(
        "bench",
        help="run recover/stage/boot-repair/upgrade-firmware/backup on many units at once",
        description="Validates the whole inventory first and refuses with every problem "
        "listed. One bundled TFTP server serves all units. Per-unit transcripts, journals and "
        "reports in one run folder; a live table; a combined JSON report. Ctrl-C lets each "
        "unit finish its current step and starts no new one. Reloads need --yes.",
    )
    bench.add_argument(
        "inventory", type=Path, metavar="INVENTORY.toml", help="the units and their jobs"
    )
    bench.add_argument("--jobs", type=int, default=4, metavar="N", help="units at once (4)")
    bench.add_argument("--dry-run", action="store_true", help="validate and list, no change")
    bench.add_argument("--yes", action="store_true", help="allow reloads without asking")
    bench.add_argument("--run-dir", type=Path, metavar="DIR", help="run folder")
    bench.add_argument(
        "--timeout-scale",
        type=float,
        default=1.0,
        metavar="F",
        help="multiply every device deadline (default 1; < 1 only for the virtual ASA)",
    )
    add_state_dir_argument(bench)
    bench.set_defaults(handler=run_bench)


def run_bench(args: argparse.Namespace) -> int:
    from rommon_toolkit.rommon.device.session import Timeouts
    from rommon_toolkit.rommon.feedback import PlainFeedback
    from rommon_toolkit.rommon.ui.bench_table import TableRenderer
    from rommon_toolkit.rommon.workflows.bench import (
        Bench,
        bench_exit_code,
        check_bench_addresses,
        combined_report,
        hash_shared,
    )
    from rommon_toolkit.rommon.workflows.bundled_tftp import TftpLink
    from rommon_toolkit.rommon.workflows.inventory import load_inventory
    from rommon_toolkit.rommon.workflows.preflight import check_tftp_port, local_interfaces
    from rommon_toolkit.rommon.workflows.runs import new_run_folder

    if args.jobs < 1:
        from rommon_toolkit.rommon.errors import PreflightError

        raise PreflightError("--jobs must be at least 1")
    inventory = load_inventory(args.inventory)
    feedback = PlainFeedback(sys.stderr, args.yes)
    external = bool(inventory.shared.get("external-tftp", False))
    check_bench_addresses(inventory, [] if external else local_interfaces())
    files = hash_shared(inventory, feedback)
    server = inventory.shared.get("server")
    port = int(inventory.shared.get("tftp-port", 69))
    served = [f for f in (files.image, files.firmware) if f is not None]
    if server and served and not external:
        check_tftp_port(server, port)
    for unit in inventory.units:
        peer = f" (peer {unit.peer_port})" if unit.peer_port else ""
        print(f"bench: {unit.name:12} {unit.job:16} {unit.port}{peer}")
    if args.dry_run:
        print(f"bench: inventory valid: {len(inventory.units)} unit(s); nothing was sent")
        return int(ExitCode.SUCCESS)
    folder = new_run_folder("bench", args.run_dir)
    addresses = [a for u in inventory.units for a in (u.address, u.peer_address) if a]
    link = (
        TftpLink(served, server, port, addresses).start()
        if server and served and not external
        else None
    )
    started = time.monotonic()
    try:
        bench = Bench(
            inventory,
            files,
            folder,
            jobs=args.jobs,
            assume_yes=args.yes,
            timeouts=Timeouts().scaled(args.timeout_scale),
            link=link,
            state_dir=getattr(args, "state_dir", None),
        )
        renderer = TableRenderer(bench.statuses, sys.stdout, sys.stdout.isatty())
        try:
            statuses = bench.run(renderer.update)
        finally:
            renderer.update()
            renderer.close()
    except KeyboardInterrupt:  # Ctrl-C, SIGTERM, SIGHUP: units may be mid-download
        if link is not None:
            link.stop_when_idle(feedback, Timeouts().scaled(args.timeout_scale).tftpdnld)
        raise
    finally:
        if link is not None:
            link.stop()
    report = combined_report(statuses, folder, time.monotonic() - started)
    print(renderer.summary())
    print(f"bench: combined report {report}")
    return bench_exit_code(statuses)
