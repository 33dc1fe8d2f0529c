"""`rommon reset-password`: ASA password recovery on 5506-X/5508-X/5516-X (reference §6).

New passwords are checked against what the ASA CLI saves as typed before anything reaches the
unit (`decisions.password_rules`). ROMMON -> read the config register (bare `confreg`, answered
`n`) -> `confreg 0x41` (never the menu's `disable "password recovery"?`) -> boot ignoring the
configuration -> enable with the blank password -> `copy startup-config running-config` ->
new passwords (from the environment or asked, never argv, never in the transcript) ->
`config-register` back to the register read first (without 0x40) -> backup -> `write memory`
-> optional reload and check.

Any failure between `confreg 0x41` and `write memory` puts the register read first back
(ROMMON `confreg` or ASA `config-register`, wherever the unit is) before stopping, and says so:
a unit left on 0x41 ignores its configuration at every boot.
"""

from __future__ import annotations

from dataclasses import dataclass

from rommon_toolkit.console.deadline import Deadline
from rommon_toolkit.rommon.decisions import patterns as p
from rommon_toolkit.rommon.decisions.machine import Goal
from rommon_toolkit.rommon.decisions.parsers import parse_show_version
from rommon_toolkit.rommon.decisions.password_rules import password_problems, username_problems
from rommon_toolkit.rommon.device.asa_runner import Answer
from rommon_toolkit.rommon.device.credentials import NEW_ENABLE_ENV, Credentials
from rommon_toolkit.rommon.device.session import UnitSession
from rommon_toolkit.rommon.errors import (
    DeviceRefusedError,
    PreflightError,
    RommonAccessDisabledError,
    RommonError,
)

IGNORE_CONFIG_BIT = 0x40
RECOVERY_REGISTER = 0x41

DISABLED_ADVICE = (
    "password recovery is disabled on this unit (`no service password-recovery`): ROMMON "
    "only offers to ERASE disk0 (every image, the configuration, the passwords). The toolkit "
    "answered `no`; nothing was changed. Without the passwords the only way is that erase, "
    "then a full re-image and reconfiguration from your own backups."
)


@dataclass(frozen=True)
class UserPassword:
    """A local user whose password is reset (`username NAME password ...`)."""

    name: str
    password: str


def check_new_passwords(new_enable: str, users: list[UserPassword]) -> None:
    """PreflightError listing every character the ASA would not save as typed."""
    problems = password_problems(new_enable, "the new enable password")
    for user in users:
        problems += username_problems(user.name)
        problems += password_problems(user.password, f"the new password of user {user.name}")
    if problems:
        raise PreflightError(
            "the new passwords would not be saved as typed; nothing was sent to the unit",
            f"choose passwords of 3-127 printable ASCII characters without `?`, spaces or `|` "
            f"and set {NEW_ENABLE_ENV} / ROMMON_USER_<NAME>_PASSWORD again (or type them when "
            "asked)",
            problems,
        )


def _hex(value: int) -> str:
    return f"0x{value:x}"


def _blank_enable(session: UnitSession) -> Credentials:
    """After `confreg 0x41` the enable password is blank; a forced new one uses the new one."""
    new = session.credentials.new_enable_password()
    return Credentials(
        env={"ROMMON_ENABLE_PASSWORD": "", "ROMMON_NEW_ENABLE_PASSWORD": new}, asker=None
    )


def _restore_register(session: UnitSession, original: int, *, on_asa: bool) -> None:
    """Put the register read before the change back, wherever the unit is now."""
    with session.runner.step("restore-config-register", value=_hex(original)):
        if on_asa:
            session.asa.configure([f"config-register {_hex(original)}"])
            version = parse_show_version(session.asa.run("show version"))
            now = version.confreg_next or version.confreg
            if now is None or int(now, 16) != original:
                raise DeviceRefusedError(f"the config register shows {now} after the restore")
            return
        session.driver.reach(
            Goal.ROMMON, Deadline.after(session.timeouts.reach_rommon), allow_reload=False
        )
        session.rommon.run(f"confreg {_hex(original)}")
        if session.rommon.read_confreg() != original:
            raise DeviceRefusedError("ROMMON does not show the restored config register")


def _not_put_back(reason: BaseException, value: str) -> str:
    """What the operator must type when the register could not be restored."""
    return (
        f"the config register could NOT be put back ({reason or 'Ctrl-C'}): it is still "
        f"{_hex(RECOVERY_REGISTER)}, so the unit ignores its configuration at every boot. "
        f"Put it back by hand: at `rommon N >` type `confreg {value}`, or at the ASA "
        f"`configure terminal`, `config-register {value}`, `end` (used at the next reload)"
    )


