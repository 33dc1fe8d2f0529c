"""Every pattern against the named real lines it must match, and lines it must not."""

from __future__ import annotations

import re

import pytest

from rommon_toolkit.rommon.decisions import patterns as p
from tests.fixtures.reference_lines import LINES, line
from tests.rommon.test_fidelity_patterns import PEER_MATCHES

# pattern -> [(line name, {group: expected value})]
MATCHES: list[tuple[str, re.Pattern[str], str, dict[str, str]]] = [
    ("ROM_IMAGE_VERIFIED", p.ROM_IMAGE_VERIFIED, "rom_verified", {}),
    ("ROMMON_BANNER", p.ROMMON_BANNER, "rommon_banner_1118", {"version": "1.1.18"}),
    ("ROMMON_BANNER", p.ROMMON_BANNER, "rommon_banner_1114", {"version": "1.1.14"}),
    ("ROMMON_BANNER", p.ROMMON_BANNER, "rommon_banner_old", {"version": "2.1(9)8"}),
    ("ROMMON_COMPILED", p.ROMMON_COMPILED, "compiled", {}),
    ("ROMMON_BOOT_DETAIL", p.ROMMON_BOOT_DETAIL, "reset_cause", {}),
    ("ROMMON_BOOT_DETAIL", p.ROMMON_BOOT_DETAIL, "dimm", {}),
    ("PLATFORM", p.PLATFORM, "platform_5516", {"model": "ASA5516", "memory_mb": "8192"}),
    ("PLATFORM", p.PLATFORM, "platform_5506", {"model": "ASA5506", "memory_mb": "4096"}),
    ("MAC_ADDRESS", p.MAC_ADDRESS, "mac_address", {"mac": "70:b3:17:ce:ba:7d"}),
    ("USE_BREAK_OR_ESC", p.USE_BREAK_OR_ESC, "use_break_or_esc", {}),
    ("USE_SPACE", p.USE_SPACE, "use_space", {}),
    ("BOOT_IN_SECONDS", p.BOOT_IN_SECONDS, "boot_in", {"seconds": "10"}),
    ("COUNTDOWN", p.COUNTDOWN, "use_break_or_esc", {}),
    ("COUNTDOWN", p.COUNTDOWN, "use_space", {}),
    ("COUNTDOWN", p.COUNTDOWN, "boot_in", {}),
    ("BOOT_INTERRUPTED", p.BOOT_INTERRUPTED, "boot_interrupted", {}),
    ("USE_HELP", p.USE_HELP, "use_help", {}),
    ("PASSWORD_RECOVERY_DISABLED", p.PASSWORD_RECOVERY_DISABLED, "recovery_disabled_info", {}),
    ("ROMMON_ACCESS_DISABLED", p.ROMMON_ACCESS_DISABLED, "recovery_disabled_warning", {}),
    (
        "ERASE_DISK0_PROMPT",
        p.ERASE_DISK0_PROMPT,
        "erase_prompt",
        {"question": "Permanently erase 'disk0:'?"},
    ),
    (
        "ROMMON_PROMPT",
        p.ROMMON_PROMPT,
        "rommon_prompt_kenton",
        {"prompt": "rommon 1 >", "counter": "1"},
    ),
    ("ROMMON_PROMPT", p.ROMMON_PROMPT, "rommon_prompt_kenton_bare", {"counter": "1"}),
    ("ROMMON_PROMPT", p.ROMMON_PROMPT, "rommon_prompt_counter", {"counter": "8"}),
    ("ROMMON_PROMPT", p.ROMMON_PROMPT, "rommon_prompt_old", {"old_counter": "0"}),
    ("ROMMON_PROMPT", p.ROMMON_PROMPT, "rommon_prompt_doc", {"old_counter": "1"}),
    ("OLD_LOADER_FAILED", p.OLD_LOADER_FAILED, "old_loader_failed", {}),
    ("BOOTING_FROM_ROMMON", p.BOOTING_FROM_ROMMON, "booting_from_rommon", {}),
    ("LOCATED", p.LOCATED, "located_boot_string", {"file": ".boot_string", "cluster": "997554"}),
    ("LOCATED", p.LOCATED, "located_image", {"file": "asa984-22-lfbff-k8.SPA"}),
    (
        "ATTEMPT_AUTOBOOT",
        p.ATTEMPT_AUTOBOOT,
        "attempt_autoboot",
        {"image": "disk0:/asa984-22-lfbff-k8.SPA"},
    ),
    ("LFBFF_VERIFIED", p.LFBFF_VERIFIED, "lfbff_verified", {}),
    ("INIT_BOOTING", p.INIT_BOOTING, "init_booting", {}),
    ("ROMMON_VARIABLE", p.ROMMON_VARIABLE, "set_address", {"name": "ADDRESS", "value": ""}),
    ("ROMMON_VARIABLE", p.ROMMON_VARIABLE, "set_ps1", {"name": "PS1", "value": '"rommon ! > "'}),
    ("FILE_NOT_FOUND", p.FILE_NOT_FOUND, "file_not_found", {}),
    ("ASA_VERSION", p.ASA_VERSION, "asa_version", {"version": "9.8(4)22"}),
    ("ASA_BOOT_PROGRESS", p.ASA_BOOT_PROGRESS, "configuring_network", {}),
    ("ASA_BOOT_PROGRESS", p.ASA_BOOT_PROGRESS, "post_started", {}),
    ("ASA_BOOT_PROGRESS", p.ASA_BOOT_PROGRESS, "reading_flash", {}),
    ("SW_DRBG_PASSED", p.SW_DRBG_PASSED, "drbg_passed", {}),
    ("USER_LOGGED_IN", p.USER_LOGGED_IN, "logged_in", {"hostname": "ciscoasa"}),
    ("TYPE_HELP", p.TYPE_HELP, "type_help", {}),
    ("HARDWARE", p.HARDWARE, "hardware_5506", {"model": "ASA5506"}),
    ("ROMMON_VERSION_SHOW", p.ROMMON_VERSION_SHOW, "rommon_version_show", {"version": "1.1.18"}),
    ("PRECONFIGURE", p.PRECONFIGURE, "preconfigure", {}),
    (
        "SETUP_WIZARD_QUESTION",
        p.SETUP_WIZARD_QUESTION,
        "wizard_firewall_mode",
        {"question": "Firewall Mode [Routed]:"},
    ),
    ("SETUP_WIZARD_QUESTION", p.SETUP_WIZARD_QUESTION, "wizard_enable_password", {}),
    ("SETUP_WIZARD_QUESTION", p.SETUP_WIZARD_QUESTION, "wizard_allow_recovery", {}),
    ("SETUP_WIZARD_QUESTION", p.SETUP_WIZARD_QUESTION, "wizard_year", {}),
    ("SETUP_WIZARD_QUESTION", p.SETUP_WIZARD_QUESTION, "wizard_time", {}),
    ("SETUP_WIZARD_QUESTION", p.SETUP_WIZARD_QUESTION, "wizard_mgmt_ip", {}),
    ("SETUP_WIZARD_QUESTION", p.SETUP_WIZARD_QUESTION, "wizard_host_name", {}),
    ("SETUP_WIZARD_QUESTION", p.SETUP_WIZARD_QUESTION, "wizard_save", {}),
    ("ENTER_NEW_PASSWORD", p.ENTER_NEW_PASSWORD, "enter_password", {}),
    ("ENTER_NEW_PASSWORD", p.ENTER_NEW_PASSWORD, "enter_password_one_space", {}),
    ("REPEAT_NEW_PASSWORD", p.REPEAT_NEW_PASSWORD, "repeat_password", {}),
    ("PASSWORD", p.PASSWORD, "password", {"question": "Password:"}),
    ("USERNAME", p.USERNAME, "username", {}),
    ("ANONYMOUS_REPORTING", p.ANONYMOUS_REPORTING, "anon_reporting_1", {}),
    ("ANONYMOUS_REPORTING_QUESTION", p.ANONYMOUS_REPORTING_QUESTION, "anon_reporting_2", {}),
    (
        "ASA_PROMPT",
        p.ASA_PROMPT,
        "asa_user_prompt",
        {"prompt": "ciscoasa>", "name": "ciscoasa", "level": ">"},
    ),
    ("ASA_PROMPT", p.ASA_PROMPT, "asa_enable_prompt", {"name": "ciscoasa", "level": "#"}),
    ("ASA_PROMPT", p.ASA_PROMPT, "asa_config_prompt", {"mode": "config", "level": "#"}),
    ("ASA_PROMPT", p.ASA_PROMPT, "asa_config_if_prompt", {"mode": "config-if"}),
    ("ASA_PROMPT", p.ASA_PROMPT, "failover_prompt", {"name": "pri/act/asa-1", "level": "#"}),
    ("ASA_PROMPT", p.ASA_PROMPT, "failover_prompt_host_first", {"name": "asa/pri/act"}),
    ("MORE", p.MORE, "more", {}),
    ("MORE_PROMPT", p.MORE_PROMPT, "more", {"prompt": "<--- More --->"}),
    ("INVALID_INPUT", p.INVALID_INPUT, "invalid_input", {}),
    ("COPY_REMOTE_HOST", p.COPY_REMOTE_HOST, "copy_remote_host", {"default": "192.168.255.11"}),
    ("COPY_REMOTE_HOST", p.COPY_REMOTE_HOST, "copy_remote_host_empty", {"default": ""}),
    ("COPY_SOURCE", p.COPY_SOURCE, "copy_source", {"default": "asa634-45-smp-k8.bin"}),
    (
        "COPY_DESTINATION",
        p.COPY_DESTINATION,
        "copy_destination",
        {"default": "asa964-45-smp-k8.bin"},
    ),
    (
        "ACCESSING_TFTP",
        p.ACCESSING_TFTP,
        "accessing_tftp",
        {"url": "192.168.255.11/asa964-45-smp-k8.bin"},
    ),
    ("OVERWRITE", p.OVERWRITE, "overwrite", {}),
    ("SIGNATURE_VALIDATED", p.SIGNATURE_VALIDATED, "signature_ok", {}),
    ("BYTES_COPIED", p.BYTES_COPIED, "bytes_copied", {"bytes": "109776224", "seconds": "1068.860"}),
    (
        "VERIFY_SHA512",
        p.VERIFY_SHA512,
        "verify_sha512",
        {"file": "disk0:/asa984-22-lfbff-k8.SPA", "digest": "ab" * 64},
    ),
    ("BUILDING_CONFIGURATION", p.BUILDING_CONFIGURATION, "building_config", {}),
    ("OK", p.OK, "ok", {}),
    ("CONFIRM", p.CONFIRM, "erase_config_confirm", {}),
    ("CONFIRM", p.CONFIRM, "proceed_reload", {}),
    ("SAVE_CONFIG", p.SAVE_CONFIG, "save_config", {}),
    ("SAVE_CONFIG", p.SAVE_CONFIG, "save_config_multi", {}),
    ("PROCEED_WITH_RELOAD", p.PROCEED_WITH_RELOAD, "proceed_reload", {}),
    ("YES_OR_NO", p.YES_OR_NO, "ftd_yes_no", {}),
    ("GRACEFUL_SHUTDOWN", p.GRACEFUL_SHUTDOWN, "graceful_shutdown", {}),
    ("PROCESS_SHUTDOWN_FINISHED", p.PROCESS_SHUTDOWN_FINISHED, "shutdown_finished", {}),
    ("REBOOTING", p.REBOOTING, "rebooting", {}),
    ("CONFIG_REGISTER_SHOW", p.CONFIG_REGISTER_SHOW, "config_register", {"value": "0x1"}),
    ("CONFREG_REGISTER", p.CONFREG_REGISTER, "confreg_register", {"value": "0x00000001"}),
    ("CONFREG_CHANGE", p.CONFREG_CHANGE, "confreg_change", {}),
    (
        "CONFREG_QUESTION",
        p.CONFREG_QUESTION,
        "confreg_disable_recovery",
        {"question": 'disable "password recovery"? y/n [n]:'},
    ),
    ("CONFREG_QUESTION", p.CONFREG_QUESTION, "confreg_ignore_config", {}),
    ("CONFREG_QUESTION", p.CONFREG_QUESTION, "confreg_baud", {}),
    ("CONFREG_RESET_NEEDED", p.CONFREG_RESET_NEEDED, "confreg_reset_needed", {}),
]

