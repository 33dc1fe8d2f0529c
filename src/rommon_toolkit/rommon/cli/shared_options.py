"""Options every unit-facing command shares, declared once (argparse `parents=`).

* `line_options_parent`: `-p/--port`, `-b/--baud`, `--transcript`, `--profile`
* `run_options_parent`: `-y/--yes`, `--run-dir`, `--report`, `--state-dir`
* `dry_run_parent`: `-n/--dry-run`
* `transport_options_parent`: `--transport http|tftp`, `--http-port` (commands that stage)

Each call builds a fresh parent: argparse shares action objects between a parent and its
children, and a profile may make `--port` optional for one command only.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rommon_toolkit.rommon.decisions.console_speeds import AUTO_BAUD, CONSOLE_SPEEDS

PORT_HELP = (
    "console line: a device (/dev/ttyACM0, /dev/ttyUSB0, COM3), a URL (socket://HOST:PORT, "
    "rfc2217://HOST:PORT, loop://, sim://...), or `auto` for the only console adapter present"
)


def baud_rate(text: str) -> int:
    """argparse type: one of the console speeds an ASA supports, or `auto`."""
    if text.strip().lower() == "auto":
        return AUTO_BAUD
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value not in CONSOLE_SPEEDS:
        raise argparse.ArgumentTypeError(
            f"{text} is not a console speed an ASA uses; one of "
            + ", ".join(str(s) for s in CONSOLE_SPEEDS)
            + ", or auto (the default is 9600)"
        )
    return value


def line_options_parent(*, port_required: bool = True) -> argparse.ArgumentParser:
    """The console line, its transcript, and the site profile."""
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("console line")
    group.add_argument("-p", "--port", required=port_required, metavar="URL", help=PORT_HELP)
    group.add_argument(
        "-b",
        "--baud",
        type=baud_rate,
        default=9600,
        metavar="N",
        help="line speed (default 9600, the ASA console default); `auto` tries the common "
        "speeds and uses the first that gives readable text",
    )
    group.add_argument(
        "--transcript",
        metavar="FILE",
        type=Path,
        help="where to write the session transcript "
        "(default: ./runs/<timestamp>-<command>/<command>.transcript.jsonl)",
    )
    group.add_argument(
        "--profile",
        type=Path,
        metavar="FILE",
        help="TOML site defaults: this command's [table] fills the options not given here",
    )
    return parent


def run_options_parent(*, yes_help: str) -> argparse.ArgumentParser:
    """Consent and where the run's records go."""
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("run")
    group.add_argument("-y", "--yes", action="store_true", help=yes_help)
    group.add_argument(
        "--stay-logged-in",
        action="store_true",
        help="leave the console logged in at the end (default: `exit`, logged off)",
    )
    group.add_argument(
        "--run-dir",
        type=Path,
        metavar="DIR",
        help="run folder (default: ./runs/<timestamp>-<command>/)",
    )
    group.add_argument(
        "--report",
        type=Path,
        metavar="FILE",
        help="JSON report path (default: report.json in the run folder; written on failure too)",
    )
    add_state_dir_argument(group)
    return parent


STATE_DIR_HELP = (
    "where the per-unit journals are kept across runs (default: $ROMMON_STATE_DIR, else the "
    "user's state folder, ~/.local/state/rommon-toolkit on Linux)"
)


def add_state_dir_argument(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """`--state-dir DIR`: for every command that keeps a journal (and for a top-level parser).

    SUPPRESS as the default: a command's parser does not overwrite a value given before the
    command name (`rommon --state-dir DIR recover ...`); read it with getattr(..., None).
    """
    parser.add_argument(
        "--state-dir", type=Path, metavar="DIR", default=argparse.SUPPRESS, help=STATE_DIR_HELP
    )


def dry_run_parent(help_text: str) -> argparse.ArgumentParser:
    """`-n/--dry-run`."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("-n", "--dry-run", action="store_true", help=help_text)
    return parent


def tcp_port(text: str) -> int:
    """argparse type: a TCP port, 0 (any free port) to 65535."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a port (0-65535; 0: any free port)")
    return value


def transport_options_parent() -> argparse.ArgumentParser:
    """How the unit's `copy` fetches the image onto disk0 (ROMMON's tftpdnld stays TFTP)."""
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("staging transport")
    group.add_argument(
        "--transport",
        choices=("tftp", "http"),
        default="tftp",
        help="how the unit copies the image to disk0: tftp (default) or http (TCP, windowed: "
        "far faster over a real link; the bundled HTTP server serves exactly the image)",
    )
    group.add_argument(
        "--http-port",
        type=tcp_port,
        default=80,
        metavar="N",
        help="TCP port of the bundled HTTP server with --transport http (default 80, which "
        "needs privileges; 0: any free port; the copy URL names it)",
    )
    return parent
