"""The `rommon` command line: one argparse parser, subcommands registered by modules.

Each module in `COMMAND_MODULES` exposes `register(subparsers)`, which adds its subcommand and
sets `handler` (a callable taking the parsed namespace and returning an exit code). Handlers
import their heavy dependencies lazily so `rommon --help` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rommon_toolkit import __version__
from rommon_toolkit.rommon.cli.profile import apply_profile_defaults
from rommon_toolkit.rommon.cli.shared_options import add_state_dir_argument
from rommon_toolkit.rommon.errors import RommonError
from rommon_toolkit.rommon.exitcodes import ExitCode

COMMAND_MODULES: tuple[str, ...] = (
    "rommon_toolkit.rommon.cli.ports_cmd",
    "rommon_toolkit.rommon.cli.probe_cmd",
    "rommon_toolkit.rommon.cli.console_cmd",
    "rommon_toolkit.rommon.cli.recover_cmd",
    "rommon_toolkit.rommon.cli.maintenance_cmd",
    "rommon_toolkit.rommon.cli.upgrade_cmd",
    "rommon_toolkit.rommon.cli.firmware_cmd",
    "rommon_toolkit.rommon.cli.bench_cmd",
    "rommon_toolkit.rommon.cli.tftp_cmd",
    "rommon_toolkit.rommon.cli.demo_cmd",
    "rommon_toolkit.rommon.cli.sim_cmd",
    "rommon_toolkit.rommon.cli.help_cmd",
    "rommon_toolkit.rommon.cli.transcript_cmd",
)

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="rommon",
        description="Console and ROMMON recovery for Cisco ASA 5506-X / 5508-X / 5516-X.",
        epilog="Exit codes: 0 success, 2 usage, 3 preflight refused, 4 device refused, "
        "5 operator abort, 6 timeout, 7 console line error, 70 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"rommon-toolkit {__version__}")
    add_state_dir_argument(parser)  # also before the command: rommon --state-dir DIR recover
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument(
        "-v", "--verbose", action="store_true", help="also show the toolkit's log records"
    )
    loudness.add_argument(
        "-q", "--quiet", action="store_true", help="only warnings, errors and the outcome"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand and return its exit code."""
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    try:
        apply_profile_defaults(parser, words)
    except RommonError as exc:
        print(f"rommon: {exc.render()}", file=sys.stderr)
        return int(exc.exit_code)
    args = parser.parse_args(words)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return int(ExitCode.USAGE)
    wire_the_virtual_asa()
    from rommon_toolkit.rommon.ui.screen import configure_screen, release_screen

    configure_screen(
        quiet=bool(getattr(args, "quiet", False)), verbose=bool(getattr(args, "verbose", False))
    )
    previous = _signals_act_like_ctrl_c()
    started = time.time()
    try:
        return int(handler(args))
    except RommonError as exc:
        _report_if_none_was_written(args, exc, started)
        print(f"rommon: {exc.render()}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt as exc:
        _report_if_none_was_written(args, exc, started)
        print("rommon: interrupted by the operator", file=sys.stderr)
        return int(ExitCode.OPERATOR_ABORT)
    except BrokenPipeError:  # the reader went away (`rommon transcript show F | head`)
        _silence_stdout()
        return int(ExitCode.SUCCESS)
    except Exception as exc:  # the top-level handler: a bug, reported, never a bare traceback
        _report_if_none_was_written(args, exc, started)
        print(internal_error_text(args, exc), file=sys.stderr)
        return int(ExitCode.INTERNAL_ERROR)
    finally:
        _restore_signals(previous)
        release_screen()


def _silence_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so the exit flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        return


TERMINATING_SIGNALS = ("SIGTERM", "SIGHUP")


def _signals_act_like_ctrl_c() -> dict[int, object]:
    """SIGTERM and SIGHUP (a closed terminal) raise KeyboardInterrupt, exactly as Ctrl-C does.

    So a killed or hung-up run stops the way an interrupted one does: the current step ends
    safely (a ROMMON upgrade is never interrupted), the report is written, the transcript is
    closed and the TFTP server outlives the transfer in progress.
    """
    if threading.current_thread() is not threading.main_thread():
        return {}
    previous: dict[int, object] = {}
    for name in TERMINATING_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, signal.default_int_handler)
    return previous


def _restore_signals(previous: dict[int, object]) -> None:
    for number, handler in previous.items():
        signal.signal(number, handler)  # type: ignore[arg-type]


def internal_error_text(args: argparse.Namespace, exc: BaseException) -> str:
    """One line for a bug: what broke, where the transcript and the traceback are."""
    trace = _save_traceback(exc)
    transcript = getattr(args, "transcript", None) or "the run folder under ./runs"
    return (
        f"rommon: internal error ({type(exc).__name__}: {exc}); the transcript is in "
        f"{transcript} and the traceback in {trace}: please file a bug report with both "
        "(exit 70)"
    )


def _save_traceback(exc: BaseException) -> str:
    import tempfile
    import traceback

    text = "".join(traceback.format_exception(exc))
    try:
        handle, path = tempfile.mkstemp(prefix="rommon-crash-", suffix=".txt")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
    except OSError:
        return "(not saved)"
    return path


def _report_if_none_was_written(
    args: argparse.Namespace, exc: BaseException, started: float
) -> None:
    """`--report FILE` always gets a report, also for a refusal before the line was opened."""
    path = getattr(args, "report", None)
    if not isinstance(path, Path):
        return
    try:
        if path.stat().st_mtime >= started:
            return  # this run wrote it
    except OSError:
        pass
    from rommon_toolkit.rommon.records.report import RunReport

    report = RunReport(str(getattr(args, "command", "") or "rommon"))
    report.finish(exc)
    try:
        report.write(path)
    except OSError:
        return


def parse_command_line(argv: Sequence[str]) -> argparse.Namespace:
    """Parse like `main` does: the `--profile` table first becomes the command's defaults."""
    parser = build_parser()
    apply_profile_defaults(parser, list(argv))
    return parser.parse_args(list(argv))


def wire_the_virtual_asa() -> None:
    """Let every `--port` take `sim://...` (the virtual ASA's pyserial URL handler)."""
    from rommon_toolkit import simulator
    from rommon_toolkit.rommon.workflows.bundled_tftp import tell_about_servers
    from rommon_toolkit.simulator import lan

    simulator.register_url_handler()
    tell_about_servers(lan.announce_tftp, lan.withdraw_tftp)  # for `sim://...&tftp-port=0`