# Lines a pattern must NOT match: the traps the reference warns about.
MISSES: list[tuple[str, re.Pattern[str], str]] = [
    ("ROMMON_PROMPT", p.ROMMON_PROMPT, "rommon 1 > set"),  # a command echo is not a prompt
    ("ROMMON_PROMPT", p.ROMMON_PROMPT, "ciscoasa> "),
    ("ASA_PROMPT", p.ASA_PROMPT, "rommon 1 > "),
    ("ASA_PROMPT", p.ASA_PROMPT, "#"),  # the autoboot progress line
    ("ASA_PROMPT", p.ASA_PROMPT, "#" * 80),
    ("ASA_PROMPT", p.ASA_PROMPT, "ciscoasa# show version"),
    ("ASA_PROMPT", p.ASA_PROMPT, "<--- More --->"),
    ("PASSWORD", p.PASSWORD, "Enter  Password: "),
    ("PASSWORD", p.PASSWORD, "Note: Save your configuration so that the password persists"),
    ("ERASE_DISK0_PROMPT", p.ERASE_DISK0_PROMPT, "configurations, passwords, images in 'disk0:'"),
    ("BOOT_INTERRUPTED", p.BOOT_INTERRUPTED, "Use BREAK or ESC to interrupt boot."),
    ("USERNAME", p.USERNAME, "Username: admin"),
    ("PLATFORM", p.PLATFORM, "Hardware:   ASA5506, 4096 MB RAM"),
]


