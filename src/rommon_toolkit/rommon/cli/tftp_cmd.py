"""`rommon tftp serve FILE ...`: the bundled TFTP server on its own, until Ctrl-C.

Prints what it serves (name, size, sha256) and where it listens, then one line per request or
refusal, a live progress bar per transfer (plain log lines when stdout is not a terminal) and a
summary line per finished transfer. Bind and input errors exit 3 with advice.

The UDP port is `--tftp-port` (as in every other command; `--port` names the console line
there). `--port` is still accepted here as a deprecated alias, with a warning on stderr.
"""

from __future__ import annotations

import argparse
import logging
import queue
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rommon_toolkit.rommon.errors import PreflightError
from rommon_toolkit.rommon.exitcodes import ExitCode

if TYPE_CHECKING:
    from rommon_toolkit.rommon.ui.progress import Bar, ProgressRenderer
    from rommon_toolkit.tftp_server import TftpService
    from rommon_toolkit.tftp_server.events import ServerEvent

DEFAULT_MAX_UPLOAD = 64 * 1024 * 1024
_REFRESH = 0.25


def register(subparsers: Any) -> None:
    """Add `tftp serve` to the CLI."""
    tftp = subparsers.add_parser("tftp", help="the bundled TFTP server")
    commands = tftp.add_subparsers(dest="tftp_command", metavar="ACTION", required=True)
    serve = commands.add_parser(
        "serve",
        help="serve files over TFTP until Ctrl-C",
        description="Serve exactly the given files over TFTP (by file name; a directory prefix "
        "in a request is ignored), read-only unless --allow-upload is given.",
    )
    serve.add_argument("files", nargs="*", type=Path, metavar="FILE", help="files to serve")
    serve.add_argument(
        "--bind", default="0.0.0.0", metavar="ADDR", help="local IPv4 address (0.0.0.0: all)"
    )
    serve.add_argument(
        "--tftp-port",
        type=int,
        default=None,
        metavar="N",
        help="UDP port (69; 0 picks a free one)",
    )
    serve.add_argument("--port", type=int, dest="deprecated_port", help=argparse.SUPPRESS)
    serve.add_argument(
        "--reserved-client",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="a unit's address that always gets a transfer slot, however busy the LAN (repeatable)",
    )
    serve.add_argument(
        "--max-sessions",
        type=int,
        default=64,
        metavar="N",
        help="transfers at once from addresses not reserved (64)",
    )
    serve.add_argument(
        "--max-per-client",
        type=int,
        default=8,
        metavar="N",
        help="transfers at once from one client address (8)",
    )
    serve.add_argument(
        "--allow-upload", type=Path, metavar="DIR", help="accept uploads into DIR (never overwrite)"
    )
    serve.add_argument(
        "--max-upload-bytes",
        type=int,
        default=DEFAULT_MAX_UPLOAD,
        metavar="N",
        help=f"size cap of one upload ({DEFAULT_MAX_UPLOAD})",
    )
    serve.add_argument(
        "--silence-budget",
        type=float,
        default=60.0,
        metavar="S",
        help="seconds of client silence before a transfer is abandoned (60)",
    )
    serve.add_argument("-v", "--verbose", action="store_true", help="also show the server log")
    serve.set_defaults(handler=serve_command)


def serve_command(args: argparse.Namespace) -> int:
    """Run the server in the foreground; 0 after Ctrl-C."""
    from rommon_toolkit.rommon.ui.progress import ProgressRenderer
    from rommon_toolkit.tftp_server import Catalog, TftpService, UploadPolicy
    from rommon_toolkit.tftp_server.errors import TftpServerError

    _configure_logging(args.verbose)
    port = _tftp_port(args)
    if not args.files and args.allow_upload is None:
        raise PreflightError(
            "nothing to serve", "name at least one FILE (or give --allow-upload DIR)"
        )
    out = sys.stdout
    events: queue.Queue[ServerEvent] = queue.Queue()
    try:
        catalog = Catalog.from_paths(args.files)
        uploads = None
        if args.allow_upload is not None:
            uploads = UploadPolicy(args.allow_upload, args.max_upload_bytes)
        service = TftpService(
            catalog,
            bind=args.bind,
            port=port,
            uploads=uploads,
            on_event=events.put,
            silence_budget=args.silence_budget,
            max_sessions=args.max_sessions,
            max_per_client=args.max_per_client,
            reserved_clients=args.reserved_client,
        )
        service.start()
    except TftpServerError as exc:
        raise PreflightError(exc.message, advice=exc.advice) from exc
    renderer = ProgressRenderer(out)
    for line in describe(service):
        renderer.message(line)
    previous = _stop_on_sigterm()
    try:
        _serve_until_interrupted(service, events, renderer)
    except KeyboardInterrupt:
        pass
    finally:
        service.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    renderer.update(_bars(service))
    renderer.close()
    renderer.message("stopped")
    return int(ExitCode.SUCCESS)


