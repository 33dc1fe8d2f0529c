"""The network legs of `copy`: tftp or http download into disk0, tftp upload (reference 4.1).

Both downloads go through the same `Receiver` (space, faults, `!` progress) and print the same
shape; only the client and the wording of a failure differ (docs/device-reference.md).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import BinaryIO

from rommon_toolkit.simulator.asa_os.netpath import Path as NetPath
from rommon_toolkit.simulator.asa_os.netpath import client_for, find_path, http_client_for
from rommon_toolkit.simulator.asa_os.session import Session
from rommon_toolkit.simulator.asa_os.signature import signature_lines, signed_info
from rommon_toolkit.simulator.context import UnitContext
from rommon_toolkit.simulator.errors import (
    DiskFullError,
    HttpCancelledError,
    HttpError,
    HttpStatusError,
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


def _http_reason(error: HttpError) -> str:
    if isinstance(error, HttpStatusError):
        if error.status == 404:
            return text.REASON_HTTP_NOT_FOUND
        if error.status == 403:
            return text.REASON_REFUSED
        return text.REASON_HTTP_STATUS.format(status=error.status)
    if error.reason == text.REASON_HTTP_REFUSED:
        return text.REASON_HTTP_REFUSED
    if error.reason == text.REASON_TIMEOUT:
        return text.REASON_TIMEOUT
    return text.REASON_IO


def source_url(server: str, source: str, http_port: int | None) -> str:
    """`tftp://S/F`, or `http://S/F` / `http://S:P/F` as the ASA echoes them."""
    if http_port is None:
        return f"tftp://{server}/{source}"
    port = "" if http_port == 80 else f":{http_port}"
    return f"http://{server}{port}/{source}"


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


def download_to_disk(
    session: Session, server: str, source: str, dest: Path, *, http_port: int | None = None
) -> None:
    """Fetch tftp://server/source (or http://server:http_port/source) into `dest` on disk0."""
    ctx = session.ctx
    display = ctx.disk.display(dest)
    url = source_url(server, source, http_port)
    if dest.exists() and not session.confirm(text.OVERWRITE):
        session.say(text.COPY_ABORTED.format(src=url))
        return
    session.out(text.ACCESSING_URL.format(url=url))
    path = find_path(session.config, server)
    if path is None:
        session.say("", text.COPY_OPEN_FAILED_URL.format(url=url, reason=text.REASON_NO_ROUTE))
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
            ctx.live.last_transfer = _fetch(
                ctx, path, server, source, http_port=http_port, receiver=receiver
            )
    except (TftpCancelledError, HttpCancelledError) as exc:
        raise PowerLost from exc
    except (TftpError, HttpError) as error:
        if receiver.opened:
            dest.unlink(missing_ok=True)
        reason = _reason(error) if isinstance(error, TftpError) else _http_reason(error)
        session.say("", text.COPY_OPEN_FAILED_URL.format(url=url, reason=reason))
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
            session.say(text.COPY_SIGNATURE_FAILED.format(src=url))
            return
        session.say(text.SIGNATURE_OK)
    _write_phase(session, dest, display)
    session.say(_rate_line(receiver.size, started))


def _fetch(
    ctx: UnitContext,
    path: NetPath,
    server: str,
    source: str,
    *,
    http_port: int | None,
    receiver: Receiver,
) -> dict[str, int | str]:
    """Run the transfer into `receiver`; what snapshots report about it."""
    if http_port is None:
        client = client_for(ctx, path, server)
        result = client.download(source, receiver.sink, progress=receiver.progress)
        return transfer_stats("copy", source, result)
    http = http_client_for(ctx, path, server, http_port)
    got = http.download(source, receiver.sink, progress=receiver.progress)
    return {"kind": "copy-http", "file": source, "size": got.size, "windows": got.windows}


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
