"""Transfers in processes of their own (Linux): one forked child per session, reporting back.

One Python process serialises every transfer on its interpreter lock, and a thread that comes
back from a system call waits for it: eight downloads at once ran nine times slower than one.
So, like tftpd-hpa, the listener forks a child per accepted request. Everything that decides
(the catalog, the refusals, admission, the records) stays in the listener's process; the child
only moves the blocks, with the same session code, and tells the parent over a Unix socket
pair what happens:

* `("event", ending, event)`: an event for the owner's `on_event` (started, finished, failed);
* `("log", name, level, message, traceback)`: a log record, re-issued by the parent's logger of
  that name;
* `("closed", ending)`: the session is over (the parent then frees its slot).

The transfer's counters (bytes, blocks, retransmits...) are in a shared memory page
(`TransferStats.share`) that the child writes and `transfers()` reads at any moment; `ending`
(state, error, end time) is applied to the parent's `TransferStats` before the message is acted
on, so `transfers()` agrees with each event. The parent asks a child to stop with `STOP` on
the pair (and an empty datagram to its socket to wake it); a child whose parent went away
stops too. A child that dies without "closed" is recorded as a failed transfer, its slot freed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import socket
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NoReturn

from rommon_toolkit.tftp_server.stats import State, TransferStats

if TYPE_CHECKING:
    from rommon_toolkit.tftp_server.session import Session

log = logging.getLogger(__name__)

STOP = b"stop"
_MESSAGE_LIMIT = 1 << 16
_LOG_TEXT_LIMIT = 16_000  # a message and a traceback fit in one _MESSAGE_LIMIT datagram
_PACKAGE_LOGGER = "rommon_toolkit.tftp_server"
_EXIT_CRASHED = 70

Ending = tuple[State, "str | None", "float | None"]

# Python's fork() runs the interpreter's own at-fork hooks (logging, random, threading).
CAN_FORK = hasattr(os, "fork") and hasattr(socket, "AF_UNIX")


def ending_of(stats: TransferStats) -> Ending:
    """What a child tells its parent of a transfer besides the shared counters."""
    return stats.state, stats.error, stats.finished_at


def apply_ending(stats: TransferStats, ending: Ending) -> None:
    """Copy a child's state, error and end time onto the parent's record of the transfer."""
    stats.state, stats.error, stats.finished_at = ending


# -- the child ------------------------------------------------------------------------------
class ChildChannel:
    """The child's end of the pair: sends messages, notices a stop request or a dead parent."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.parent_gone = False
        self.stop_seen = False

    def send(self, message: tuple[Any, ...]) -> None:
        if self.parent_gone:
            return
        try:
            self.sock.send(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))
        except OSError:
            self.parent_gone = True  # nobody to tell; the transfer stops at its next check

    def stop_requested(self) -> bool:
        """True once the parent asked for a stop or went away (a non-blocking look)."""
        if self.stop_seen or self.parent_gone:
            return True
        try:
            message = self.sock.recv(16, socket.MSG_DONTWAIT)
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            message = b""
        self.stop_seen = True  # STOP, or b"": the parent closed its end
        self.parent_gone = message != STOP
        return True


class _ChannelLogHandler(logging.Handler):
    """Hands the child's log records to the parent (its handlers belong to the parent)."""

    def __init__(self, channel: ChildChannel) -> None:
        super().__init__()
        self.channel = channel

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()[:_LOG_TEXT_LIMIT]
            if record.exc_info and not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            trace = record.exc_text[-_LOG_TEXT_LIMIT:] if record.exc_text else None
            self.channel.send(("log", record.name, record.levelno, text, trace))
        except Exception:  # a log line must never end a transfer
            return


def run_child(session: Session, channel_sock: socket.socket, inherited: Iterable[Any]) -> NoReturn:
    """Body of a forked child: close the parent's things, run the session, exit."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops us on Ctrl-C
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        with contextlib.suppress(ValueError, OSError):
            signal.set_wakeup_fd(-1)
        for thing in inherited:
            with contextlib.suppress(OSError):
                thing.close()
        channel = ChildChannel(channel_sock)
        package = logging.getLogger(_PACKAGE_LOGGER)
        package.handlers = [_ChannelLogHandler(channel)]
        package.propagate = False
        stats = session.stats
        session.emit = lambda event: channel.send(("event", ending_of(stats), event))
        session.on_close = lambda _session: channel.send(("closed", ending_of(stats)))
        session.stop_probe = channel.stop_requested
        session.run()
    except BaseException:
        code = _EXIT_CRASHED
    finally:
        os._exit(code)


# -- the parent -----------------------------------------------------------------------------
class ChildTransfer:
    """The parent's handle on one forked session."""

    def __init__(self, session: Session, pid: int, channel: socket.socket) -> None:
        self.session = session
        self.pid = pid
        self.channel = channel
        self.closed = False
        self.stop_sent = False

    def fileno(self) -> int:
        return self.channel.fileno()

    def request_stop(self) -> None:
        """Send STOP once (the child reads it at its next check)."""
        if self.stop_sent:
            return
        self.stop_sent = True
        with contextlib.suppress(OSError):
            self.channel.send(STOP)

    def read(self) -> list[tuple[Any, ...]]:
        """The waiting messages; the last is `("eof",)` once the child closed its end."""
        messages: list[tuple[Any, ...]] = []
        while True:
            try:
                data = self.channel.recv(_MESSAGE_LIMIT, socket.MSG_DONTWAIT)
            except (BlockingIOError, InterruptedError):
                return messages
            except ConnectionResetError:
                # The child ended with a STOP unread: the kernel reports that once, before the
                # messages still queued (and then the end); keep reading.
                continue
            if not data:
                return [*messages, ("eof",)]
            try:
                messages.append(pickle.loads(data))
            except Exception as exc:  # a cut or garbled message costs that message only
                log.warning("unreadable message from transfer process %d: %r", self.pid, exc)

    def reap(self, *, force: bool = False) -> str:
        """Wait for the child's exit (SIGKILL first if `force`); how it ended, in words."""
        if force:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        try:
            _pid, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return "ended"
        self.channel.close()
        if os.WIFSIGNALED(status):
            return f"killed by signal {os.WTERMSIG(status)}"
        return f"exit status {os.waitstatus_to_exitcode(status)}"


def fork_session(session: Session, inherited: list[Any]) -> ChildTransfer:
    """Fork a child running `session`; the parent keeps the returned handle and closes its own
    copies of the session's socket and file. OSError when the system cannot fork."""
    session.stats.share()
    parent_end, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        pid = os.fork()
    except OSError:
        parent_end.close()
        child_end.close()
        session.stats.unshare()
        raise
    if pid == 0:
        run_child(session, child_end, [*inherited, parent_end])
    child_end.close()
    session.detach()
    return ChildTransfer(session, pid, parent_end)


def relog(name: str, level: int, message: str, exc_text: str | None) -> None:
    """Issue a child's log record from this process's logger of the same name."""
    logger = logging.getLogger(name)
    if logger.isEnabledFor(level):
        record = logging.makeLogRecord(
            {
                "name": name,
                "levelno": level,
                "levelname": logging.getLevelName(level),
                "msg": message,
                "exc_text": exc_text,
            }
        )
        logger.handle(record)


def mark_lost(stats: TransferStats, how: str) -> str:
    """Record a transfer whose child ended without saying so; the reason."""
    reason = f"the transfer process ended unexpectedly ({how})"
    if stats.state == "running":
        stats.finish(reason)
    return reason
