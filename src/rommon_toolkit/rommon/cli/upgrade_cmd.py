"""`rommon upgrade`, `rommon rollback` and `rommon restore` (issue 14, seed 000)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rommon_toolkit.rommon.cli.common import positive_scale
from rommon_toolkit.rommon.cli.shared_options import (
    dry_run_parent,
    line_options_parent,
    run_options_parent,
    transport_options_parent,
)
from rommon_toolkit.rommon.exitcodes import ExitCode


def _network(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--server", required=True, metavar="S", help="this machine's address")
    parser.add_argument("--tftp-port", type=int, default=69, metavar="N", help="default 69")
    parser.add_argument("--address", metavar="A", help="Management1/1 address if it has none")
    parser.add_argument("--netmask", metavar="M", help="its netmask")
    parser.add_argument("--gateway", metavar="G", help="route to the server if not on-link")


def _scale(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--timeout-scale",
        type=positive_scale,
        default=1.0,
        metavar="F",
        help="multiply every device deadline (default 1; < 1 only for the virtual ASA)",
    )


def register(subparsers: Any) -> None:
    """Add `upgrade`, `rollback` and `restore`."""
    upgrade = subparsers.add_parser(
        "upgrade",
        help="the planned upgrade of one unit or a failover pair, with backup and health diff",
        description="Seed 000's procedure: pre-upgrade checklist, complete backup (certificates "
        "with keys: passphrase from $ROMMON_BACKUP_PASSPHRASE), health snapshot, stage and "
        "verify, boot lines new-first with the old as fallback, write memory, reload (a pair: "
        "standby first, switchover, then the other), verify, health diff. Resumes from the "
        "journal: run the same command again after any interruption.",
        parents=[
            line_options_parent(),
            run_options_parent(
                yes_help="consent to every change (write memory, reloads, switchover)"
            ),
            dry_run_parent("print the numbered plan for both units and stop"),
            transport_options_parent(),
        ],
    )
    upgrade.add_argument("--peer-port", metavar="URL", help="the other unit's console (a pair)")
    upgrade.add_argument("--image", type=Path, required=True, metavar="FILE", help="ASA image")
    hashes = upgrade.add_mutually_exclusive_group(required=True)
    hashes.add_argument("--sha512", metavar="HEX", help="the image's SHA-512 (Cisco's page)")
    hashes.add_argument("--sha512-file", type=Path, metavar="F", help="file holding it")
    _network(upgrade)
    upgrade.add_argument(
        "--peer-address", metavar="A", help="the peer's Management1/1 address if it has none"
    )
    upgrade.add_argument(
        "--restore-active",
        action="store_true",
        help="a pair: give the active role back to the unit that had it at the start",
    )
    _scale(upgrade)
    upgrade.set_defaults(handler=run_upgrade_cmd)

    rollback = subparsers.add_parser(
        "rollback",
        help="back to the image the unit ran before the upgrade (the journal knows it)",
        description="A unit that booted the new image: boot lines old-first, write memory, "
        "reload, verify. A unit that did not come back: break into ROMMON, `boot "
        "disk0:/OLD`, then fix the boot lines and write memory.",
        parents=[
            line_options_parent(),
            run_options_parent(yes_help="consent to write memory and the reload"),
            dry_run_parent("say what would be done and stop"),
        ],
    )
    rollback.add_argument(
        "--image", metavar="disk0:/OLD", help="the image to go back to (default: the journal's)"
    )
    _scale(rollback)
    rollback.set_defaults(handler=run_rollback_cmd)

    restore = subparsers.add_parser(
        "restore",
        help="load a backup onto a fresh or replacement unit (config, then certificates)",
        description="Minimal Management1/1 reachability, `copy tftp://S/running-config.cfg "
        "running-config` from the bundled server (that one file only), write memory, then "
        "`crypto ca import TP pkcs12` for each exported trustpoint (passphrase from "
        "$ROMMON_BACKUP_PASSPHRASE). The report lists what you must re-enter by hand.",
        parents=[
            line_options_parent(),
            run_options_parent(yes_help="consent to replacing the configuration and write memory"),
            dry_run_parent("say what would be done and stop"),
        ],
    )
    restore.add_argument("--backup", type=Path, required=True, metavar="DIR", help="backup")
    restore.add_argument(
        "--certificates", action="store_true", help="also import the exported certificates"
    )
    _network(restore)
    _scale(restore)
    restore.set_defaults(handler=run_restore_cmd)


def upgrade_options(args: argparse.Namespace) -> Any:
    from rommon_toolkit.rommon.workflows.upgrade_run import UpgradeOptions

    return UpgradeOptions(
        image=args.image,
        sha512=args.sha512,
        sha512_file=args.sha512_file,
        server=args.server,
        tftp_port=int(args.tftp_port),
        address=args.address,
        netmask=args.netmask,
        peer_address=args.peer_address,
        gateway=args.gateway,
        peer_port=args.peer_port,
        restore_active=bool(args.restore_active),
        transport=str(args.transport),
        http_port=int(args.http_port),
    )


def run_upgrade_cmd(args: argparse.Namespace) -> int:
    from rommon_toolkit.rommon.cli.common import run_options
    from rommon_toolkit.rommon.device.session import Timeouts
    from rommon_toolkit.rommon.ui.terminal_feedback import feedback_for
    from rommon_toolkit.rommon.workflows.upgrade_plan import render_upgrade_plan
    from rommon_toolkit.rommon.workflows.upgrade_run import prepare, run_upgrade

    feedback = feedback_for(bool(args.yes))
    options = upgrade_options(args)
    request = prepare(options, feedback)
    if args.dry_run:
        if options.transport == "http" and options.http_port == 0:
            feedback.tell("--http-port 0: the copy URL names the port the OS chooses at the run")
        print(render_upgrade_plan(request, args.port, args.peer_port))
        return int(ExitCode.SUCCESS)
    units = run_upgrade(
        run_options(args),
        options,
        request,
        feedback,
        timeouts=Timeouts().scaled(float(args.timeout_scale)),
    )
    for unit in units:
        warnings = len(unit["health_warnings"])
        print(
            f"upgraded: {unit['port']} ({unit['role']}, {unit['serial']}) runs "
            f"{unit['running_image']}; health diff: "
            + (f"{warnings} warning(s)" if warnings else "clean")
        )
    return int(ExitCode.SUCCESS)


def run_rollback_cmd(args: argparse.Namespace) -> int:
    from rommon_toolkit.rommon.cli.common import run_options
    from rommon_toolkit.rommon.device.session import Timeouts
    from rommon_toolkit.rommon.ui.terminal_feedback import feedback_for
    from rommon_toolkit.rommon.workflows.rollback import run_rollback

    feedback = feedback_for(bool(args.yes))
    result = run_rollback(
        run_options(args),
        feedback,
        image=args.image,
        dry_run=bool(args.dry_run),
        timeouts=Timeouts().scaled(float(args.timeout_scale)),
    )
    print(result)
    return int(ExitCode.SUCCESS)


def run_restore_cmd(args: argparse.Namespace) -> int:
    from rommon_toolkit.rommon.cli.common import run_options
    from rommon_toolkit.rommon.device.session import Timeouts
    from rommon_toolkit.rommon.ui.terminal_feedback import feedback_for
    from rommon_toolkit.rommon.workflows.restore import RestoreOptions, run_restore

    feedback = feedback_for(bool(args.yes))
    options = RestoreOptions(
        backup=args.backup,
        certificates=bool(args.certificates),
        server=args.server,
        tftp_port=int(args.tftp_port),
        address=args.address,
        netmask=args.netmask,
        gateway=args.gateway,
    )
    print(
        run_restore(
            run_options(args),
            options,
            feedback,
            dry_run=bool(args.dry_run),
            timeouts=Timeouts().scaled(float(args.timeout_scale)),
        )
    )
    return int(ExitCode.SUCCESS)
