"""`rommon recover` and `rommon interrupt`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rommon_toolkit.rommon.cli.common import (
    positive_seconds,
)
from rommon_toolkit.rommon.cli.shared_options import (
    dry_run_parent,
    line_options_parent,
    run_options_parent,
    transport_options_parent,
)
from rommon_toolkit.rommon.decisions.changes import Change
from rommon_toolkit.rommon.errors import PreflightError, RommonError
from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.rommon.feedback import Feedback

if TYPE_CHECKING:
    from rommon_toolkit.rommon.device.credentials import Credentials
    from rommon_toolkit.rommon.device.driver import Facts
    from rommon_toolkit.rommon.workflows.recovery import RecoveryOutcome

RECOVER_DEFAULTS: dict[str, Any] = {
    "tftp_port": 69,
    "external_tftp": False,
    "no_stage": False,
    "no_verify_reload": False,
    "timeout_scale": 1.0,
}


def register(subparsers: Any) -> None:
    """Add `recover` and `interrupt`."""
    recover = subparsers.add_parser(
        "recover",
        parents=[
            line_options_parent(),
            run_options_parent(yes_help="consent to every change (reload, write memory)"),
            dry_run_parent("print the numbered plan and stop"),
            transport_options_parent(),
        ],
        help="bring a unit in ROMMON or a boot loop back to a running, bootable image",
        description="Interrupt the boot (or reload a running ASA, after asking), load the "
        "image over TFTP from this machine, boot it, copy it to disk0, verify it, repair the "
        "boot variable, write memory, and check it boots on its own. --transport http stages the "
        "disk0 copy from the bundled HTTP server (tftpdnld stays TFTP). Every option may come "
        "from a TOML profile ([recover] table); the command line wins.",
    )
    recover.add_argument(
        "--image", type=Path, required=True, metavar="FILE", help="the ASA image (.SPA)"
    )
    hashes = recover.add_mutually_exclusive_group()
    hashes.add_argument("--sha512", metavar="HEX", help="expected SHA-512 of the image")
    hashes.add_argument("--sha512-file", type=Path, metavar="F", help="file holding it")
    recover.add_argument("--address", metavar="A", help="the unit's Management1/1 address")
    recover.add_argument("--netmask", metavar="M", help="netmask (255.255.255.0 or 24)")
    recover.add_argument("--gateway", metavar="G", help="gateway (default: the server)")
    recover.add_argument("--server", metavar="S", help="this machine's address (TFTP server)")
    recover.add_argument("--tftp-port", type=int, metavar="N", help="TFTP port (default 69)")
    recover.add_argument(
        "--external-tftp",
        action="store_true",
        default=None,
        help="the image is served by another TFTP server at --server",
    )
    recover.add_argument("--model", metavar="M", help="asa5506, asa5508 or asa5516")
    recover.add_argument(
        "--no-stage",
        action="store_true",
        default=None,
        help="stop once the image runs from RAM (no copy to disk0, no boot repair)",
    )
    recover.add_argument(
        "--no-verify-reload",
        action="store_true",
        default=None,
        help="do not reload at the end to prove the unit boots the new image on its own",
    )
    recover.add_argument(
        "--timeout-scale",
        type=float,
        metavar="F",
        help="multiply every device deadline (default 1; < 1 only for the virtual ASA)",
    )
    recover.set_defaults(handler=run_recover)

    interrupt = subparsers.add_parser(
        "interrupt",
        parents=[
            line_options_parent(),
            run_options_parent(yes_help="consent to reloading a running ASA to reach ROMMON"),
        ],
        help="get the unit to the ROMMON prompt from wherever it is, and stop there",
        description="Exit 0 at the ROMMON prompt; 4 when ROMMON access is refused "
        "(`Permanently erase 'disk0:'?` answered no); 6 when the banner never came.",
    )
    interrupt.add_argument("--json", action="store_true", help="print the probe's JSON")
    interrupt.add_argument(
        "--timeout",
        type=positive_seconds,
        default=900.0,
        metavar="S",
        help="give up after this many seconds (default 900: time to power-cycle by hand)",
    )
    interrupt.set_defaults(handler=run_interrupt)


def complete_recover_args(args: argparse.Namespace) -> None:
    """Defaults for what neither the command line nor the profile gave; port and image needed."""
    for key, value in RECOVER_DEFAULTS.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    missing = [
        flag for flag, value in (("--port", args.port), ("--image", args.image)) if not value
    ]
    if missing:
        raise PreflightError(f"{' and '.join(missing)} required (command line or profile)")
    if isinstance(args.image, str):
        args.image = Path(args.image)


def run_recover(args: argparse.Namespace) -> int:
    """Preflight, then the run; the plan only with --dry-run."""
    from rommon_toolkit.rommon.ui.terminal_feedback import feedback_for

    complete_recover_args(args)
    outcome = recover(args, feedback_for(bool(args.yes)))
    if outcome is not None:
        print(f"recovered: the unit runs {outcome.running_image}")
        if outcome.booted_after_reload:
            print(f"verified: after a reload it booted {outcome.booted_after_reload} on its own")
    return int(ExitCode.SUCCESS)


def recover(
    args: argparse.Namespace, feedback: Feedback, credentials: Credentials | None = None
) -> RecoveryOutcome | None:
    """The command's work with `feedback` (and secrets) injected; None for --dry-run."""
    from rommon_toolkit.rommon.cli.common import run_options
    from rommon_toolkit.rommon.device.session import Timeouts
    from rommon_toolkit.rommon.workflows.boot_repair import planned_commands as boot_commands
    from rommon_toolkit.rommon.workflows.bundled_http import HttpLink
    from rommon_toolkit.rommon.workflows.bundled_tftp import TftpLink
    from rommon_toolkit.rommon.workflows.plan import recovery_steps, render_plan
    from rommon_toolkit.rommon.workflows.preflight import RecoverOptions, build_plan
    from rommon_toolkit.rommon.workflows.recovery import run_recovery
    from rommon_toolkit.rommon.workflows.runs import unit_run
    from rommon_toolkit.rommon.workflows.staging import planned_commands as stage_commands

    options = RecoverOptions(
        port=args.port,
        image=args.image,
        address=args.address,
        netmask=args.netmask,
        gateway=args.gateway,
        server=args.server,
        sha512=args.sha512,
        sha512_file=args.sha512_file,
        tftp_port=int(args.tftp_port),
        external_tftp=bool(args.external_tftp),
        model=args.model,
        stage=not args.no_stage,
        verify_reload=not args.no_verify_reload,
        transport=str(getattr(args, "transport", None) or "tftp"),
        http_port=int(80 if getattr(args, "http_port", None) is None else args.http_port),
    )
    plan = build_plan(options, feedback)
    if args.dry_run:
        follow = (stage_commands(plan) + boot_commands(plan)) if plan.stage else []
        print(render_plan(plan, follow))
        return None
    link = None
    http = None
    unit = [str(plan.addressing.address)]  # a slot kept for the unit, however busy
    if not plan.external_tftp:
        link = TftpLink([plan.image], str(plan.addressing.server), plan.tftp_port, unit).start()
    timeouts = Timeouts().scaled(float(args.timeout_scale))
    try:
        if plan.stage and plan.transport == "http":
            http = HttpLink([plan.image], str(plan.addressing.server), plan.http_port, unit)
            http.start()
        needs = () if args.no_stage else (Change.WRITE_MEMORY,)
        with unit_run(
            run_options(args),
            "recover",
            feedback,
            timeouts=timeouts,
            credentials=credentials,
            needs=needs,
            planned_steps=recovery_steps(plan),
        ) as run:
            run.report.plan = plan.to_json()
            run.report.warnings = list(plan.warnings)
            try:
                outcome = run_recovery(plan, run.session, link, http)
                run.report.final_state = outcome.to_json()
            finally:
                run.report.final_state.setdefault("facts", run.session.facts.__dict__)
                run.report.transfers = [
                    *(link.transfers_json() if link is not None else []),
                    *(http.transfers_json() if http is not None else []),
                ]
    except KeyboardInterrupt:  # Ctrl-C, SIGTERM, SIGHUP: the unit may be mid-download
        if link is not None:
            link.stop_when_idle(feedback, timeouts.tftpdnld)
        if http is not None:
            http.stop_when_idle(feedback, timeouts.copy)
        raise
    finally:
        if link is not None:
            link.stop()
        if http is not None:
            http.stop()
    return outcome


