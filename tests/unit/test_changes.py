"""The table of changes: every destructive command and every yes to a changing question."""

from __future__ import annotations

import pytest

from rommon_toolkit.rommon.decisions.changes import Change, classify_send, pending_question

PROMPT = "ciscoasa# "


@pytest.mark.parametrize(
    ("command", "change"),
    [
        ("reload", Change.RELOAD),
        ("reload noconfirm", Change.RELOAD),
        ("rel", Change.RELOAD),
        ("failover reload-standby", Change.RELOAD),
        ("write memory", Change.WRITE_MEMORY),
        ("wr mem", Change.WRITE_MEMORY),
        ("write", Change.WRITE_MEMORY),
        ("write memory all", Change.WRITE_MEMORY),
        ("copy running-config startup-config", Change.WRITE_MEMORY),
        ("copy /noconfirm running-config startup-config", Change.WRITE_MEMORY),
        ("copy disk0:/old.cfg running-config", Change.CONFIG_RESTORE),
        ("copy /noconfirm tftp://10.0.0.9/site.cfg startup-config", Change.CONFIG_RESTORE),
        ("copy /noconfirm tftp://10.0.0.9/a.SPA disk0:/a.SPA", Change.OVERWRITE),
        ("delete /noconfirm disk0:/asa9-12-4-lfbff-k8.SPA", Change.DELETE),
        ("delete disk0:/x", Change.DELETE),
        ("upgrade rommon disk0:/asa5500-firmware-1118.SPA", Change.UPGRADE_ROMMON),
        ("confreg 0x41", Change.CONFREG),
        ("config-register 0x1", Change.CONFREG),
        ("no failover active", Change.FAILOVER),
        ("write standby", Change.FAILOVER),
        ("write erase", Change.NEVER),
        ("erase disk0:", Change.NEVER),
        ("format disk0:", Change.NEVER),
        ("no service password-recovery", Change.NEVER),
        ("configure factory-default", Change.NEVER),
    ],
)
def test_destructive_commands(command: str, change: Change) -> None:
    verdict = classify_send(PROMPT, command + "\r")
    assert verdict.change is change
    assert not verdict.is_reply


@pytest.mark.parametrize(
    "command",
    [
        "show version",
        "dir disk0:",
        "verify /sha-512 disk0:/a.SPA",
        "copy tftp://10.0.0.9/a.SPA disk0:/a.SPA",  # the unit asks before overwriting
        "copy /noconfirm running-config tftp://10.0.0.9/backup.cfg",
        "copy /noconfirm disk0:/a.cfg tftp://10.0.0.9/a.cfg",
        "more system:running-config",
        "boot system disk0:/a.SPA",
        "terminal pager 0",
        "enable",
        "write terminal",
        "show reload",
        "tftpdnld",
        "",
    ],
)
def test_harmless_commands(command: str) -> None:
    assert classify_send(PROMPT, command + "\r").change is None


@pytest.mark.parametrize(
    ("question", "reply", "change"),
    [
        ("Proceed with reload? [confirm]", "\r", Change.RELOAD),
        ("Proceed with reload? [confirm]", "y", Change.RELOAD),
        ("Proceed with reload? [confirm]", "n", None),
        ("Proceed with reload? [confirm]", "\x03", None),
        ("System config has been modified. Save? [Y]es/[N]o:", "Y\r", Change.WRITE_MEMORY),
        ("System config has been modified. Save? [Y]es/[N]o:", "N\r", None),
        ("Save? [Y]es/[N]o/[S]ave all/[C]ancel:", "S\r", Change.WRITE_MEMORY),
        ("Do you want to over write? [confirm]", "\r", Change.OVERWRITE),
        ("Delete disk0:/asa.SPA? [confirm]", "\r", Change.DELETE),
        ("Delete filename [asa.SPA]? ", "\r", None),
        ("Address or name of remote host [10.0.0.9]? ", "\r", None),
        ("Permanently erase 'disk0:'? [confirm]", "\r", Change.NEVER),
        ("Permanently erase 'disk0:'? [confirm]", "n", None),
        ("Erase configuration in flash memory? [confirm]", "\r", Change.NEVER),
        ('disable "password recovery"? y/n [n]: ', "y\r", Change.NEVER),
        ("do you wish to change the configuration? y/n [n]: ", "y\r", Change.CONFREG),
        ("do you wish to change the configuration? y/n [n]: ", "\r", None),
    ],
)
def test_replies_to_questions(question: str, reply: str, change: Change | None) -> None:
    verdict = classify_send("some output\r\n" + question, reply)
    assert verdict.is_reply
    assert verdict.change is change


def test_a_prompt_is_no_question() -> None:
    assert pending_question("text\r\nciscoasa# ") is None
    assert pending_question("rommon 1 > ") is None
    assert pending_question("Proceed with reload? [confirm]") == "Proceed with reload? [confirm]"
