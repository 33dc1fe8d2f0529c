"""Global configuration commands (`(config)#`): hostname, passwords, boot system, routes,
config-register, pager, password recovery, anonymous reporting."""

from __future__ import annotations

import ipaddress

from rommon_toolkit.simulator.asa_os.config import (
    DEFAULT_PROMPT,
    PROMPT_KEYWORDS,
    Route,
    hash_password,
)
from rommon_toolkit.simulator.asa_os.names import interface_name
from rommon_toolkit.simulator.asa_os.parser import Args, CommandError
from rommon_toolkit.simulator.asa_os.session import CONFIG_IF, Session
from rommon_toolkit.simulator.disk import DiskPathError
from rommon_toolkit.simulator.monitor.confreg import parse_value
from rommon_toolkit.simulator.texts import asa as text

HASHED_KEYWORDS = ("pbkdf2", "encrypted")
DEFAULT_CONFREG = 0x1


def need(args: Args, count: int) -> list[str]:
    """The argument words; `Incomplete command` when fewer than `count`."""
    if len(args.words) < count:
        raise CommandError(text.INCOMPLETE)
    return args.texts


def check_ip(args: Args, index: int, *, mask: bool = False) -> str:
    """The IPv4 address (or netmask) at `index`; the caret under it otherwise."""
    word = args.texts[index]
    try:
        value = ipaddress.IPv4Address(word)
        if mask:
            ipaddress.IPv4Network(f"0.0.0.0/{word}")
    except ValueError:
        raise CommandError(text.INVALID_INPUT, args.column(index)) from None
    return str(value)


def cmd_hostname(session: Session, args: Args) -> None:
    """`hostname NAME`."""
    session.config.hostname = need(args, 1)[0]
    session.changed()


def cmd_domain_name(session: Session, args: Args) -> None:
    """`domain-name NAME`."""
    session.config.domain_name = need(args, 1)[0]
    session.changed()


def _secret(words: list[str]) -> str:
    """The stored hash: given as is after `pbkdf2`/`encrypted`, else hashed now."""
    if len(words) > 1 and words[-1].lower() in HASHED_KEYWORDS:
        return words[0]
    return hash_password(words[0])


def cmd_enable_password(session: Session, args: Args) -> None:
    """`enable password PW [level N] [pbkdf2|encrypted]` (the level is accepted, not modelled)."""
    words = need(args, 1)
    lowered = [w.lower() for w in words]
    if "level" in lowered:
        at = lowered.index("level")
        if at + 1 >= len(words) or not words[at + 1].isdigit():
            raise CommandError(text.INVALID_INPUT, args.column(at))
        words = words[:at] + words[at + 2 :]
    session.config.enable_hash = _secret(words)
    session.changed()


def cmd_no_enable_password(session: Session, _args: Args) -> None:
    """`no enable password`: back to blank."""
    session.config.enable_hash = None
    session.changed()


def cmd_username(session: Session, args: Args) -> None:
    """`username U password P [privilege N] [pbkdf2|encrypted]`."""
    words = need(args, 3)
    if words[1].lower() != "password":
        raise CommandError(text.INVALID_INPUT, args.column(1))
    rest = words[2:]
    privilege = 2
    if "privilege" in [w.lower() for w in rest]:
        at = [w.lower() for w in rest].index("privilege")
        if at + 1 >= len(rest) or not rest[at + 1].isdigit():
            raise CommandError(text.INVALID_INPUT, args.column(2 + at))
        privilege = int(rest[at + 1])
        rest = rest[:at] + rest[at + 2 :]
    session.config.users[words[0]] = (_secret(rest), privilege)
    session.changed()


def cmd_no_username(session: Session, args: Args) -> None:
    """`no username U`."""
    session.config.users.pop(need(args, 1)[0], None)
    session.changed()


def cmd_interface(session: Session, args: Args) -> None:
    """`interface NAME`: enter the interface sub-mode."""
    name = interface_name(need(args, 1)[0])
    if name is None:
        raise CommandError(text.INVALID_INPUT, args.column(0))
    session.mode, session.interface = CONFIG_IF, name


def _route(args: Args, session: Session) -> Route:
    words = need(args, 4)
    if not any(i.nameif == words[0] for i in session.config.interfaces.values()):
        raise CommandError(text.ROUTE_NO_INTERFACE.format(name=words[0]))
    network, mask = check_ip(args, 1), check_ip(args, 2, mask=True)
    gateway = check_ip(args, 3)
    metric = 1
    if len(words) > 4:
        if not words[4].isdigit():
            raise CommandError(text.INVALID_INPUT, args.column(4))
        metric = int(words[4])
    return Route(words[0], network, mask, gateway, metric)


def cmd_route(session: Session, args: Args) -> None:
    """`route IFNAME NET MASK GW [METRIC]`."""
    route = _route(args, session)
    routes = session.config.routes
    routes[:] = [
        r
        for r in routes
        if (r.network, r.mask, r.gateway) != (route.network, route.mask, route.gateway)
    ]
    routes.append(route)
    session.changed()


