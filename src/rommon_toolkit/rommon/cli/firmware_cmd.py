"""`rommon upgrade-firmware` and `rommon reset-password`."""

from __future__ import annotations

import argparse
import os
import re
from dataclasses import replace
from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path
from typing import Any

from rommon_toolkit.rommon.cli.shared_options import (
    dry_run_parent,
    line_options_parent,
    run_options_parent,
)
from rommon_toolkit.rommon.decisions.changes import Change
from rommon_toolkit.rommon.exitcodes import ExitCode


def register(subparsers: Any) -> None:
    """Add `upgrade-firmware` and `reset-password`."""
    upgrade = subparsers.add_parser(
        "upgrade-firmware",
        parents=[
            line_options_parent(),
            run_options_parent(yes_help="consent to `upgrade rommon` and its reload"),
            dry_run_parent("check and print the plan, change nothing"),
        ],
        help="upgrade the ROMMON firmware (asa5500-firmware-NNNN.SPA), never interrupted",
        description="Refuses a downgrade, the same version, or ROMMON below 1.1.8. Backs up, "
        "stages and verifies the file, runs `upgrade rommon`, then waits through the double "
        "reload (up to 30 minutes) sending nothing.",
    )
    upgrade.add_argument(
        "--image", type=Path, required=True, metavar="FILE", help="asa5500-firmware-NNNN.SPA"
    )
    upgrade.add_argument("--sha512", metavar="HEX", help="expected SHA-512 of the file")
    upgrade.add_argument("--server", required=True, metavar="S", help="this machine's address")
    upgrade.add_argument(
        "--tftp-port", type=int, default=69, metavar="N", help="bundled TFTP server's UDP port"
    )
    upgrade.add_argument("--address", metavar="A", help="Management1/1 address if it has none")
    upgrade.add_argument("--netmask", metavar="M", help="netmask for --address")
    upgrade.add_argument("--gateway", metavar="G", help="gateway, when the server is routed")
    upgrade.add_argument(
        "--timeout-scale",
        type=float,
        default=1.0,
        metavar="F",
        help="multiply every device deadline (default 1; < 1 only for the virtual ASA)",
    )
    upgrade.add_argument(
        "--upgrade-deadline",
        type=float,
        default=1800.0,
        metavar="S",
        help="how long to wait through the double reload before stopping with Cisco's advice "
        "(default 1800: Cisco says call support after 30 minutes)",
    )
    upgrade.set_defaults(handler=run_upgrade)

    reset = subparsers.add_parser(
        "reset-password",
        parents=[
            line_options_parent(),
            run_options_parent(yes_help="consent to the reloads, confreg and write memory"),
        ],
        help="password recovery keeping the configuration (confreg 0x41 procedure)",
        description="New passwords come from ROMMON_NEW_ENABLE_PASSWORD and "
        "ROMMON_USER_<NAME>_PASSWORD or are asked; never on the command line, never in the "
        "transcript. Stops with an explanation when password recovery is disabled.",
    )
    reset.add_argument(
        "--user", action="append", default=[], metavar="NAME", help="also reset this local user"
    )
    reset.add_argument("--reload", action="store_true", help="reload and check at the end")
    reset.set_defaults(handler=run_reset)


def run_upgrade(args: argparse.Namespace) -> int:
    from rommon_toolkit.rommon.cli.common import run_options
    from rommon_toolkit.rommon.decisions.firmware_rules import show, target_version
    from rommon_toolkit.rommon.device.session import Timeouts
    from rommon_toolkit.rommon.ui.terminal_feedback import feedback_for
    from rommon_toolkit.rommon.workflows.bundled_tftp import TftpLink
    from rommon_toolkit.rommon.workflows.hashing import expected_sha512, require_match, sha512_of
    from rommon_toolkit.rommon.workflows.preflight import check_image_file, check_tftp_port
    from rommon_toolkit.rommon.workflows.runs import unit_run
    from rommon_toolkit.rommon.workflows.staging import StageRequest

    feedback = feedback_for(args.yes)
    check_image_file(args.image)
    target = target_version(args.image.name)
    check_tftp_port(args.server, args.tftp_port)
    digest = sha512_of(args.image, lambda d, t: feedback.progress("sha-512", d, t))
    require_match(digest, expected_sha512(args.sha512, None, args.image.name), args.image.name)
    if args.dry_run:
        print(f"target ROMMON {show(target)}; file verified locally ({digest[:16]}...)")
        print(f"copy tftp://{args.server}/{args.image.name} disk0:/{args.image.name}")
        print(f"upgrade rommon disk0:/{args.image.name}   (then wait, sending nothing)")
        return int(ExitCode.SUCCESS)
    from rommon_toolkit.rommon.workflows.firmware import upgrade_firmware

    planned = IPv4Interface(f"{args.address}/{args.netmask}") if args.address else None
    request = StageRequest(
        args.image,
        digest,
        IPv4Address(args.server),
        planned,
        IPv4Address(args.gateway) if args.gateway else None,
    )
    timeouts = replace(
        Timeouts().scaled(args.timeout_scale), firmware_upgrade=args.upgrade_deadline
    )
    with (
        TftpLink(
            [args.image], args.server, args.tftp_port, [str(planned.ip)] if planned else []
        ) as link,
        unit_run(
            run_options(args),
            "upgrade-firmware",
            feedback,
            timeouts=timeouts,
            needs=(Change.UPGRADE_ROMMON, Change.RELOAD),
        ) as run,
    ):
        run.session.reach_enable()
        outcome = upgrade_firmware(run.session, request, lambda: link.progress(args.image.name))
        run.report.final_state = dict(outcome.__dict__)
        run.report.transfers = link.transfers_json()
    print(f"ROMMON upgraded {outcome.before} -> {outcome.after} in {outcome.minutes} minutes")
    return int(ExitCode.SUCCESS)


def user_password_variable(name: str) -> str:
    return "ROMMON_USER_" + re.sub(r"[^A-Za-z0-9]", "_", name).upper() + "_PASSWORD"


def run_reset(args: argparse.Namespace) -> int:
    from rommon_toolkit.rommon.cli.common import run_options
    from rommon_toolkit.rommon.device.credentials import Credentials
    from rommon_toolkit.rommon.ui.terminal_feedback import feedback_for
    from rommon_toolkit.rommon.workflows.password import (
        UserPassword,
        check_new_passwords,
        reset_password,
    )
    from rommon_toolkit.rommon.workflows.runs import unit_run

    feedback = feedback_for(args.yes)
    credentials = Credentials.for_terminal()
    users = []
    for name in args.user:
        variable = user_password_variable(name)
        password = os.environ.get(variable)
        if password is None:
            if credentials.asker is None:
                from rommon_toolkit.rommon.errors import PreflightError

                raise PreflightError(f"no password for user {name}", f"export {variable}=...")
            password = credentials.asker(f"New password for {name}: ")
        users.append(UserPassword(name, password))
    check_new_passwords(credentials.new_enable_password(), users)  # before opening the line
    with unit_run(
        run_options(args),
        "reset-password",
        feedback,
        credentials=credentials,
        needs=(Change.RELOAD, Change.CONFREG, Change.WRITE_MEMORY),
        asks_enable_password=False,  # the one the unit has is what is being reset
    ) as run:
        register = reset_password(run.session, users, verify=args.reload)
        run.report.final_state = {"config_register": f"0x{register:x}"}
    print(f"password reset done; config register 0x{register:x}; configuration kept")
    return int(ExitCode.SUCCESS)