def _stopped(session: UnitSession, exc: Exception, original: int, *, on_asa: bool) -> None:
    """After a failure past `confreg 0x41`: restore, and add what happened to the error."""
    value = _hex(original)
    try:
        _restore_register(session, original, on_asa=on_asa)
    except (RommonError, OSError) as restore_exc:
        note = _not_put_back(restore_exc, value)
    else:
        where = "the ASA (used at the next reload)" if on_asa else "ROMMON"
        note = (
            f"the config register was put back to {value} (read before the change) on {where}; "
            "the unit boots its own configuration and passwords as before"
        )
        if original & IGNORE_CONFIG_BIT:
            note += f" ({value} already ignored the configuration before this run)"
    if isinstance(exc, RommonError):  # the error (shown and in the report) now says it
        more = exc.advice[:1].upper() + exc.advice[1:]
        exc.advice = f"{note}. {more}" if more else note
        return
    raise RommonError(f"reset-password stopped: {exc}", note) from exc


def _interrupted(session: UnitSession, original: int, *, on_asa: bool) -> None:
    """Ctrl-C past `confreg 0x41`: the register goes back before the run stops (a unit left on
    0x41 ignores its configuration at every boot); a second Ctrl-C leaves it, and says how."""
    value = _hex(original)
    session.feedback.warn(
        f"stopping: first putting the config register back to {value} (Ctrl-C again to "
        "leave it as it is)"
    )
    try:
        _restore_register(session, original, on_asa=on_asa)
    except (RommonError, OSError, KeyboardInterrupt) as exc:
        session.feedback.warn(_not_put_back(exc, value) + "; or run reset-password again")
    else:
        session.feedback.tell(
            f"the config register was put back to {value}: the unit boots its own "
            "configuration and passwords as before"
        )


def reset_password(session: UnitSession, users: list[UserPassword], *, verify: bool) -> int:
    """The whole procedure, from wherever the unit is; the config register it leaves set."""
    new_enable = session.credentials.new_enable_password()  # asked up front, not mid-boot
    check_new_passwords(new_enable, users)  # before any byte reaches the unit
    with session.runner.step("reach-rommon"):
        try:
            session.reach_rommon(allow_reload=True, password_lost=True)
        except RommonAccessDisabledError as exc:
            raise RommonAccessDisabledError(exc.message, DISABLED_ADVICE) from exc
    with session.runner.step("read-confreg") as step:
        original = session.rommon.read_confreg()
        step.details["value"] = _hex(original)
    normal = original & ~IGNORE_CONFIG_BIT
    on_asa = False
    try:
        with session.runner.step("confreg-0x41"):
            output = session.rommon.run(f"confreg {_hex(RECOVERY_REGISTER)}")
            if not p.CONFREG_RESET_NEEDED.search(output) and "0x41" not in output:
                session.feedback.warn("ROMMON did not confirm the new config register")
        with session.runner.step("boot-ignoring-config"):
            session.driver.credentials = _blank_enable(session)
            session.channel.send_line("boot")
            session.driver.reach(Goal.ENABLE, Deadline.after(session.timeouts.boot))
            on_asa = True
            session.asa.run("terminal pager 0")
        _recover_config(session, users, new_enable, normal)
    except KeyboardInterrupt:
        _interrupted(session, original, on_asa=on_asa)
        raise
    except Exception as exc:
        _stopped(session, exc, original, on_asa=on_asa)
        raise
    session.driver.credentials = Credentials(env={"ROMMON_ENABLE_PASSWORD": new_enable}, asker=None)
    if verify:
        with session.runner.step("reload-verify"):
            session.reload_and_wait()
            version = parse_show_version(session.asa.run("show version"))
            if version.confreg is None or int(version.confreg, 16) != normal:
                raise DeviceRefusedError(
                    f"after the reload the config register is {version.confreg}"
                )
    session.feedback.tell("passwords reset; the unit keeps its configuration")
    return normal


def _recover_config(
    session: UnitSession, users: list[UserPassword], new_enable: str, normal: int
) -> None:
    """On the ASA booted without its configuration: load it, new passwords, register, save."""
    with session.runner.step("restore-config"):
        session.asa.run(
            "copy startup-config running-config",
            answers=[Answer(p.COPY_DESTINATION, None)],
        )
    session.backup_before_change()
    with session.runner.step("set-passwords", users=[u.name for u in users]):
        commands = [f"enable password {new_enable}"]
        commands += [f"username {u.name} password {u.password}" for u in users]
        session.asa.configure(commands, secret=True)
    with session.runner.step("config-register", value=_hex(normal)):
        session.asa.configure([f"config-register {_hex(normal)}"])
        version = parse_show_version(session.asa.run("show version"))
        now = version.confreg_next or version.confreg
        if now is None or int(now, 16) != normal:
            raise DeviceRefusedError(f"the config register did not change to {_hex(normal)}")
    with session.runner.step("write-memory"):
        output = session.asa.run("write memory")
        if not p.OK.search(output):
            raise DeviceRefusedError("`write memory` did not answer [OK]", output[-300:])