def run_interrupt(args: argparse.Namespace) -> int:
    """Reach the ROMMON prompt and print where the unit is."""
    from rommon_toolkit.rommon.cli.common import run_options
    from rommon_toolkit.rommon.cli.probe_cmd import render
    from rommon_toolkit.rommon.decisions.classify import ProbeResult
    from rommon_toolkit.rommon.decisions.states import ProbeState
    from rommon_toolkit.rommon.device.session import Timeouts
    from rommon_toolkit.rommon.ui.terminal_feedback import feedback_for
    from rommon_toolkit.rommon.workflows.runs import unit_run

    feedback = feedback_for(bool(args.yes))
    with unit_run(
        run_options(args), "interrupt", feedback, timeouts=Timeouts(reach_rommon=args.timeout)
    ) as run:
        try:
            facts = run.session.reach_rommon(allow_reload=True)
        except RommonError as error:
            _print_known_state(args, run.session.facts, error)
            raise
        run.report.final_state = dict(facts.__dict__)
    result = ProbeResult(
        state=ProbeState.ROMMON,
        model=facts.model,
        rommon_version=facts.rommon_version,
        asa_version=facts.asa_version,
        hostname=facts.hostname,
        prompt=facts.prompt,
    )
    print(json.dumps(result.to_json()) if args.json else render(result))
    return int(ExitCode.SUCCESS)


def _print_known_state(args: argparse.Namespace, facts: Facts, error: RommonError) -> None:
    """With --json, the state the unit was left in, even though the run stops (issue 16)."""
    from rommon_toolkit.rommon.decisions.classify import ProbeResult
    from rommon_toolkit.rommon.decisions.final_state import state_after, supported

    state = state_after(facts.seen)
    if not args.json or state is None:
        return
    result = ProbeResult(
        state=state,
        model=facts.model,
        rommon_version=facts.rommon_version,
        asa_version=facts.asa_version,
        hostname=facts.hostname,
        prompt=facts.prompt,
    )
    data: dict[str, object] = dict(result.to_json())
    data["supported"] = supported(facts.seen)
    data["error"] = error.message
    if not data["supported"]:
        print(
            "rommon: the unit is at a prompt, but it is not a model this toolkit recovers "
            "(ASA 5506-X/5508-X/5516-X only)",
            file=sys.stderr,
        )
    print(json.dumps(data))
