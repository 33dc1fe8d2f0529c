"""`copy tftp://SERVER/FILE running-config`: fetch a configuration and merge it into the running
one, as `copy startup-config running-config` does (reference §4.1 dialog; the tail [G])."""

from __future__ import annotations

import io
import time

from rommon_toolkit.simulator.asa_os.loadconfig import load_config
from rommon_toolkit.simulator.asa_os.netpath import client_for, find_path
from rommon_toolkit.simulator.asa_os.session import Session
from rommon_toolkit.simulator.asa_os.transfer import _reason as tftp_reason
from rommon_toolkit.simulator.errors import PowerLost, TftpCancelledError, TftpError
from rommon_toolkit.simulator.network import transfer_stats
from rommon_toolkit.simulator.texts import asa as text

MAX_CONFIG_BYTES = 16 << 20  # no ASA configuration comes near this


class _Capped(io.BytesIO):
    """A memory sink that refuses to grow past MAX_CONFIG_BYTES."""

    def write(self, data: bytes, /) -> int:  # type: ignore[override]
        if self.tell() + len(data) > MAX_CONFIG_BYTES:
            raise TftpError(f"configuration larger than {MAX_CONFIG_BYTES} bytes")
        return super().write(data)


def copy_tftp_to_running(session: Session, server: str, source: str) -> None:
    """Download tftp://server/source and apply it line by line (a merge) [G tail]."""
    ctx = session.ctx
    session.out(text.ACCESSING.format(server=server, path=source))
    path = find_path(session.config, server)
    if path is None:
        reason = text.REASON_NO_ROUTE
        session.say("", text.COPY_OPEN_FAILED.format(server=server, path=source, reason=reason))
        return
    sink = _Capped()
    bangs = 0

    def progress(size: int) -> None:
        nonlocal bangs
        due = size // text.COPY_BYTES_PER_BANG + 1
        if due > bangs:
            session.out("!" * (due - bangs))
            bangs = due

    started = time.monotonic()
    ctx.set_mode("copying")
    try:
        result = client_for(ctx, path, server).download(source, sink, progress=progress)
        ctx.live.last_transfer = transfer_stats("copy", source, result)
    except TftpCancelledError as exc:
        raise PowerLost from exc
    except TftpError as error:
        reason = tftp_reason(error)
        session.say("", text.COPY_OPEN_FAILED.format(server=server, path=source, reason=reason))
        return
    finally:
        ctx.set_mode("asa")
    body = sink.getvalue().decode("utf-8", "replace")
    session.say("")
    load_config(session, body)
    session.changed()
    secs = max(time.monotonic() - started, 0.001)
    session.say(text.BYTES_COPIED_PLAIN.format(size=len(sink.getvalue()), secs=secs))
