"""The failover link between two units: roles, joining, replication, switchover.

Each unit's ASA OS talks to the link through its `UnitPort` (ctx.failover). Roles are decided
as a booting ASA decides them: a unit that finds an active mate joins it as standby (bulk
synchronisation: the whole configuration and the certificates), one that finds none within
the holdtime becomes active (the primary wins when both boot together). Configuration lines
typed on the active are replayed on the standby, `write memory` saves on both, certificates
travel only with a bulk synchronisation (seed 002, CSCsr71150).
"""

from __future__ import annotations

import copy
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rommon_toolkit.simulator.asa_os.config import Interface
from rommon_toolkit.simulator.asa_os.session import Session
from rommon_toolkit.simulator.asa_os.system import save_running
from rommon_toolkit.simulator.errors import PowerLost, Reboot
from rommon_toolkit.simulator.failover.compat import compatible
from rommon_toolkit.simulator.faults import Fault
from rommon_toolkit.simulator.keystore import load_keystore, save_keystore
from rommon_toolkit.simulator.texts import asa as text
from rommon_toolkit.simulator.texts import failover as ftext

if TYPE_CHECKING:
    from rommon_toolkit.simulator.unit import VirtualAsa

ACTIVE, STANDBY, FAILED = "active", "standby", "failed"
POLL_SECONDS = 0.5  # simulated seconds between looks for the mate while booting
LOCK_WAIT = 5.0  # real seconds to wait for the mate's console before replaying anyway
# Lines of the active that do not go to the standby: the failover bootstrap is per unit [D];
# imported certificates wait for a bulk synchronisation (CSCsr71150, seed 002).
NOT_REPLICATED = ("failover", "no failover", "crypto ca import", "crypto ca export")


@dataclass
class Member:
    """One unit of the pair as the link sees it."""

    unit: VirtualAsa
    session: Session | None = None
    role: str | None = None
    active_since: float | None = None  # sim clock
    active_total: float = 0.0
    failure: tuple[str, float] | None = None  # (reason, wall time) of the mate's last loss
    pending: deque[tuple[Any, ...]] = field(default_factory=deque)

    def clock(self) -> float:
        """The unit's simulated time."""
        return self.unit.clock.now()

    def active_seconds(self) -> int:
        """`Active time: N (sec)`."""
        extra = self.clock() - self.active_since if self.active_since is not None else 0.0
        return int(self.active_total + extra)

    def set_role(self, role: str | None) -> None:
        """Change role, keeping the active-time account."""
        if self.active_since is not None:
            self.active_total += self.clock() - self.active_since
            self.active_since = None
        changed = role != self.role
        self.role = role
        if role == ACTIVE:
            self.active_since = self.clock()
        if changed:
            self.unit.refresh_runtime()

    def say(self, *lines: str) -> None:
        """Print on this unit's console (asynchronous notices)."""
        self.unit.ctx.say(*lines)