def cmd_no_route(session: Session, args: Args) -> None:
    """`no route IFNAME NET MASK GW [METRIC]`."""
    words = need(args, 4)
    key = (words[0], words[1], words[2], words[3])
    before = len(session.config.routes)
    session.config.routes[:] = [
        r for r in session.config.routes if (r.interface, r.network, r.mask, r.gateway) != key
    ]
    if len(session.config.routes) != before:
        session.changed()


def _boot_path(session: Session, args: Args) -> str:
    words = need(args, 1)
    try:
        path = session.ctx.disk.resolve(words[0])
    except DiskPathError:
        raise CommandError(text.INVALID_INPUT, args.column(0)) from None
    return session.ctx.disk.display(path)


def cmd_boot_system(session: Session, args: Args) -> None:
    """`boot system disk0:/X` (appended; up to MAX_BOOT_SYSTEM lines)."""
    display = _boot_path(session, args)
    lines = session.config.boot_system
    if display in lines:
        return
    if len(lines) >= text.MAX_BOOT_SYSTEM:
        session.say(text.BOOT_SYSTEM_FULL)
        return
    if text.BOOT_SYSTEM_CHECKS_FILE and not session.ctx.disk.resolve(display).is_file():
        session.say(text.FILE_MISSING.format(path=display))
        return
    lines.append(display)
    session.changed()


def cmd_no_boot_system(session: Session, args: Args) -> None:
    """`no boot system disk0:/X`."""
    display = _boot_path(session, args)
    if display not in session.config.boot_system:
        session.say(text.NO_BOOT_SYSTEM_MISSING.format(path=display))
        return
    session.config.boot_system.remove(display)
    session.changed()


def _save_confreg(session: Session, value: int) -> None:
    nvram = session.ctx.state.nvram()
    nvram.confreg = value
    session.ctx.state.save_nvram(nvram)


def cmd_config_register(session: Session, args: Args) -> None:
    """`config-register 0xN`: NVRAM now, effective at the next reload [C]."""
    value = parse_value(need(args, 1)[0])
    if value is None:
        raise CommandError(text.INVALID_INPUT, args.column(0))
    _save_confreg(session, value)


def cmd_no_config_register(session: Session, _args: Args) -> None:
    """`no config-register`: back to 0x1 at the next reload [C]."""
    _save_confreg(session, DEFAULT_CONFREG)


def cmd_pager(session: Session, args: Args) -> None:
    """`pager [lines] N`."""
    words = [w for w in need(args, 1) if w.lower() != "lines"]
    if not words or not words[0].isdigit():
        raise CommandError(text.INVALID_INPUT, args.column(0))
    session.config.pager_lines = int(words[0])
    session.changed()


def cmd_no_pager(session: Session, _args: Args) -> None:
    """`no pager`."""
    session.config.pager_lines = 0
    session.changed()


def _set_recovery(session: Session, enabled: bool) -> None:
    session.config.password_recovery = enabled
    nvram = session.ctx.state.nvram()
    nvram.password_recovery = enabled
    session.ctx.state.save_nvram(nvram)
    session.changed()


def cmd_service_password_recovery(session: Session, _args: Args) -> None:
    """`service password-recovery`."""
    _set_recovery(session, True)


def cmd_no_service_password_recovery(session: Session, _args: Args) -> None:
    """`no service password-recovery`: ROMMON access is disabled from the next boot."""
    _set_recovery(session, False)


def cmd_call_home_reporting(session: Session, _args: Args) -> None:
    """`call-home reporting anonymous`."""
    session.config.anonymous_reporting = True
    session.changed()


def cmd_no_call_home_reporting(session: Session, _args: Args) -> None:
    """`no call-home reporting anonymous`."""
    session.config.anonymous_reporting = False
    session.changed()


def cmd_http_server(session: Session, _args: Args) -> None:
    """`http server enable`."""
    session.config.http_server = True
    session.changed()


def cmd_no_http_server(session: Session, _args: Args) -> None:
    """`no http server enable`."""
    session.config.http_server = False
    session.changed()


def cmd_prompt(session: Session, args: Args) -> None:
    """`prompt hostname priority state`: keywords in any order [D]."""
    words = need(args, 1)
    keywords = []
    for index, word in enumerate(words):
        matches = [k for k in PROMPT_KEYWORDS if k.startswith(word.lower())]
        if len(matches) != 1 or matches[0] in keywords:
            raise CommandError(text.INVALID_INPUT, args.column(index))
        keywords.append(matches[0])
    session.config.prompt = keywords
    session.changed()


def cmd_no_prompt(session: Session, _args: Args) -> None:
    """`no prompt`: back to the default."""
    session.config.prompt = list(DEFAULT_PROMPT)
    session.changed()
