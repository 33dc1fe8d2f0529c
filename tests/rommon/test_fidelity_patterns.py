"""Issue 16: the prompts, markers and questions real ASA/Firepower consoles print.

Texts from the independent peer (Unicon ASA mock data) and public captures, in
tests/fixtures/peer_lines.py; the probe's classifier must read each one right.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from rommon_toolkit.rommon.decisions import patterns as p
from rommon_toolkit.rommon.decisions.classify import classify
from rommon_toolkit.rommon.decisions.command_errors import command_error, drop_syslog
from rommon_toolkit.rommon.decisions.states import ProbeState
from tests.fixtures.peer_lines import PEER_LINES, peer

S = ProbeState

# pattern name, pattern, peer line, groups: also counted by test_patterns' coverage check
PEER_MATCHES: list[tuple[str, re.Pattern[str], str, dict[str, str]]] = [
    ("ROMMON_PROMPT", p.ROMMON_PROMPT, "rommon_bare", {"prompt": "rommon>"}),
    ("ROMMON_PROMPT", p.ROMMON_PROMPT, "rommon_n_no_space", {"counter": "0"}),
    ("ROMMON_PROMPT", p.ROMMON_PROMPT, "rommon_fp2k", {"counter": "1"}),
    ("USE_BREAK_OR_ESC", p.USE_BREAK_OR_ESC, "break_esc_ctrl_l", {}),
    ("COUNTDOWN", p.COUNTDOWN, "break_esc_ctrl_l", {}),
    ("ROMMON_BANNER", p.ROMMON_BANNER, "fp_banner", {"version": "1.0.12"}),
    ("PLATFORM", p.PLATFORM, "fp_platform", {"model": "FPR-2120", "memory_mb": "16384"}),
    ("USERNAME", p.USERNAME, "replication_in_username", {"question": "Username:"}),
    ("REPLICATION", p.REPLICATION, "replication_end", {}),
    ("REPLICATION", p.REPLICATION, "replication_from_mate", {}),
    ("REPLICATION", p.REPLICATION, "replication_in_username", {}),
    ("MORE_PROMPT", p.MORE_PROMPT, "more_ios", {"prompt": "--More--"}),
    ("MORE_PROMPT", p.MORE_PROMPT, "more_fxos", {}),
    ("MORE", p.MORE, "more_ios", {}),
    ("SAVE_CONFIG", p.SAVE_CONFIG, "save_multi_context", {}),
    ("ANONYMOUS_REPORTING_QUESTION", p.ANONYMOUS_REPORTING_QUESTION, "reporting_one_line", {}),
    ("YES_NO_QUESTION", p.YES_NO_QUESTION, "yes_no_replace", {}),
    ("YES_NO_QUESTION", p.YES_NO_QUESTION, "yes_no_continue", {}),
    ("PROCEED_WITH_RELOAD", p.PROCEED_WITH_RELOAD, "proceed_reload_fp2k", {}),
    ("LOGIN_REFUSED", p.LOGIN_REFUSED, "login_incorrect", {"refusal": "Login incorrect"}),
    ("LOGIN_REFUSED", p.LOGIN_REFUSED, "invalid_password", {"refusal": "Invalid password"}),
    ("LOGIN_REFUSED", p.LOGIN_REFUSED, "login_failed", {}),
    ("ASA_PROMPT", p.ASA_PROMPT, "prompt_context", {"name": "ciscoasa/admin"}),
    ("ASA_PROMPT", p.ASA_PROMPT, "prompt_context_config", {"mode": "config"}),
    ("ASA_PROMPT", p.ASA_PROMPT, "prompt_cfg_mode", {"mode": "cfg-foo"}),
    ("ASA_PROMPT", p.ASA_PROMPT, "prompt_ipsec_profile", {"mode": "ipsec-profile"}),
    ("ASA_PROMPT", p.ASA_PROMPT, "prompt_ca_trustpoint", {"mode": "config-ca-trustpoint"}),
    ("ASA_PROMPT", p.ASA_PROMPT, "prompt_after_replication", {"prompt": "ciscoasa#"}),
    ("ASA_PROMPT", p.ASA_PROMPT, "prompt_after_syslog", {"prompt": "ciscoasa#"}),
]

PEER_MISSES: list[tuple[str, re.Pattern[str], str]] = [
    ("ASA_PROMPT", p.ASA_PROMPT, "rommon>"),  # was classified as an ASA user prompt
    ("ASA_PROMPT", p.ASA_PROMPT, "rommon 0>"),
    ("ASA_PROMPT", p.ASA_PROMPT, "firepower-2120(local-mgmt)# "),  # FXOS, not an ASA mode
    ("YES_NO_QUESTION", p.YES_NO_QUESTION, "Proceed with reload? [confirm]"),
    ("LOGIN_REFUSED", p.LOGIN_REFUSED, "Failed logins since the last login: 0.  "),
    ("USE_BREAK_OR_ESC", p.USE_BREAK_OR_ESC, "Use SPACE to begin boot immediately."),
]


@pytest.mark.parametrize(
    ("name", "pattern", "line_name", "groups"),
    PEER_MATCHES,
    ids=[f"{m[0]}-{m[2]}" for m in PEER_MATCHES],
)
def test_pattern_matches_the_peer_line(
    name: str, pattern: re.Pattern[str], line_name: str, groups: dict[str, str]
) -> None:
    match = pattern.search(peer(line_name))
    assert match, f"{name} misses {line_name} ({PEER_LINES[line_name].source})"
    for group, value in groups.items():
        assert match[group] == value, (name, line_name, group)


@pytest.mark.parametrize(("name", "pattern", "text"), PEER_MISSES)
def test_pattern_does_not_match_the_lookalike(
    name: str, pattern: re.Pattern[str], text: str
) -> None:
    assert pattern.search(text) is None, f"{name} wrongly matches {text!r}"


CLASSIFY_CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("rommon>", peer("rommon_bare"), {"state": S.ROMMON, "prompt": "rommon>", "hostname": None}),
    ("rommon 0>", peer("rommon_n_no_space"), {"state": S.ROMMON, "hostname": None}),
    (
        "Firepower ROMMON banner",
        peer("fp_banner") + "\r\n" + peer("fp_platform") + "\r\n",
        {"state": S.BOOTING, "rommon_version": "1.0.12", "model": "FPR-2120"},
    ),
    ("CTRL+L countdown", peer("break_esc_ctrl_l") + "\r\n", {"state": S.BOOT_COUNTDOWN}),
    ("replication in Username", peer("replication_in_username"), {"state": S.ASA_LOGIN}),
    ("IOS pager", peer("more_ios"), {"state": S.ASA_MORE}),
    ("multi-context Save?", peer("save_multi_context"), {"state": S.DIALOG}),
    ("one-line reporting", peer("reporting_one_line"), {"state": S.DIALOG}),
    ("[yes/no]", peer("yes_no_continue"), {"state": S.DIALOG}),
    (
        "context prompt",
        peer("prompt_context"),
        {"state": S.ASA_ENABLE, "hostname": "ciscoasa", "context": "admin", "failover": None},
    ),
    (
        "context and failover",
        "fw01/admin/pri/act> ",
        {"state": S.ASA_USER, "hostname": "fw01", "context": "admin", "failover": "pri/act"},
    ),
    ("cfg mode", peer("prompt_cfg_mode"), {"state": S.ASA_CONFIG}),
    ("ipsec-profile mode", peer("prompt_ipsec_profile"), {"state": S.ASA_CONFIG}),
    (
        "syslog before the prompt",
        peer("prompt_after_syslog"),
        {"state": S.ASA_ENABLE, "prompt": "ciscoasa# ", "hostname": "ciscoasa"},
    ),
    (
        "replication before the prompt",
        peer("prompt_after_replication"),
        {"state": S.ASA_ENABLE, "prompt": "ciscoasa# "},
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "expected"), CLASSIFY_CASES, ids=[c[0] for c in CLASSIFY_CASES]
)
def test_classifier_reads_the_peer_text(name: str, text: str, expected: dict[str, Any]) -> None:
    result = classify(text)
    for field, value in expected.items():
        assert getattr(result, field) == value, (name, field, result)


@pytest.mark.parametrize(
    ("output", "error"),
    [
        ("% Invalid command 'y'\nValid commands:\n", "% Invalid command 'y'"),
        (
            "Syntax error: The command is not completed\n",
            "Syntax error: The command is not completed",
        ),
        ("ERROR: 'GLOBAL' is not valid\n", "ERROR: 'GLOBAL' is not valid"),
        ("ERROR: % Incomplete command\n", "ERROR: % Incomplete command"),
        (
            "       ^\nERROR: % Invalid input detected at '^' marker.\n",
            "ERROR: % Invalid input detected at '^' marker.",
        ),
        ('% Ambiguous command:  "sh st"\n', '% Ambiguous command:  "sh st"'),
        ("No such command 'x'\n", "No such command 'x'"),
    ],
)
def test_every_error_form_is_an_error(output: str, error: str) -> None:
    assert command_error(output) == error


def test_data_that_mentions_an_error_is_not_one() -> None:
    config = ": Saved\nhostname ciscoasa\nbanner motd ERROR: authorised users only\n"
    config += " description % Invalid command lab\n"
    assert command_error(config) is None


def test_syslog_lines_are_dropped_from_output() -> None:
    syslog = peer("syslog_line")
    text = f"hostname a\n{syslog}\n<165>Nov 14 2013 11:23:36: %ASA-config-5-111008: x.\nend\n"
    assert drop_syslog(text) == "hostname a\nend\n"