class FailoverLink:
    """Two members and the lock that orders their role changes."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.members: list[Member] = []
        self.last_failover: float | None = None  # wall time

    def attach(self, unit: VirtualAsa) -> UnitPort:
        """Connect a unit (at most two); its ASA OS reaches the link through ctx.failover."""
        if len(self.members) >= 2:
            raise ValueError("a failover link joins two units")
        self.members.append(Member(unit))
        port = UnitPort(self, len(self.members) - 1)
        unit.ctx.failover = port
        return port

    def mate_of(self, member: Member) -> Member | None:
        """The other unit (None until both are attached)."""
        others = [m for m in self.members if m is not member]
        return others[0] if others else None

    # -- boot and shutdown --------------------------------------------------------------
    def session_up(self, me: Member, session: Session) -> None:
        """Decide this unit's role: join an active mate, or become active after the holdtime."""
        with self.lock:
            me.session, me.pending = session, deque()
            me.set_role(None)
        if not session.config.failover.enabled:
            return
        primary = session.config.failover.unit == "primary"
        waited = 0.0
        while True:
            with self.lock:
                mate = self.mate_of(me)
                peer = mate.session if mate is not None else None
                peer_on = peer is not None and peer.config.failover.enabled
                if mate is not None and peer_on and mate.role == ACTIVE:
                    self._join(me, mate)
                    return
                undecided_mate = peer_on and mate is not None and mate.role is None
                if waited >= ftext.MATE_HOLDTIME and (not undecided_mate or primary):
                    me.set_role(ACTIVE)
                    return
            session.ctx.pause(POLL_SECONDS)
            waited += POLL_SECONDS

    def _join(self, me: Member, mate: Member) -> None:
        """`me` found the active `mate`: version check, then bulk synchronisation."""
        assert me.session is not None
        assert mate.session is not None
        ours, theirs = me.session.boot.version, mate.session.boot.version
        skew = Fault.VERSION_SKEW_REFUSED in me.unit.faults
        skew = skew or Fault.VERSION_SKEW_REFUSED in mate.unit.faults
        if not compatible(theirs, ours, skew_refused=skew):
            me.set_role(FAILED)
            mate.say("", *_banner(ftext.NOT_COMPATIBLE, mate=ours, ours=theirs))
            me.say(*_banner(ftext.NOT_COMPATIBLE, mate=theirs, ours=ours))
            return
        me.set_role(STANDBY)
        me.failure = None
        mate.failure = None
        warning = [] if ours == theirs else _banner(ftext.NOT_IDENTICAL, mate=ours, ours=theirs)
        mate.say("", *warning, ftext.SENDING_TO_MATE)
        me.say(ftext.DETECTED_ACTIVE_MATE, ftext.BEGIN_FROM_MATE)
        bulk_sync(mate.session, me.session)
        me.say(ftext.END_FROM_MATE)
        mate.say(ftext.END_TO_MATE)

    def session_down(self, me: Member, session: Session) -> None:
        """The unit reloads or loses power: an active hands over to a ready standby."""
        with self.lock:
            if me.session is not session:
                return
            was = me.role
            me.session = None
            me.set_role(None)
            me.pending.clear()
            mate = self.mate_of(me)
            if mate is None or mate.session is None:
                return
            mate.failure = (ftext.REASON_COMM_FAILURE, time.time())
            if was == ACTIVE and mate.role == STANDBY:
                self._take_over(mate)

    def _take_over(self, member: Member) -> None:
        member.set_role(ACTIVE)
        self.last_failover = time.time()
        member.say(ftext.SWITCHING_TO_ACTIVE)

    # -- replication --------------------------------------------------------------------
    def replicate(self, me: Member, line: str, context: tuple[str, str | None, str | None]) -> None:
        """A configuration line applied on `me`: the active sends it to a ready standby."""
        stripped = " ".join(line.split()).lower()
        if any(stripped.startswith(prefix) for prefix in NOT_REPLICATED):
            return
        with self.lock:
            mate = self.mate_of(me)
            if me.role != ACTIVE or mate is None or mate.role != STANDBY:
                return
            mate.pending.append(("line", line, *context))
        self.drain(mate, wait=False)

    def memory_written(self, me: Member) -> None:
        """`write memory` on the active saves the standby's configuration too."""
        with self.lock:
            mate = self.mate_of(me)
            if me.role != ACTIVE or mate is None or mate.role != STANDBY:
                return
            mate.pending.append(("save",))
        self.drain(mate, wait=False)

    def drain(self, member: Member, *, wait: bool) -> None:
        """Apply what was replicated to `member` (when its console is free, or `wait`)."""
        session = member.session
        if session is None or not member.pending:
            return
        if not session.lock.acquire(timeout=LOCK_WAIT if wait else 0.0):
            return  # the standby's console is busy: its next prompt drains the queue
        try:
            while member.pending and member.session is session:
                item = member.pending.popleft()
                if item[0] == "save":
                    save_running(session)
                else:
                    _replay(session, *item[1:])
        finally:
            session.lock.release()

    # -- commands -------------------------------------------------------------------------
    def command(self, me: Member, session: Session, name: str) -> None:
        """The failover EXEC commands typed on `me`."""
        mate = self.mate_of(me)
        if name == "off":
            with self.lock:
                me.set_role(None)
                if mate is not None and mate.role == STANDBY:
                    self._take_over(mate)
            return
        if name == "reload-standby":
            self._reload_standby(me, mate, session)
        elif name == "no-active":
            if me.role == ACTIVE:
                self._switch(mate, me, session)
        elif name == "active":
            if me.role != ACTIVE:
                self._switch(me, mate, session)
        elif name == "write-standby":
            self._write_standby(me, mate, session)

    def _switch(self, new: Member | None, old: Member | None, session: Session) -> None:
        """`new` takes the active role from `old` (typed on either)."""
        with self.lock:
            faults = [m.unit.faults for m in (new, old) if m is not None]
            refused = any(Fault.SWITCHOVER_REFUSED in f for f in faults)
            ready = (
                new is not None and old is not None and new.session is not None
                and old.session is not None and new.role == STANDBY and old.role == ACTIVE
            )  # fmt: skip
            if refused or not ready or new is None or old is None:
                session.say(ftext.SWITCHOVER_REFUSED)
                return
            old.set_role(STANDBY)
            new.set_role(ACTIVE)
            self.last_failover = time.time()
        old.say(ftext.SWITCHING_TO_STANDBY)
        new.say(ftext.SWITCHING_TO_ACTIVE)

    def _reload_standby(self, me: Member, mate: Member | None, session: Session) -> None:
        if me.role != ACTIVE:
            session.say(ftext.NOT_ACTIVE)
            return
        if mate is None or mate.session is None:
            session.say(ftext.NO_STANDBY_MATE)
            return
        unit = mate.unit
        threading.Thread(
            target=_reload_mate, args=(unit,), name="sim-reload-standby", daemon=True
        ).start()

    def _write_standby(self, me: Member, mate: Member | None, session: Session) -> None:
        if me.role != ACTIVE:
            session.say(ftext.NOT_ACTIVE)
            return
        if mate is None or mate.session is None or mate.role != STANDBY:
            session.say(ftext.NO_STANDBY_MATE)
            return
        session.say(ftext.WRITE_STANDBY_BUILDING, ftext.SENDING_TO_MATE)
        self.drain(mate, wait=True)
        mate.say(ftext.BEGIN_FROM_MATE)
        standby = mate.session
        locked = standby.lock.acquire(timeout=LOCK_WAIT)  # a busy standby console: sync anyway
        try:
            bulk_sync(session, standby)
        finally:
            if locked:
                standby.lock.release()
        mate.say(ftext.END_FROM_MATE)
        session.say(ftext.END_TO_MATE, text.OK)

    # -- views ------------------------------------------------------------------------------
    def address_for(self, me: Member, interface: Interface) -> tuple[str, str] | None:
        """The active uses the address, a standby (or a refused mate) the standby address."""
        if interface.address is None:
            return None
        if me.role in (STANDBY, FAILED):
            if interface.standby_address is None:
                return None
            return interface.standby_address, interface.address[1]
        return interface.address