@pytest.mark.parametrize(
    ("name", "pattern", "line_name", "groups"), MATCHES, ids=[f"{m[0]}-{m[2]}" for m in MATCHES]
)
def test_pattern_matches_the_named_reference_line(
    name: str, pattern: re.Pattern[str], line_name: str, groups: dict[str, str]
) -> None:
    text = line(line_name)
    match = pattern.search(text)
    assert match, f"{name} does not match {line_name} ({LINES[line_name].source}): {text!r}"
    for group, value in groups.items():
        assert match[group] == value, (name, line_name, group)


@pytest.mark.parametrize(
    ("name", "pattern", "text"), MISSES, ids=[f"{m[0]}-{i}" for i, m in enumerate(MISSES)]
)
def test_pattern_does_not_match_a_lookalike(name: str, pattern: re.Pattern[str], text: str) -> None:
    assert pattern.search(text) is None, f"{name} wrongly matches {text!r}"


@pytest.mark.parametrize("trailing", ["", " ", "  ", " \t "])
def test_prompts_tolerate_trailing_whitespace(trailing: str) -> None:
    assert p.ROMMON_PROMPT.search("rommon 1 >" + trailing)
    assert p.ROMMON_PROMPT.search("rommon #0>" + trailing)
    assert p.ASA_PROMPT.search("ciscoasa#" + trailing)
    assert p.ERASE_DISK0_PROMPT.search("Permanently erase 'disk0:'?" + trailing)
    assert p.BOOT_INTERRUPTED.fullmatch("Boot interrupted." + trailing)


