"""The TFTP legs of `copy`: download into disk0 and upload to a server (reference 4.1)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import BinaryIO

from rommon_toolkit.simulator.asa_os.netpath import client_for, find_path
from rommon_toolkit.simulator.asa_os.session import Session
from rommon_toolkit.simulator.asa_os.signature import signature_lines, signed_info
from rommon_toolkit.simulator.errors import (
    DiskFullError,
    PowerLost,
    TftpCancelledError,
    TftpError,
    TftpFileNotFoundError,
    TftpRemoteError,
    TftpTimeoutError,
)
from rommon_toolkit.simulator.network import transfer_stats
from rommon_toolkit.simulator.receiver import Receiver
from rommon_toolkit.simulator.texts import asa as text

ERROR_ACCESS_VIOLATION = 2


def _reason(error: TftpError) -> str:
    if isinstance(error, TftpFileNotFoundError):
        return text.REASON_NOT_FOUND
    if isinstance(error, TftpTimeoutError):
        return text.REASON_TIMEOUT
    if isinstance(error, TftpRemoteError) and error.code == ERROR_ACCESS_VIOLATION:
        return text.REASON_REFUSED
    if isinstance(error, TftpRemoteError):
        return error.text or str(error)
    return str(error)


def _rate_line(size: int, started: float) -> str:
    secs = max(time.monotonic() - started, 0.001)
    return text.BYTES_COPIED_RATE.format(size=size, secs=secs, rate=int(size / secs))


def _write_phase(session: Session, dest: Path, display: str) -> None:
    """`Writing file disk0:/X...` and its `!` while flash is written (simulated time)."""
    size = dest.stat().st_size
    session.out(text.WRITING_FILE.format(path=display))
    bangs = max(1, size // text.COPY_BYTES_PER_BANG)
    seconds = text.WRITE_SECONDS_PER_MB * size / (1 << 20)
    steps = min(bangs, 20)
    per_step = bangs // steps
    for step in range(steps):
        count = per_step if step < steps - 1 else bangs - per_step * (steps - 1)
        session.out("!" * count)
        session.ctx.pause(seconds / steps)
    session.say("")


def download_to_disk(session: Session, server: str, source: str, dest: Path) -> None:
    """Fetch tftp://server/source into `dest` on disk0 with the ASA's output."""
    ctx = session.ctx
    display = ctx.disk.display(dest)
    if dest.exists() and not session.confirm(text.OVERWRITE):
        session.say(text.COPY_ABORTED.format(src=f"tftp://{server}/{source}"))
        return
    session.out(text.ACCESSING.format(server=server, path=source))
    path = find_path(session.config, server)
    if path is None:
        session.say(
            "",
            text.COPY_OPEN_FAILED.format(server=server, path=source, reason=text.REASON_NO_ROUTE),
        )
        return
    space = ctx.disk.free() + (dest.stat().st_size if dest.is_file() else 0)
    receiver = Receiver(
        ctx, dest, bang_bytes=text.COPY_BYTES_PER_BANG, space=space, reboot_mid_copy=True
    )
    started = time.monotonic()
    ctx.set_mode("copying")
    ctx.live.copy_in_progress = display
    try:
        with receiver:
            client = client_for(ctx, path, server)
            result = client.download(source, receiver.sink, progress=receiver.progress)
        ctx.live.last_transfer = transfer_stats("copy", source, result)
    except TftpCancelledError as exc:
        raise PowerLost from exc
    except TftpError as error:
        if receiver.opened:
            dest.unlink(missing_ok=True)
        reason = _reason(error)
        session.say("", text.COPY_OPEN_FAILED.format(server=server, path=source, reason=reason))
        return
    except DiskFullError:
        dest.unlink(missing_ok=True)
        session.say("", text.COPY_WRITE_FAILED.format(path=display))
        return
    finally:
        ctx.live.copy_in_progress = None
        ctx.set_mode("asa")
    session.say("")
    if signed_info(dest) is not None:
        session.say(text.DONE)
        valid, lines = signature_lines(dest)
        session.say(*lines)
        if not valid:
            dest.unlink(missing_ok=True)
            session.say(text.COPY_SIGNATURE_FAILED.format(src=f"tftp://{server}/{source}"))
            return
        session.say(text.SIGNATURE_OK)
    _write_phase(session, dest, display)
    session.say(_rate_line(receiver.size, started))


def upload(session: Session, server: str, name: str, source: BinaryIO) -> None:
    """Send `source` to tftp://server/name (a real WRQ) with `!` progress."""
    ctx = session.ctx
    path = find_path(session.config, server)
    if path is None:
        session.say(
            text.COPY_OPEN_FAILED.format(server=server, path=name, reason=text.REASON_NO_ROUTE)
        )
        return
    started = time.monotonic()
    bangs = 0

    def progress(size: int) -> None:
        nonlocal bangs
        due = size // text.COPY_BYTES_PER_BANG + 1
        if due > bangs:
            session.out("!" * (due - bangs))
            bangs = due

    ctx.set_mode("copying")
    try:
        result = client_for(ctx, path, server).upload(name, source, progress=progress)
        ctx.live.last_transfer = transfer_stats("upload", name, result)
    except TftpCancelledError as exc:
        raise PowerLost from exc
    except TftpError as error:
        session.say(
            "", text.COPY_OPEN_FAILED.format(server=server, path=name, reason=_reason(error))
        )
        return
    finally:
        ctx.set_mode("asa")
    secs = max(time.monotonic() - started, 0.001)
    session.say("", text.BYTES_COPIED_PLAIN.format(size=result.size, secs=secs))
