"""`rommon sim`: run virtual ASAs, create them, inspect them, make simulated images.

rommon sim --model asa5506 --state-dir DIR (--pty | --tcp HOST:PORT) [--speed F]
           [--fault NAME ...] [--tftp-port N] [--tftp-blksize N] [--count N]
rommon sim init --state-dir DIR --model M [--rommon-version V] [--image FILE ...]
           [--boot disk0:/X ...] [--no-startup-config] [--disk-size BYTES]
           [--enable-password-env VAR]
rommon sim pair --state-dir DIR (--pty | --tcp HOST:PORT) [--speed F] [--fault NAME ...]
           [--tftp-port N] [--tftp-blksize N]
rommon sim pair init --state-dir DIR [--model M] [--version V] [--secondary-version V]
           [--new-version V] [--image-dir DIR] [--image-size SIZE] [--trustpoint NAME ...]
rommon sim status --state-dir DIR [--json]
rommon sim power-cycle --state-dir DIR
rommon sim make-image (--model M --version V --size SIZE | --firmware V) OUT_DIR
           [--family lfbff|smp|k8] [--key production|special] [--corrupt]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from rommon_toolkit.rommon.errors import LineError, PreflightError
from rommon_toolkit.rommon.exitcodes import ExitCode

MODELS = ("asa5506", "asa5508", "asa5516")


def register(subparsers: Any) -> None:
    """Add `rommon sim` and its subcommands."""
    parser = subparsers.add_parser(
        "sim",
        help="run a virtual ASA 5506-X/5508-X/5516-X (pty or TCP console)",
        description="Run virtual ASAs, or manage their state dirs and simulated images.",
    )
    parser.add_argument("--model", choices=MODELS, help="hardware model of a new unit")
    parser.add_argument(
        "--state-dir", type=Path, metavar="DIR", help="where the unit keeps its state"
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--pty", action="store_true", help="console on a pseudo-terminal")
    where.add_argument("--tcp", metavar="HOST:PORT", help="console on a raw TCP port")
    parser.add_argument(
        "--speed", type=float, default=1.0, metavar="F", help="time factor (1 = real)"
    )
    parser.add_argument(
        "--fault", action="append", default=[], metavar="NAME", help="switch a fault on"
    )
    parser.add_argument(
        "--tftp-port", type=int, default=69, metavar="N", help="TFTP server port to use"
    )
    parser.add_argument(
        "--tftp-blksize", type=int, metavar="N", help="request this TFTP block size"
    )
    parser.add_argument(
        "--count", type=int, default=1, metavar="N", help="run N units (DIR/unit-1..N)"
    )
    parser.set_defaults(handler=run_units)
    commands = parser.add_subparsers(dest="sim_command", metavar="SUBCOMMAND")
    _register_init(commands)
    status = commands.add_parser("status", help="show a unit's state (running or not)")
    status.add_argument(
        "--state-dir", type=Path, required=True, metavar="DIR", help="the unit's state dir"
    )
    status.add_argument("--json", action="store_true", help="print one JSON object")
    status.set_defaults(handler=show_status)
    cycle = commands.add_parser("power-cycle", help="power-cycle a running unit")
    cycle.add_argument(
        "--state-dir", type=Path, required=True, metavar="DIR", help="the unit's state dir"
    )
    cycle.set_defaults(handler=power_cycle)
    _register_make_image(commands)
    _register_pair(commands)


def _register_pair(commands: Any) -> None:
    pair = commands.add_parser(
        "pair",
        help="run a virtual active/standby failover pair (DIR/primary, DIR/secondary)",
        description="Run two linked virtual ASAs: primary console on PORT, secondary on PORT+1.",
    )
    pair.add_argument("--state-dir", type=Path, metavar="DIR", help="the pair's folder")
    pair.add_argument("--model", choices=MODELS, default="asa5506", help="model of a new pair")
    where = pair.add_mutually_exclusive_group()
    where.add_argument("--pty", action="store_true", help="consoles on pseudo-terminals")
    where.add_argument("--tcp", metavar="HOST:PORT", help="consoles on PORT and PORT+1")
    pair.add_argument("--speed", type=float, default=1.0, metavar="F", help="time factor")
    pair.add_argument("--fault", action="append", default=[], metavar="NAME",
                      help="switch a fault on (both units)")  # fmt: skip
    pair.add_argument("--tftp-port", type=int, default=69, metavar="N", help="TFTP port")
    pair.add_argument("--tftp-blksize", type=int, metavar="N", help="TFTP block size")
    pair.set_defaults(handler=run_pair)
    sub = pair.add_subparsers(dest="pair_command", metavar="SUBCOMMAND")
    init = sub.add_parser("init", help="create a pair ready for a planned upgrade")
    init.add_argument("--state-dir", type=Path, required=True, metavar="DIR", help="new pair")
    init.add_argument("--model", choices=MODELS, default="asa5506", help="hardware model")
    init.add_argument("--version", default="9.14(4)24", metavar="V", help="running release")
    init.add_argument("--secondary-version", metavar="V", help="the secondary's, if different")
    init.add_argument("--new-version", default="9.16(4)85", metavar="V", help="next release")
    init.add_argument("--image-dir", type=Path, metavar="DIR",
                      help="write the next release's image here (e.g. the TFTP root)")  # fmt: skip
    init.add_argument("--image-size", default="4M", metavar="SIZE", help="image size")
    init.add_argument("--trustpoint", action="append", default=[], metavar="NAME",
                      help="a trustpoint with keys on the primary (repeatable)")  # fmt: skip
    init.set_defaults(handler=init_pair)


def init_pair(args: argparse.Namespace) -> int:
    """`rommon sim pair init`."""
    from rommon_toolkit.simulator.errors import SimulatorError
    from rommon_toolkit.simulator.failover.scenario import provision_pair
    from rommon_toolkit.simulator.images import parse_size

    try:
        made = provision_pair(
            args.state_dir, model=args.model, version=args.version,
            secondary_version=args.secondary_version, new_version=args.new_version,
            image_dir=args.image_dir, image_size=parse_size(args.image_size),
            trustpoints=args.trustpoint,
        )  # fmt: skip
    except (SimulatorError, ValueError) as exc:
        raise _preflight(exc) from exc
    print(f"created a failover pair in {made.base} on {args.version}")
    print(f"  primary:   {made.primary}  (Management1/1 {made.management[0]})")
    print(f"  secondary: {made.secondary}  (Management1/1 {made.management[1]})")
    if made.new_image is not None:
        print(f"  next release image: {made.new_image}")
    return int(ExitCode.SUCCESS)


def run_pair(args: argparse.Namespace) -> int:
    """`rommon sim pair`: serve both consoles until Ctrl-C."""
    from rommon_toolkit.simulator import service
    from rommon_toolkit.simulator.errors import SimulatorError

    if args.state_dir is None or not (args.pty or args.tcp):
        raise PreflightError(
            "rommon sim pair needs --state-dir and one of --pty or --tcp HOST:PORT",
            "example: rommon sim pair init --state-dir ./pair && "
            "rommon sim pair --state-dir ./pair --tcp 127.0.0.1:2001",
        )
    options = service.UnitOptions(
        model=args.model, speed=args.speed, faults=tuple(args.fault),
        tftp_port=args.tftp_port, tftp_blksize=args.tftp_blksize,
    )  # fmt: skip
    try:
        served = service.start_pair(args.state_dir, options, pty=args.pty, tcp=args.tcp)
    except (SimulatorError, ValueError) as exc:
        raise _preflight(exc, "create it with `rommon sim pair init --state-dir DIR`") from exc
    except OSError as exc:
        raise LineError(f"cannot open the console: {exc}", "pick another --tcp port") from exc
    try:
        _print_table(served, args)
        _wait_for_stop()
    finally:
        service.stop(served)
    return int(ExitCode.SUCCESS)


def _register_init(commands: Any) -> None:
    init = commands.add_parser("init", help="create a unit in a state dir")
    init.add_argument(
        "--state-dir", type=Path, required=True, metavar="DIR", help="new unit's state dir"
    )
    init.add_argument("--model", choices=MODELS, required=True, help="hardware model")
    init.add_argument("--rommon-version", metavar="V", help="ROMMON version, e.g. 1.1.8 or 1.1.18")
    init.add_argument(
        "--image", action="append", default=[], type=Path, metavar="FILE", help="copy to disk0"
    )
    init.add_argument(
        "--boot", action="append", default=[], metavar="disk0:/X", help="boot system line"
    )
    init.add_argument("--no-startup-config", action="store_true", help="first-boot unit")
    init.add_argument("--disk-size", metavar="SIZE", help="disk0 size, e.g. 8G or 7365472256")
    init.add_argument("--enable-password-env", metavar="VAR", help="env var with the password")
    init.add_argument(
        "--serial", metavar="SN", help="serial number (default: derived from the state dir)"
    )
    init.set_defaults(handler=init_unit)


def _register_make_image(commands: Any) -> None:
    make = commands.add_parser("make-image", help="write a simulated image file")
    make.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="folder to write it in")
    make.add_argument("--model", choices=MODELS, default="asa5506", help="for this model")
    make.add_argument("--version", metavar="V", help="ASA version, e.g. '9.16(4)85'")
    make.add_argument(
        "--size", default="4M", metavar="SIZE", help="file size, e.g. 110M (default 4M)"
    )
    make.add_argument(
        "--family",
        choices=("lfbff", "smp", "k8"),
        default="lfbff",
        help="image family (lfbff: 5506-X/5508-X/5516-X)",
    )
    make.add_argument(
        "--key",
        choices=("production", "special"),
        default="production",
        help="signing key of the .SPA (special: a development image)",
    )
    make.add_argument("--corrupt", action="store_true", help="flip one byte in the body")
    make.add_argument("--firmware", metavar="VERSION", help="ROMMON firmware, e.g. 1.1.18")
    make.set_defaults(handler=make_image)


def _preflight(exc: Exception, advice: str = "") -> PreflightError:
    return PreflightError(str(exc), advice)


def run_units(args: argparse.Namespace) -> int:
    """Start the units and serve their consoles until Ctrl-C."""
    from rommon_toolkit.simulator import service
    from rommon_toolkit.simulator.errors import SimulatorError

    if args.state_dir is None or not (args.pty or args.tcp):
        raise PreflightError(
            "rommon sim needs --state-dir and one of --pty or --tcp HOST:PORT",
            "example: rommon sim --model asa5506 --state-dir ./unit --pty",
        )
    model = args.model or _existing_model(args.state_dir) or "asa5506"
    options = service.UnitOptions(
        model=model,
        speed=args.speed,
        faults=tuple(args.fault),
        tftp_port=args.tftp_port,
        tftp_blksize=args.tftp_blksize,
    )
    try:
        served = service.start(
            args.state_dir, options, count=args.count, pty=args.pty, tcp=args.tcp
        )
    except (SimulatorError, ValueError) as exc:
        raise _preflight(exc) from exc
    except OSError as exc:
        raise LineError(f"cannot open the console: {exc}", "pick another --tcp port") from exc
    try:
        _print_table(served, args)
        _wait_for_stop()
    finally:
        service.stop(served)
    return int(ExitCode.SUCCESS)


def _existing_model(state_dir: Path) -> str | None:
    from rommon_toolkit.simulator.errors import StateError
    from rommon_toolkit.simulator.state import UnitState

    state = UnitState(state_dir)
    if not state.exists():
        return None
    try:
        return state.hardware().model
    except StateError:
        return None


def _print_table(served: list[Any], args: argparse.Namespace) -> None:
    if len(served) == 1:
        item = served[0]
        print(f"console: {item.endpoint}")
        print(f"model: {item.unit.model}  state dir: {item.unit.state_dir}  speed: {args.speed}")
    else:
        print(f"{'UNIT':<10} {'MODEL':<9} {'CONSOLE':<28} STATE DIR")
        for item in served:
            print(f"{item.name:<10} {item.unit.model:<9} {item.endpoint:<28} {item.unit.state_dir}")
    print("Press Ctrl-C to stop.", flush=True)


def _wait_for_stop() -> None:
    """Block until SIGINT or SIGTERM."""
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        del signum, frame
        stop.set()

    previous = signal.signal(signal.SIGTERM, on_signal)
    try:
        while not stop.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


def init_unit(args: argparse.Namespace) -> int:
    """`rommon sim init`."""
    from rommon_toolkit.simulator.errors import SimulatorError
    from rommon_toolkit.simulator.images import parse_size
    from rommon_toolkit.simulator.provision import init_unit as create
    from rommon_toolkit.simulator.state import DEFAULT_DISK_SIZE

    password = None
    if args.enable_password_env:
        password = os.environ.get(args.enable_password_env)
        if password is None:
            raise PreflightError(
                f"environment variable {args.enable_password_env} is not set",
                f"export {args.enable_password_env}=... before running init",
            )
    try:
        disk_size = parse_size(args.disk_size) if args.disk_size else DEFAULT_DISK_SIZE
        state = create(
            args.state_dir,
            args.model,
            rommon_version=args.rommon_version,
            images=args.image,
            boot=args.boot,
            startup_config=not args.no_startup_config,
            disk_size=disk_size,
            enable_password=password,
            serial=args.serial,
        )
    except (SimulatorError, ValueError) as exc:
        raise _preflight(exc) from exc
    hardware = state.hardware()
    print(f"created {hardware.model} in {state.root}")
    print(f"  ROMMON {hardware.rommon_version}, MAC {hardware.mac}, serial {hardware.serial}")
    return int(ExitCode.SUCCESS)


def show_status(args: argparse.Namespace) -> int:
    """`rommon sim status`."""
    from rommon_toolkit.simulator.errors import SimulatorError
    from rommon_toolkit.simulator.snapshot import running_from_runtime, take_snapshot
    from rommon_toolkit.simulator.state import UnitState

    state = UnitState(args.state_dir)
    try:
        snapshot = take_snapshot(state, running_from_runtime(state))
    except SimulatorError as exc:
        raise _preflight(exc) from exc
    data = snapshot.as_json()
    if args.json:
        json.dump(data, sys.stdout, indent=2)
        print()
        return int(ExitCode.SUCCESS)
    from rommon_toolkit.rommon.cli.sim_status import render_status

    print(render_status(data))
    return int(ExitCode.SUCCESS)


def power_cycle(args: argparse.Namespace) -> int:
    """`rommon sim power-cycle`."""
    from rommon_toolkit.simulator.control import send_command
    from rommon_toolkit.simulator.errors import ControlError

    try:
        send_command(args.state_dir, "power-cycle")
    except ControlError as exc:
        raise LineError(str(exc), "start the unit with `rommon sim ... --pty` first") from exc
    print(f"power-cycled the virtual ASA on {args.state_dir}")
    return int(ExitCode.SUCCESS)


def make_image(args: argparse.Namespace) -> int:
    """`rommon sim make-image`."""
    from rommon_toolkit.simulator.errors import ImageError
    from rommon_toolkit.simulator.images import file_sha512, parse_size
    from rommon_toolkit.simulator.images import make_image as make

    try:
        size = parse_size(args.size)
        if args.firmware:
            path = make(args.out_dir, args.model, args.firmware, size, kind="firmware",
                        key=args.key, corrupt=args.corrupt)  # fmt: skip
        elif args.version:
            path = make(args.out_dir, args.model, args.version, size, family=args.family,
                        key=args.key, corrupt=args.corrupt)  # fmt: skip
        else:
            raise PreflightError(
                "make-image needs --version (ASA image) or --firmware (ROMMON image)",
                "example: rommon sim make-image --version '9.16(4)85' --size 110M ./images",
            )
    except (ImageError, ValueError) as exc:
        raise _preflight(exc) from exc
    print(path)
    print(f"sha512: {file_sha512(path)}")
    return int(ExitCode.SUCCESS)
