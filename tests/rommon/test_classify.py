"""The probe classifier, table-driven over every prompt and banner form in the reference.

Each case is fed whole, one byte at a time, and in odd-sized chunks, through the same
normaliser the channel uses: the answer must be the same every way.
"""

from __future__ import annotations

from typing import Any

import pytest

from rommon_toolkit.console.normalize import Normaliser
from rommon_toolkit.rommon.decisions.classify import LINE_KEEP, Classifier, ProbeResult, classify
from rommon_toolkit.rommon.decisions.states import ProbeState
from tests.fixtures.reference_lines import (
    ASA_BOOT_TAIL,
    AUTOBOOT,
    ERASE_DIALOG,
    KENTON_BANNER,
    KENTON_COUNTDOWN,
    KENTON_INTERRUPT,
    line,
)

S = ProbeState
KENTON = {"model": "ASA5516", "rommon_version": "1.1.18"}

CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("nothing", "", {"state": S.SILENT}),
    ("only line noise", "\r\n\x00\r\n", {"state": S.SILENT}),
    ("unrecognised text", "hello world\r\n", {"state": S.UNKNOWN}),
    ("banner so far", KENTON_BANNER, {"state": S.BOOTING, **KENTON}),
    ("countdown", KENTON_BANNER + KENTON_COUNTDOWN, {"state": S.BOOT_COUNTDOWN, **KENTON}),
    (
        "countdown rewritten in place",
        KENTON_COUNTDOWN + "Boot in 9 seconds.\rBoot in 8 seconds.",
        {"state": S.BOOT_COUNTDOWN},
    ),
    (
        "interrupted to the Kenton prompt",
        KENTON_BANNER + KENTON_COUNTDOWN + KENTON_INTERRUPT,
        {"state": S.ROMMON, "prompt": "rommon 1 > ", **KENTON},
    ),
    (
        "interrupt overwrites the countdown line",
        KENTON_COUNTDOWN + "Boot interrupted.  \r\nrommon 1 >",
        {"state": S.ROMMON, "prompt": "rommon 1 >"},
    ),
    ("interrupted, prompt not yet printed", "Boot interrupted.  \r\n", {"state": S.ROMMON}),
    (
        "old ROMMON prompt",
        line("rommon_banner_old") + "\r\nBoot interrupted.\r\nUse ? for help.\r\nrommon #0>",
        {"state": S.ROMMON, "prompt": "rommon #0>", "rommon_version": "2.1(9)8"},
    ),
    ("doc prompt form", "rommon #1> ", {"state": S.ROMMON, "prompt": "rommon #1> "}),
    (
        "after a ROMMON command",
        "rommon 1 > set\r\n    ADDRESS=\r\n    IMAGE=\r\nrommon 2 > ",
        {"state": S.ROMMON, "prompt": "rommon 2 > "},
    ),
    (
        "ROMMON command still printing",
        "rommon 1 > set\r\n    ADDRESS=\r\n",
        {"state": S.ROMMON},
    ),
    (
        "password recovery disabled: erase prompt",
        KENTON_BANNER + KENTON_COUNTDOWN + ERASE_DIALOG,
        {"state": S.ROMMON_ERASE_PROMPT, "question": "Permanently erase 'disk0:'? ", **KENTON},
    ),
    (
        "erase warning before its prompt",
        "INFO: PASSWORD RECOVERY functionality is disabled.\r\n",
        {"state": S.ROMMON_ERASE_PROMPT},
    ),
    ("autoboot", KENTON_BANNER + KENTON_COUNTDOWN + AUTOBOOT, {"state": S.BOOTING, **KENTON}),
    (
        "ASA booted to the user prompt",
        AUTOBOOT + ASA_BOOT_TAIL,
        {
            "state": S.ASA_USER,
            "asa_version": "9.8(4)22",
            "hostname": "ciscoasa",
            "prompt": "ciscoasa> ",
        },
    ),
    (
        "ASA still booting",
        AUTOBOOT + line("asa_version") + "\r\n" + line("reading_flash") + "\r\n!!!!!!!!",
        {"state": S.BOOTING, "asa_version": "9.8(4)22"},
    ),
    (
        "enable prompt",
        "\r\nciscoasa# ",
        {"state": S.ASA_ENABLE, "hostname": "ciscoasa", "prompt": "ciscoasa# "},
    ),
    (
        "config prompt",
        "ciscoasa(config)# ",
        {"state": S.ASA_CONFIG, "hostname": "ciscoasa", "prompt": "ciscoasa(config)# "},
    ),
    (
        "config-if prompt",
        "ciscoasa(config-if)# ",
        {
            "state": S.ASA_CONFIG,
            "hostname": "ciscoasa",
            "prompt": "ciscoasa(config-if)# ",
        },
    ),
    (
        "failover prompt",
        "pri/act/asa-1# ",
        {
            "state": S.ASA_ENABLE,
            "hostname": "asa-1",
            "failover": "pri/act",
            "prompt": "pri/act/asa-1# ",
        },
    ),
    (
        "failover prompt, hostname first",
        "asa/pri/act> ",
        {"state": S.ASA_USER, "hostname": "asa", "failover": "pri/act", "prompt": "asa/pri/act> "},
    ),
    (
        "show version output, no prompt yet",
        "ciscoasa# show version\r\n"
        + line("asa_version")
        + "\r\n"
        + line("hardware_5506")
        + "\r\n"
        + line("rommon_version_show")
        + "\r\n",
        {
            "state": S.ASA_ENABLE,
            "hostname": "ciscoasa",
            "asa_version": "9.8(4)22",
            "model": "ASA5506",
            "rommon_version": "1.1.18",
        },
    ),
    (
        "pager",
        "ciscoasa# show run\r\n: Saved\r\n<--- More --->",
        {"state": S.ASA_MORE, "hostname": "ciscoasa", "prompt": "<--- More --->"},
    ),
    (
        "first boot setup wizard",
        ASA_BOOT_TAIL.rsplit("\r\n", 1)[0] + "\r\n" + line("preconfigure"),
        {
            "state": S.ASA_SETUP_WIZARD,
            "question": line("preconfigure"),
            "asa_version": "9.8(4)22",
            "hostname": "ciscoasa",
        },
    ),
    (
        "wizard question",
        line("wizard_firewall_mode"),
        {"state": S.ASA_SETUP_WIZARD, "question": "Firewall Mode [Routed]: "},
    ),
    (
        "wizard clock",
        "Clock (UTC):\r\n  Year [2021]: ",
        {"state": S.ASA_SETUP_WIZARD, "question": "  Year [2021]: "},
    ),
    ("login", "\r\nUsername: ", {"state": S.ASA_LOGIN, "question": "Username: "}),
    (
        "login password",
        "Username: admin\r\nPassword: ",
        {"state": S.ASA_LOGIN, "question": "Password: "},
    ),
    (
        "enable password",
        "ciscoasa> enable\r\nPassword: ",
        {"state": S.DIALOG, "hostname": "ciscoasa", "question": "Password: "},
    ),
    (
        "forced new password",
        "ciscoasa> enable\r\nEnter  Password: ",
        {"state": S.DIALOG, "question": "Enter  Password: ", "hostname": "ciscoasa"},
    ),
    (
        "repeat new password",
        "Repeat Password: ",
        {"state": S.DIALOG, "question": "Repeat Password: "},
    ),
    (
        "anonymous reporting",
        line("anon_reporting_1") + "\r\n" + line("anon_reporting_2"),
        {"state": S.DIALOG, "question": line("anon_reporting_2")},
    ),
    (
        "save before reload",
        line("save_config"),
        {"state": S.DIALOG, "question": line("save_config")},
    ),
    (
        "reload confirm",
        "ciscoasa# reload\r\n" + line("proceed_reload"),
        {"state": S.DIALOG, "question": line("proceed_reload"), "hostname": "ciscoasa"},
    ),
    (
        "copy dialog",
        line("copy_remote_host"),
        {"state": S.DIALOG, "question": line("copy_remote_host")},
    ),
    ("overwrite", line("overwrite"), {"state": S.DIALOG, "question": line("overwrite")}),
    (
        "write erase",
        line("erase_config_confirm"),
        {"state": S.DIALOG, "question": line("erase_config_confirm")},
    ),
    (
        "confreg menu",
        "rommon 1 > confreg\r\n" + line("confreg_register") + "\r\n" + line("confreg_change"),
        {"state": S.DIALOG, "question": line("confreg_change")},
    ),
    (
        "confreg option",
        line("confreg_disable_recovery"),
        {"state": S.DIALOG, "question": line("confreg_disable_recovery")},
    ),
    (
        "shutting down",
        "ciscoasa# reload\r\n"
        + line("proceed_reload")
        + "\r\n\r\n***\r\n"
        + line("graceful_shutdown")
        + "\r\n"
        + line("shutdown_finished")
        + "\r\n"
        + line("rebooting")
        + "\r\n",
        {"state": S.BOOTING, "hostname": "ciscoasa"},
    ),
    (
        "reload back to the ROMMON banner",
        line("rebooting") + "\r\n" + KENTON_BANNER,
        {"state": S.BOOTING, **KENTON},
    ),
    (
        "invalid input keeps the prompt",
        "ciscoasa# bogus\r\n      ^\r\n" + line("invalid_input") + "\r\nciscoasa# ",
        {"state": S.ASA_ENABLE, "prompt": "ciscoasa# ", "hostname": "ciscoasa"},
    ),
    (
        "ANSI colour and CR LF CR around a prompt",
        "\x1b[0m\r\n\r\x1b[1mciscoasa#\x1b[0m ",
        {"state": S.ASA_ENABLE, "prompt": "ciscoasa# ", "hostname": "ciscoasa"},
    ),
]


