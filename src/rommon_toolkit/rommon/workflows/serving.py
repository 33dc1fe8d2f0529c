"""What the bundled TFTP and HTTP servers share in a run: keep serving a unit mid-download.

A unit left without its server mid-transfer waits and retries (or fails its copy); letting the
download finish (at most `limit` seconds) leaves it in a state the same command, run again,
picks up. The wait ends early once no byte moved for `STALL_SECONDS`, and Ctrl-C (or SIGTERM)
again stops at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Protocol, TypeVar

from rommon_toolkit.console.deadline import Deadline, pause
from rommon_toolkit.rommon.feedback import Feedback

STALL_SECONDS = 15.0  # a download that moved no byte this long is over: stop waiting for it


class Running(Protocol):
    """A running download as either server reports it."""

    @property
    def bytes(self) -> int: ...

    @property
    def total(self) -> int | None: ...


class Transfer(Running, Protocol):
    """One transfer as either server lists it."""

    @property
    def state(self) -> str: ...


class Service(Protocol):
    """What a run needs of either bundled server."""

    @property
    def port(self) -> int: ...

    def reserve(self, client: str) -> None: ...

    def transfers(self) -> Sequence[Transfer]: ...


_Link = TypeVar("_Link", bound="ServedLink")


class ServedLink:
    """What the TFTP and HTTP links share: the port, reserved slots, running downloads, and
    stopping only once no unit is mid-download. Subclasses set `service`, `start` and `stop`;
    `kind` names the server in messages."""

    kind = "TFTP"
    service: Service

    def start(self: _Link) -> _Link:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    @property
    def port(self) -> int:
        return int(self.service.port)

    def reserve(self, unit_address: str) -> None:
        """Keep a slot for this unit's ADDRESS (however busy the LAN)."""
        self.service.reserve(str(unit_address))

    def running_transfers(self) -> int:
        """How many downloads are in progress now."""
        return len(self._running())

    def _running(self) -> list[Transfer]:
        return [t for t in self.service.transfers() if t.state == "running"]

    def stop_when_idle(self, feedback: Feedback, limit: float) -> None:
        """Stop the server, but not under a unit that is mid-download (an interrupted run):
        see `wait_while_downloading`."""
        wait_while_downloading(feedback, limit, self._running, self.kind)
        self.stop()

    def __enter__(self: _Link) -> _Link:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def wait_while_downloading(
    feedback: Feedback,
    limit: float,
    running: Callable[[], Sequence[Running]],
    server: str,
) -> None:
    """Wait (up to `limit` s) while `running()` lists downloads that still move."""
    if not running():
        return
    feedback.warn(
        f"the unit is in the middle of a download: the {server} server stays up until it "
        f"finishes (at most {limit:.0f} s); Ctrl-C again stops it now"
    )
    deadline = Deadline.after(limit)
    label = f"download still running ({server} server kept up)"
    moved, last = Deadline.after(STALL_SECONDS), -1
    try:
        while (now := running()) and not deadline.expired():
            done = sum(t.bytes for t in now)
            if done != last:
                moved, last = Deadline.after(STALL_SECONDS), done
            elif moved.expired():
                break  # the unit stopped fetching: nothing to keep the server up for
            total = sum(t.total or 0 for t in now) or None
            feedback.progress(label, done, total, f"gives up in {deadline.remaining():.0f} s")
            pause(0.5)
        feedback.progress(label, 0, 0, "still running: stopped" if running() else "finished")
    except KeyboardInterrupt:
        feedback.warn(f"stopping the {server} server now, mid-download")
