"""`rommon reset-password`: ASA password recovery on 5506-X/5508-X/5516-X (reference §6).

ROMMON -> `confreg 0x41` (never the menu's `disable "password recovery"?`) -> boot ignoring the
configuration -> enable with the blank password -> `copy startup-config running-config` ->
new passwords (from the environment or asked, never argv, never in the transcript) ->
`config-register 0x1` -> backup -> `write memory` -> optional reload and check.
"""

from __future__ import annotations

from dataclasses import dataclass

from rommon_toolkit.console.deadline import Deadline
from rommon_toolkit.rommon.decisions import patterns as p
from rommon_toolkit.rommon.decisions.machine import Goal
from rommon_toolkit.rommon.decisions.parsers import parse_show_version
from rommon_toolkit.rommon.device.asa_runner import Answer
from rommon_toolkit.rommon.device.credentials import Credentials
from rommon_toolkit.rommon.device.session import UnitSession
from rommon_toolkit.rommon.errors import DeviceRefusedError, RommonAccessDisabledError

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


def _blank_enable(session: UnitSession) -> Credentials:
    """After `confreg 0x41` the enable password is blank; a forced new one uses the new one."""
    new = session.credentials.new_enable_password()
    return Credentials(
        env={"ROMMON_ENABLE_PASSWORD": "", "ROMMON_NEW_ENABLE_PASSWORD": new}, asker=None
    )


def reset_password(session: UnitSession, users: list[UserPassword], *, verify: bool) -> None:
    """The whole procedure, from wherever the unit is."""
    new_enable = session.credentials.new_enable_password()  # asked up front, not mid-boot
    with session.runner.step("reach-rommon"):
        try:
            session.reach_rommon(allow_reload=True)
        except RommonAccessDisabledError as exc:
            raise RommonAccessDisabledError(exc.message, DISABLED_ADVICE) from exc
    with session.runner.step("confreg-0x41"):
        output = session.rommon.run("confreg 0x41")
        if not p.CONFREG_RESET_NEEDED.search(output) and "0x41" not in output:
            session.feedback.warn("ROMMON did not confirm the new config register")
    with session.runner.step("boot-ignoring-config"):
        recovery_credentials = _blank_enable(session)
        session.driver.credentials = recovery_credentials
        session.channel.send_line("boot")
        session.driver.reach(Goal.ENABLE, Deadline.after(session.timeouts.boot))
        session.asa.run("terminal pager 0")
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
    with session.runner.step("config-register"):
        session.asa.configure(["config-register 0x1"])
        version = parse_show_version(session.asa.run("show version"))
        if (version.confreg_next or version.confreg) != "0x1":
            raise DeviceRefusedError("the config register did not change to 0x1")
    with session.runner.step("write-memory"):
        output = session.asa.run("write memory")
        if not p.OK.search(output):
            raise DeviceRefusedError("`write memory` did not answer [OK]", output[-300:])
    session.driver.credentials = Credentials(env={"ROMMON_ENABLE_PASSWORD": new_enable}, asker=None)
    if verify:
        with session.runner.step("reload-verify"):
            session.reload_and_wait()
            version = parse_show_version(session.asa.run("show version"))
            if version.confreg != "0x1":
                raise DeviceRefusedError(
                    f"after the reload the config register is {version.confreg}"
                )
    session.feedback.tell("passwords reset; the unit keeps its configuration")
