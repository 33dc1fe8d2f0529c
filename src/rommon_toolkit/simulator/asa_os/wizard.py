"""First boot without a startup-config: `Pre-configure Firewall now ...` (reference 3).

`no` goes straight to the prompt [C]; `yes` walks the setup questions of src 17 [S] and,
when accepted, applies them and saves the configuration.
"""

from __future__ import annotations

import ipaddress
import time

from rommon_toolkit.simulator.asa_os.config import hash_password
from rommon_toolkit.simulator.asa_os.session import Session
from rommon_toolkit.simulator.asa_os.system import write_memory
from rommon_toolkit.simulator.texts import asa as text

YES = ("y", "yes")
NO = ("n", "no")


def _yes_no(session: Session, prompt: str, default: bool) -> bool:
    while True:
        answer = session.ask(prompt).strip().lower()
        if not answer:
            return default
        if answer in YES:
            return True
        if answer in NO:
            return False


def _address(session: Session, prompt: str) -> str | None:
    while True:
        answer = session.ask(prompt).strip()
        if not answer:
            return None
        try:
            ipaddress.IPv4Address(answer)
        except ValueError:
            continue
        return answer


def run_wizard(session: Session) -> None:
    """Ask the pre-configure question and run the setup dialog on `yes`."""
    if not _yes_no(session, text.PRECONFIGURE, True):
        return
    session.ask(text.WIZARD_MODE)
    enable = session.ask(text.WIZARD_ENABLE, mask="*")
    recovery = _yes_no(session, text.WIZARD_RECOVERY, True)
    now = time.gmtime()
    session.say(text.WIZARD_CLOCK)
    session.ask(text.WIZARD_YEAR.format(year=now.tm_year))
    session.ask(text.WIZARD_MONTH.format(month=time.strftime("%b", now)))
    session.ask(text.WIZARD_DAY.format(day=now.tm_mday))
    session.ask(text.WIZARD_TIME.format(time=time.strftime("%H:%M:%S", now)))
    address = _address(session, text.WIZARD_MGMT_IP)
    mask = _address(session, text.WIZARD_MGMT_MASK) if address else None
    hostname = session.ask(text.WIZARD_HOSTNAME).strip()
    domain = session.ask(text.WIZARD_DOMAIN).strip()
    asdm_host = _address(session, text.WIZARD_ASDM_HOST)
    summary = [text.WIZARD_SUMMARY_HEADER]
    if enable:
        summary.append("Enable password: <current password>")
    summary.append(f"Allow password recovery: {'yes' if recovery else 'no'}")
    if address and mask:
        summary.append(f"Management IP address: {address} {mask}")
    if hostname:
        summary.append(f"Host name: {hostname}")
    if domain:
        summary.append(f"Domain name: {domain}")
    if asdm_host:
        summary.append(f"IP address of host running Device Manager: {asdm_host}")
    session.say("", *summary, "")
    if not _yes_no(session, text.WIZARD_SAVE, True):
        return
    config = session.config
    if enable:
        config.enable_hash = hash_password(enable)
    config.password_recovery = recovery
    nvram = session.ctx.state.nvram()
    nvram.password_recovery = recovery
    session.ctx.state.save_nvram(nvram)
    if address and mask:
        mgmt = config.interfaces["Management1/1"]
        mgmt.nameif, mgmt.security_level = "management", 100
        mgmt.address, mgmt.shutdown = (address, mask), False
    if hostname:
        config.hostname = hostname
    if domain:
        config.domain_name = domain
    if asdm_host:
        config.http_server = True
    write_memory(session)