def _tftp_port(args: argparse.Namespace) -> int:
    """`--tftp-port`, or the deprecated `--port` (with a warning on stderr), else 69."""
    if args.deprecated_port is None:
        return 69 if args.tftp_port is None else int(args.tftp_port)
    if args.tftp_port is not None and args.tftp_port != args.deprecated_port:
        raise PreflightError(
            f"--tftp-port {args.tftp_port} and --port {args.deprecated_port} disagree",
            "give the UDP port once, as --tftp-port",
        )
    print(
        "warning: `rommon tftp serve --port` is deprecated: use --tftp-port "
        "(--port names the console line in the other commands)",
        file=sys.stderr,
    )
    return int(args.deprecated_port)


def describe(service: TftpService) -> list[str]:
    """The banner: files (name, size, sha256), upload policy, listening address."""
    entries = list(service.catalog)
    lines = [f"serving {len(entries)} file{'s' if len(entries) != 1 else ''}:"]
    lines += [f"  {e.name}  {e.size} bytes  sha256 {e.sha256}  ({e.path})" for e in entries]
    uploads = service.uploads
    if uploads is None:
        lines.append("uploads: refused (read-only)")
    else:
        lines.append(
            f"uploads: into {uploads.directory} (at most {uploads.max_bytes} bytes each, "
            "never overwriting)"
        )
    if service.reserved_clients:
        lines.append("always a slot for: " + ", ".join(sorted(service.reserved_clients)))
    lines.append(f"listening on UDP {service.bind}:{service.port} (Ctrl-C to stop)")
    return lines


def _serve_until_interrupted(
    service: TftpService, events: queue.Queue[ServerEvent], renderer: ProgressRenderer
) -> None:
    while True:
        try:
            event = events.get(timeout=_REFRESH)
        except queue.Empty:
            event = None
        while event is not None:
            line = event_line(event)
            if line:
                renderer.message(line)
            try:
                event = events.get_nowait()
            except queue.Empty:
                event = None
        renderer.update(_bars(service))


def _bars(service: TftpService) -> list[Bar]:
    from rommon_toolkit.rommon.ui.progress import bar_from_snapshot

    return [bar_from_snapshot(snapshot) for snapshot in service.transfers()]


def event_line(event: ServerEvent) -> str | None:
    """The log line of a server event (finished/failed transfers come from the bars)."""
    from rommon_toolkit.tftp_server.events import DatagramDropped, RequestReceived, RequestRefused

    if isinstance(event, RequestReceived):
        options = " ".join(f"{k}={v}" for k, v in event.options.items())
        verb = "asks for" if event.direction == "read" else "wants to upload"
        return f"request: {event.client[0]}:{event.client[1]} {verb} {event.name!r}" + (
            f" ({options})" if options else ""
        )
    if isinstance(event, RequestRefused):
        return (
            f"refused: {event.client[0]}:{event.client[1]} {event.name!r}: {event.reason} "
            f"(TFTP error {event.code})"
        )
    if isinstance(event, DatagramDropped):
        return f"dropped: a datagram from {event.client[0]}:{event.client[1]}: {event.reason}"
    return None


def _interrupt(signum: int, frame: object) -> None:
    del signum, frame
    raise KeyboardInterrupt


def _stop_on_sigterm() -> Any:
    """SIGTERM stops the server like Ctrl-C (service managers, scripts); the old handler."""
    try:
        return signal.signal(signal.SIGTERM, _interrupt)
    except ValueError:  # not the main thread: leave signals alone
        return None


def _configure_logging(verbose: bool) -> None:
    """Events are printed by this command; the server log only with --verbose (to stderr)."""
    logger = logging.getLogger("rommon_toolkit.tftp_server")
    if verbose:
        handler: logging.Handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.setLevel(logging.INFO)
    else:
        handler = logging.NullHandler()
    logger.addHandler(handler)