def test_prompts_match_at_the_end_of_longer_text() -> None:
    text = "Boot interrupted.  \nrommon 1 > "
    match = p.ROMMON_PROMPT.search(text)
    assert match
    assert match.end() == len(text)


@pytest.mark.parametrize(
    ("name", "hostname", "failover"),
    [
        ("ciscoasa", "ciscoasa", None),
        ("pri/act/asa-1", "asa-1", "pri/act"),
        ("asa/pri/act", "asa", "pri/act"),
        ("asa/sec/stby", "asa", "sec/stby"),
        ("fw01/admin/pri/act", "fw01", "pri/act"),
    ],
)
def test_split_prompt_name(name: str, hostname: str, failover: str | None) -> None:
    assert p.split_prompt_name(name) == (hostname, failover)


def test_every_public_pattern_is_tested() -> None:
    tested = {m[0] for m in MATCHES} | {m[0] for m in PEER_MATCHES}
    public = {n for n, v in vars(p).items() if isinstance(v, re.Pattern) and not n.startswith("_")}
    untested = (
        public
        - tested
        - {
            "USERNAME_ANSWERED",
            "ASA_COMMAND_ECHO",
            "ROMMON_COMMAND_ECHO",
            "FTD_SPACE_TO_LAUNCH",
            "LAUNCHING_BOOTLOADER",
        }
    )
    assert not untested, f"patterns without a named-line test: {sorted(untested)}"


def test_command_echo_patterns() -> None:
    assert p.ROMMON_COMMAND_ECHO.search("rommon 1 > set")["command"] == "set"  # type: ignore[index]
    assert p.ASA_COMMAND_ECHO.search("ciscoasa# show version")["command"] == "show version"  # type: ignore[index]
    assert p.USERNAME_ANSWERED.search("Username: admin")
    assert p.FTD_SPACE_TO_LAUNCH.search("Use SPACE to launch Cisco FTD immediately.")
    assert p.LAUNCHING_BOOTLOADER.search("Launching BootLoader...")
