"""`rommon backup`, `rommon stage` and `rommon boot-repair`: the recovery's steps, standalone."""

from __future__ import annotations

import argparse
from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path
from typing import Any

from rommon_toolkit.rommon.cli.shared_options import (
    dry_run_parent,
    line_options_parent,
    run_options_parent,
    transport_options_parent,
)
from rommon_toolkit.rommon.decisions.changes import Change
from rommon_toolkit.rommon.errors import OperatorAbortError, PreflightError
from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.rommon.feedback import Feedback


def _shared(yes_help: str, dry_run: str | None = None) -> list[argparse.ArgumentParser]:
    parents = [line_options_parent(), run_options_parent(yes_help=yes_help)]
    return parents + ([dry_run_parent(dry_run)] if dry_run else [])


def _network(parser: argparse.ArgumentParser, *, server_required: bool) -> None:
    parser.add_argument(
        "--server", required=server_required, metavar="S", help="this machine's address"
    )
    parser.add_argument("--tftp-port", type=int, default=69, metavar="N", help="default 69")
    parser.add_argument("--address", metavar="A", help="Management1/1 address if it has none")
    parser.add_argument("--netmask", metavar="M", help="its netmask")
    parser.add_argument("--gateway", metavar="G", help="route to the server if not on-link")


def register(subparsers: Any) -> None:
    """Add `backup`, `stage` and `boot-repair`."""
    backup = subparsers.add_parser(
        "backup",
        help="save running config, show version, dir, boot variables over the console",
        description="Writes a timestamped folder (0700) with a manifest of sha256 per file. "
        "With --tftp the running config is also uploaded to the bundled TFTP server "
        "(uploads enabled for this run only).",
        parents=_shared("consent to the changes a backup needs (none today)"),
    )
    backup.add_argument(
        "--out",
        type=Path,
        default=Path("backups"),
        metavar="DIR",
        help="folder for the timestamped backup folders (default ./backups)",
    )
    backup.add_argument("--tftp", action="store_true", help="also `copy running-config tftp:`")
    _network(backup, server_required=False)
    backup.set_defaults(handler=run_backup)

    stage = subparsers.add_parser(
        "stage",
        help="copy an image to disk0 over TFTP or HTTP and verify its SHA-512",
        description="Checks free space, skips a verified copy, never overwrites a file it did "
        "not write, deletes only its own bad copy and retries once. --transport http serves "
        "the image from the bundled HTTP server (TCP: far faster than TFTP over a real link).",
        parents=[
            *_shared(
                "consent to deleting the toolkit's own bad copy", "print the commands and stop"
            ),
            transport_options_parent(),
        ],
    )
    stage.add_argument(
        "--image", type=Path, required=True, metavar="FILE", help="the ASA image to copy"
    )
    stage.add_argument("--sha512", metavar="HEX", help="expected SHA-512 (else the local one)")
    stage.add_argument("--external-tftp", action="store_true", help="another server serves it")
    _network(stage, server_required=True)
    stage.set_defaults(handler=run_stage)

    repair = subparsers.add_parser(
        "boot-repair",
        help="make the unit boot the target image on its own (boot system, confreg, write mem)",
        description="Target first, the previously running good image as fallback, no line to "
        "a missing file; config register 0x40/0x41 restored to 0x1. From ROMMON it boots "
        "--image first. With --reload it reloads without interrupting and verifies.",
        parents=_shared("consent to write memory and the reload", "show the changes and stop"),
    )
    repair.add_argument("--image", metavar="disk0:/IMAGE", help="target (default: running)")
    repair.add_argument("--reload", action="store_true", help="reload and verify the boot")
    repair.set_defaults(handler=run_boot_repair)


def run_backup(args: argparse.Namespace) -> int:
    from rommon_toolkit.rommon.cli.common import run_options
    from rommon_toolkit.rommon.ui.terminal_feedback import feedback_for
    from rommon_toolkit.rommon.workflows.backup import backup_passphrase, take_backup
    from rommon_toolkit.rommon.workflows.runs import unit_run

    feedback = feedback_for(args.yes)
    if args.tftp and not args.server:
        raise PreflightError("--tftp needs --server (this machine's address)")
    passphrase = backup_passphrase()
    with unit_run(run_options(args), "backup", feedback) as run:
        run.session.reach_enable()
        with run.session.runner.step("backup") as step:
            backup = take_backup(run.session.asa, args.out, feedback, passphrase=passphrase)
            step.details["folder"] = str(backup.folder)
            step.details["trustpoints"] = list(backup.trustpoints)
            step.details["not_backed_up"] = [entry["what"] for entry in backup.not_backed_up]
        if args.tftp:
            from rommon_toolkit.rommon.workflows.upload import upload_running_config

            uploaded = upload_running_config(run.session, backup.folder, _reach(args))
            run.report.final_state["tftp_upload"] = str(uploaded)
        run.report.final_state["backup"] = str(backup.folder)
    print(f"backup: {backup.folder}")
    return int(ExitCode.SUCCESS)


def _reach(
    args: argparse.Namespace,
) -> tuple[IPv4Address, int, IPv4Interface | None, IPv4Address | None]:
    planned = IPv4Interface(f"{args.address}/{args.netmask}") if args.address else None
    if args.address and not args.netmask:
        raise PreflightError("--address needs --netmask")
    gateway = IPv4Address(args.gateway) if args.gateway else None
    return IPv4Address(args.server), int(args.tftp_port), planned, gateway