def _banner(template: str, *, mate: str, ours: str) -> list[str]:
    rule = ftext.WARNING_RULE
    return [rule, template.format(mate=mate, ours=ours), rule]


def _replay(
    session: Session, line: str, mode: str, interface: str | None, trustpoint: str | None
) -> None:
    """Run `line` on the standby's session in the active's mode, printing nothing."""
    saved = (session.mode, session.interface, session.trustpoint, session.quiet)
    session.mode, session.interface, session.trustpoint = mode, interface, trustpoint
    session.quiet = True
    try:
        session.execute(line)
    except (PowerLost, Reboot):
        return  # the standby is going down anyway
    finally:
        session.mode, session.interface, session.trustpoint, session.quiet = saved


def bulk_sync(active: Session, standby: Session) -> None:
    """The standby takes the active's whole configuration (keeping its own failover
    bootstrap) and its certificates with their keys."""
    keep = copy.deepcopy(standby.config.failover)
    config = copy.deepcopy(active.config)
    config.failover = keep
    standby.config = config
    save_keystore(standby.ctx.state.root, load_keystore(active.ctx.state.root))


def _reload_mate(unit: VirtualAsa) -> None:
    """`failover reload-standby`: the standby's shutdown notice [C], then its reboot."""
    unit.ctx.out(ftext.RELOAD_BY_ACTIVE)
    unit.reload_by_mate()


class UnitPort:
    """One unit's end of the link (the `FailoverPort` protocol of context.py)."""

    def __init__(self, link: FailoverLink, index: int) -> None:
        self.link = link
        self.index = index

    @property
    def member(self) -> Member:
        """This unit's member record."""
        return self.link.members[self.index]

    def _enabled(self, session: Session) -> bool:
        return session.config.failover.enabled

    def role(self, session: Session) -> str | None:
        """`active`, `standby`, `failed` or None."""
        return self.member.role if self._enabled(session) else None

    def prompt_tokens(self, session: Session) -> tuple[str, str]:
        """(`pri`|`sec`, `act`|`stby`|`actNoFailover`)."""
        failover = session.config.failover
        priority = text.PROMPT_PRIMARY if failover.unit == "primary" else text.PROMPT_SECONDARY
        if not failover.enabled:
            return priority, text.PROMPT_NO_FAILOVER
        state = text.PROMPT_ACTIVE if self.member.role == ACTIVE else text.PROMPT_STANDBY
        return priority, state

    def address_for(self, session: Session, interface: Interface) -> tuple[str, str] | None:
        """The address this unit uses on `interface`."""
        if not self._enabled(session):
            return interface.address
        return self.link.address_for(self.member, interface)

    def local_address(self, interface: Interface) -> str | None:
        """The source address of this unit's own traffic on `interface` (TFTP copies)."""
        session = self.member.session
        if session is None or not self._enabled(session):
            return None
        address = self.link.address_for(self.member, interface)
        return address[0] if address else None

    def replicate(
        self, session: Session, line: str, mode: str, interface: str | None, trustpoint: str | None
    ) -> None:
        """A configuration line applied on this unit."""
        if self._enabled(session):
            self.link.replicate(self.member, line, (mode, interface, trustpoint))

    def memory_written(self, session: Session) -> None:
        """`write memory` on this unit."""
        if self._enabled(session):
            self.link.memory_written(self.member)

    def idle(self, session: Session) -> None:
        """Before the prompt: apply what the active replicated meanwhile."""
        del session
        self.link.drain(self.member, wait=True)

    def show_failover(self, session: Session, *, state: bool) -> str:
        """`show failover [state]`."""
        from rommon_toolkit.simulator.failover.show import show_failover, show_failover_state

        if state:
            return show_failover_state(self.link, self.member, session)
        return show_failover(self.link, self.member, session)

    def command(self, session: Session, name: str, words: list[str]) -> None:
        """A failover EXEC command typed here."""
        del words
        if name != "off" and not self._enabled(session):
            session.say(ftext.FAILOVER_NOT_ON)
            return
        self.link.command(self.member, session, name)

    def session_up(self, session: Session) -> None:
        """The ASA OS booted."""
        self.link.session_up(self.member, session)

    def session_down(self, session: Session) -> None:
        """The ASA OS stops."""
        self.link.session_down(self.member, session)