def feed(text: str, size: int | None) -> ProbeResult:
    normaliser, classifier = Normaliser(), Classifier()
    step = size or max(len(text), 1)
    for start in range(0, len(text), step):
        classifier.feed(normaliser.feed(text[start : start + step]))
    classifier.feed(normaliser.flush())
    return classifier.result()


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_classification_is_the_same_however_the_text_is_cut(
    name: str, text: str, expected: dict[str, Any]
) -> None:
    whole = feed(text, None)
    assert whole == ProbeResult(**expected), name
    for size in (1, 2, 7, 64):
        assert feed(text, size) == whole, f"{name}: differs when fed {size} at a time"


def test_boot_text_of_any_length_keeps_memory_bounded() -> None:
    classifier = Classifier()
    classifier.feed("#" * 50_000)  # one enormous progress line, still open
    classifier.feed("#" * 50_000)
    assert len(classifier._partial) <= 2 * LINE_KEEP
    classifier.feed("\nLFBFF signature verified.\n")
    assert classifier.result().state is ProbeState.BOOTING


def test_json_fields_are_exactly_the_documented_ones() -> None:
    data = classify("rommon 1 > ").to_json()
    assert list(data) == [
        "state",
        "model",
        "rommon_version",
        "asa_version",
        "hostname",
        "prompt",
        "failover",
        "question",
        "context",
    ]
    assert data["state"] == "rommon"