def _stage_preflight(
    args: argparse.Namespace, feedback: Feedback
) -> tuple[IPv4Address, int, IPv4Interface | None, IPv4Address | None, str]:
    """Checks before anything reaches the unit: (server, tftp port, planned, gateway, sha512)."""
    from rommon_toolkit.rommon.decisions.images import check_asa_image_for_any, decode_image_name
    from rommon_toolkit.rommon.decisions.platforms import platform_for
    from rommon_toolkit.rommon.workflows.external_tftp import probe_external_tftp
    from rommon_toolkit.rommon.workflows.hashing import expected_sha512, require_match, sha512_of
    from rommon_toolkit.rommon.workflows.preflight import (
        check_http_port,
        check_image_file,
        check_tftp_port,
    )

    check_image_file(args.image)
    info = decode_image_name(args.image.name)
    for warning in check_asa_image_for_any(info, platform_for("asa5506")):
        feedback.warn(warning)
    server, port, planned, gateway = _reach(args)
    http = args.transport == "http"
    if http and args.external_tftp:
        raise PreflightError(
            "--external-tftp serves the image over TFTP; --transport http serves it from the "
            "bundled HTTP server",
            advice="drop one of them",
        )
    if args.external_tftp:
        probe_external_tftp(str(server), port, args.image.name)
    elif http:
        check_http_port(str(server), args.http_port)
    else:
        check_tftp_port(str(server), port)
    expected = expected_sha512(args.sha512, None, args.image.name)
    digest = sha512_of(args.image, lambda d, t: feedback.progress("sha-512", d, t))
    require_match(digest, expected, args.image.name)
    return server, port, planned, gateway, digest


def run_stage(args: argparse.Namespace) -> int:
    from rommon_toolkit.rommon.cli.common import run_options
    from rommon_toolkit.rommon.ui.terminal_feedback import feedback_for
    from rommon_toolkit.rommon.workflows.runs import unit_run
    from rommon_toolkit.rommon.workflows.staging import copy_source, stage_image
    from rommon_toolkit.rommon.workflows.staging_server import (
        stage_request,
        start_staging_server,
    )

    feedback = feedback_for(args.yes)
    server, port, planned, gateway, digest = _stage_preflight(args, feedback)
    target = f"disk0:/{args.image.name}"
    if args.dry_run:
        source = copy_source(args.transport, server, args.image.name, args.http_port)
        print(f"copy {source} {target}")
        print(f"verify /sha-512 {target}   (must equal {digest})")
        return int(ExitCode.SUCCESS)
    from rommon_toolkit.rommon.device.session import Timeouts

    units = [str(planned.ip)] if planned is not None else []
    link = None
    if not args.external_tftp:
        link = start_staging_server(
            args.transport,
            args.image,
            str(server),
            tftp_port=port,
            http_port=args.http_port,
            units=units,
        )
    try:
        with unit_run(run_options(args), "stage", feedback) as run:
            run.session.reach_enable()
            request = stage_request(
                link, args.image, digest, server, planned=planned, gateway=gateway
            )
            progress = (lambda: link.progress(args.image.name)) if link else None
            try:
                result = stage_image(run.session, request, progress)
            finally:
                if link is not None:
                    run.report.transfers = link.transfers_json()
            run.report.final_state = {"target": result.target, "copied": result.copied}
    except KeyboardInterrupt:  # Ctrl-C, SIGTERM, SIGHUP: the unit may be mid-copy
        if link is not None:
            link.stop_when_idle(feedback, Timeouts().copy)
        raise
    finally:
        if link is not None:
            link.stop()
    print(f"staged: {result.target} ({'copied' if result.copied else 'already there'}, verified)")
    return int(ExitCode.SUCCESS)


def run_boot_repair(args: argparse.Namespace) -> int:
    from rommon_toolkit.rommon.cli.common import run_options
    from rommon_toolkit.rommon.decisions.bootvar import disk0_path
    from rommon_toolkit.rommon.decisions.machine import LandedInRommonError
    from rommon_toolkit.rommon.ui.terminal_feedback import feedback_for
    from rommon_toolkit.rommon.workflows.boot_repair import (
        apply_boot_plan,
        read_boot_state,
        reload_and_verify,
    )
    from rommon_toolkit.rommon.workflows.runs import unit_run

    feedback = feedback_for(args.yes)
    with unit_run(run_options(args), "boot-repair", feedback) as run:
        session = run.session
        try:
            session.reach_enable()
        except LandedInRommonError as exc:
            if not args.image:
                raise PreflightError(
                    "the unit is at the ROMMON prompt",
                    "name the good image to boot from ROMMON: --image disk0:/asa...SPA",
                ) from exc
            with session.runner.step("boot-from-rommon", image=disk0_path(args.image)):
                session.boot_from_rommon(disk0_path(args.image))
        plan = read_boot_state(session, args.image)
        run.report.plan = {
            "current": plan.current,
            "desired": plan.desired,
            "commands": plan.commands,
            "notes": plan.notes,
        }
        print(
            "\n".join(
                [
                    f"boot lines now:    {list(plan.current)}",
                    f"boot lines wanted: {list(plan.desired)}",
                    *(f"  {c}" for c in plan.commands),
                    *(f"note: {n}" for n in plan.notes),
                ]
            )
        )
        if args.dry_run:
            return int(ExitCode.SUCCESS)
        if plan.changes_needed and not session.confirm(
            f"Apply {len(plan.commands)} change(s) and write memory?", Change.WRITE_MEMORY
        ):
            raise OperatorAbortError("boot repair not confirmed; nothing was changed")
        apply_boot_plan(session, plan)
        if args.reload:
            session.require_consent(
                "Reload now to verify the unit boots the target on its own?", Change.RELOAD
            )
            outcome = reload_and_verify(session, plan)
            run.report.final_state["booted"] = outcome.booted
            print(f"after reload the unit runs {outcome.booted}")
            if not outcome.on_target:
                return int(ExitCode.DEVICE_REFUSED)
    return int(ExitCode.SUCCESS)
