"""`rommon demo`: a full recovery of a bricked virtual 5506-X, on this machine, in a minute.

The virtual unit's boot variable points at a missing image (a boot loop into ROMMON). The demo
makes a simulated image, serves it from the bundled TFTP server on loopback (an unprivileged
port), and runs `rommon recover` through its real code path: interrupt, ROMMON variables,
tftpdnld, boot, backup, copy to disk0, verify, boot repair, write memory, and a reload that
proves the unit boots the new image on its own.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.rommon.feedback import Feedback

DEMO_VERSION = "9.16(4)85"
DEMO_ADDRESS = "127.0.0.2"  # the virtual unit's Management1/1 (Linux answers all of 127/8)
DEMO_SERVER = "127.0.0.1"
MISSING_IMAGE = "disk0:/asa9-12-4-lfbff-k8.SPA"  # what the bricked unit's boot line names


def register(subparsers: Any) -> None:
    """Add `demo`."""
    demo = subparsers.add_parser(
        "demo",
        help="recover a bricked virtual 5506-X end to end (no hardware, no privileges)",
        description="Everything runs on this machine: the virtual ASA in process, the TFTP "
        "server on loopback. Under a minute at the default speed.",
    )
    demo.add_argument(
        "--model",
        default="asa5506",
        choices=("asa5506", "asa5508", "asa5516"),
        help="the virtual unit's model (default asa5506)",
    )
    demo.add_argument(
        "--speed",
        type=float,
        default=40.0,
        metavar="F",
        help="virtual time factor (1 = real time: a 10 s countdown, minutes-long boots)",
    )
    demo.add_argument(
        "--image-size",
        type=int,
        default=24,
        metavar="MB",
        help="size of the simulated image in MiB (real ones are ~110)",
    )
    demo.add_argument("--workdir", type=Path, metavar="DIR", help="default ./runs/demo-<time>")
    demo.set_defaults(handler=run_demo)


class _PowersOnWhenAsked:
    """Feedback that plays the engineer: switches the unit on when told to power-cycle it."""

    def __init__(self, inner: Feedback, power_on: Callable[[], None]) -> None:
        self.inner = inner
        self.power_on = power_on
        self.interactive = bool(getattr(inner, "interactive", False))

    def tell(self, message: str) -> None:
        self.inner.tell(message)
        if "power-cycle the unit now" in message:
            self.inner.tell("(demo: switching the virtual unit on)")
            self.power_on()

    def warn(self, message: str) -> None:
        self.inner.warn(message)

    def confirm(self, question: str) -> bool:
        return self.inner.confirm(question)

    def progress(self, label: str, done: int, total: int | None, detail: str = "") -> None:
        self.inner.progress(label, done, total, detail)


def run_demo(args: argparse.Namespace) -> int:
    from rommon_toolkit.rommon.cli.main import build_parser
    from rommon_toolkit.rommon.cli.recover_cmd import complete_recover_args, recover
    from rommon_toolkit.rommon.device.credentials import ENABLE_ENV, Credentials
    from rommon_toolkit.rommon.ui.terminal_feedback import feedback_for
    from rommon_toolkit.simulator import lan, register_url_handler, registry
    from rommon_toolkit.simulator.images import make_image
    from rommon_toolkit.simulator.provision import init_unit

    started = time.monotonic()
    workdir = args.workdir or Path("runs") / f"demo-{datetime.now():%Y%m%d-%H%M%S}"
    state_dir = workdir / "virtual-unit"
    feedback: Feedback = feedback_for(assume_yes=True)
    feedback.tell(f"making a simulated {args.image_size} MiB image of ASA {DEMO_VERSION}")
    image = make_image(workdir / "images", args.model, DEMO_VERSION, args.image_size << 20)
    port = lan.ANNOUNCED  # the bundled server binds a free port and tells the virtual unit
    url = f"sim://{args.model}?state-dir={state_dir.resolve()}&speed={args.speed}&tftp-port={port}"
    init_unit(state_dir, args.model, boot=[MISSING_IMAGE])  # nothing on disk0 to fall back to
    register_url_handler()
    # as found at 2 a.m.: off; the driver asks for a power-cycle
    unit = registry.attach(args.model, state_dir, powered=False, speed=args.speed, tftp_port=port)
    before = unit.snapshot()
    feedback.tell(
        f"virtual {before.model} is switched off and bricked: boot system "
        f"{before.boot_lines[0]} (missing), next boot: {before.next_boot.target or 'ROMMON'}"
    )
    feedback = _PowersOnWhenAsked(feedback, unit.power_on)
    argv = [
        "recover", "--port", url, "--image", str(image), "--address", DEMO_ADDRESS,
        "--netmask", "255.0.0.0", "--server", DEMO_SERVER, "--tftp-port", str(port),
        "--model", args.model, "--yes", "--run-dir", str(workdir / "run"),
        "--state-dir", str(workdir / "state"),  # the virtual unit's journal stays with the demo
    ]  # fmt: skip
    recover_args = build_parser().parse_args(argv)
    complete_recover_args(recover_args)
    blank = Credentials(env={ENABLE_ENV: ""}, asker=None)  # a recovered unit's enable password
    try:
        outcome = recover(recover_args, feedback, blank)
    finally:
        after = unit.snapshot()
        registry.close_all()
    assert outcome is not None
    seconds = time.monotonic() - started
    print(f"\nrecovered in {seconds:.0f} s: the virtual {after.model} runs {after.running.image}")
    print(f"  boot system lines: {', '.join(after.boot_lines)}")
    print(f"  next power-on boots: {after.next_boot.target} ({after.next_boot.reason})")
    print(f"  report:     {workdir / 'run' / 'report.json'}")
    print(f"  transcript: {workdir / 'run' / 'recover.transcript.jsonl'}")
    print(f"  unit state: {state_dir}  (inspect: rommon sim status --state-dir {state_dir})")
    return int(ExitCode.SUCCESS)
