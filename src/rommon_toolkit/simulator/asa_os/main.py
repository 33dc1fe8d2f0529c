"""The ASA OS from `INIT: version 2.88 booting` to the prompt, then the session."""

from __future__ import annotations

from rommon_toolkit.simulator.asa_os.config import AsaConfig, checksum
from rommon_toolkit.simulator.asa_os.loadconfig import load_config
from rommon_toolkit.simulator.asa_os.names import dotted_mac
from rommon_toolkit.simulator.asa_os.session import EXEC, Session
from rommon_toolkit.simulator.asa_os.trees import build_trees
from rommon_toolkit.simulator.asa_os.wizard import run_wizard
from rommon_toolkit.simulator.context import BootRequest, UnitContext
from rommon_toolkit.simulator.texts import asa as text
from rommon_toolkit.simulator.texts import asa_boot as boot_text
from rommon_toolkit.simulator.texts.release import release_facts
from rommon_toolkit.simulator.traffic import health_at_boot, load_traffic


def _lines(ctx: UnitContext, entries: tuple[tuple[str, float], ...]) -> None:
    for line, seconds in entries:
        ctx.say(line)
        if seconds:
            ctx.pause(seconds)


def _boot_text(ctx: UnitContext, boot: BootRequest) -> None:
    ctx.say(boot_text.INIT)
    ctx.pause(boot_text.SECONDS_AFTER_INIT)
    _lines(ctx, boot_text.EARLY)
    ctx.say(boot_text.COMPILED.format(compiled=release_facts(boot.version).compiled))
    ctx.pause(boot_text.SECONDS_AFTER_COMPILED)
    mgmt = dotted_mac(ctx.hardware.mac)
    ctx.say(*(line.format(mgmt_mac=mgmt) for line in boot_text.NICS))
    ctx.say(boot_text.ACTIVATION)
    ctx.pause(boot_text.SECONDS_ACTIVATION)
    ctx.say("", boot_text.LICENSE_HEADER, *boot_text.LICENSE_ROWS, "", boot_text.BASE_LICENSE)
    ctx.say(boot_text.CRYPTO_DEVICE, "")
    ctx.say(boot_text.SOFTWARE_VERSION.format(version=boot.version))
    ctx.say(*boot_text.LEGAL)
    ctx.pause(boot_text.SECONDS_AFTER_LEGAL)


def _read_startup(ctx: UnitContext, session: Session, startup: str) -> None:
    ctx.say(boot_text.READING_FLASH, boot_text.READING_BANGS)
    ctx.pause(boot_text.SECONDS_READING_CONFIG)
    load_config(session, startup, whole=True)
    ctx.say(boot_text.CRYPTOCHECKSUM_UNCHANGED.format(checksum=checksum(startup)))


def run_asa(ctx: UnitContext, boot: BootRequest) -> None:
    """Boot the image and run the console session; leaves only by Reboot or PowerLost."""
    ctx.set_mode("booting-asa")
    ctx.live.running = boot
    nvram = ctx.state.nvram()
    session = Session(ctx=ctx, boot=boot, trees=build_trees(), config=AsaConfig())
    session.confreg_at_boot = nvram.confreg
    ctx.live.confreg_at_boot = nvram.confreg
    session.config.password_recovery = nvram.password_recovery
    _boot_text(ctx, boot)
    startup = ctx.state.startup_config()
    if boot.config_ignored:
        session.config_source = "startup-config"
    elif startup is not None:
        _read_startup(ctx, session, startup)
    ctx.say(*boot_text.POST_LINES)
    ctx.pause(boot_text.SECONDS_POST)
    session.booted_at = ctx.clock.now()
    ctx.live.config_dirty = False
    up_ports = [
        i.name
        for i in session.config.interfaces.values()
        if not i.shutdown and i.nameif is not None and not i.management_only
    ]
    ctx.live.health = health_at_boot(load_traffic(ctx.state.root), ctx.faults, up_ports)
    port = ctx.failover
    if port is None:
        _to_prompt(ctx, session, startup)
        return
    try:
        port.session_up(session)
        _to_prompt(ctx, session, startup)
    finally:
        port.session_down(session)


def _to_prompt(ctx: UnitContext, session: Session, startup: str | None) -> None:
    boot = session.boot
    wizard = startup is None or (boot.config_ignored and text.WIZARD_WHEN_CONFIG_IGNORED)
    if wizard:
        ctx.set_mode("first-boot")
        run_wizard(session)
    else:
        ctx.say(
            "", *(line.format(hostname=session.config.hostname) for line in boot_text.LOGGED_IN)
        )
    ctx.say(boot_text.TYPE_HELP)
    session.mode = EXEC
    session.run()
