"""Every piece of device text the toolkit waits for, as compiled module constants.

Each constant is tested against named real lines (tests/fixtures/reference_lines.py, from
../shared/reference/asa-console-reference.md). Patterns run on normalised text (line ends
are `\\n`, ANSI stripped; see console.normalize), tolerate trailing spaces, and prompts accept
both ROMMON forms (`rommon 1 > ` on Kenton, `rommon #0>` on older units and in Cisco docs).

Prompt and question patterns are anchored to a line and to its end (`re.MULTILINE`): they
match a line that ends with the prompt, not a prompt echoed in the middle of other text.
"""

from __future__ import annotations

import re

_M = re.MULTILINE
_END = r"[ \t]*$"  # trailing spaces, then the end of the line

# --- text the unit prints over other lines ------------------------------------------------
# Failover replication notices (`Beginning configuration replication: Sending to mate.`,
# `End Configuration Replication to mate`), which the unit prints over whatever line is shown.
REPLICATION = re.compile(
    r"(?:Beginning [Cc]onfiguration [Rr]eplication:? (?:from mate|Sending to mate)"
    r"|End [Cc]onfiguration [Rr]eplication (?:to|from) mate)\.?"
)

# --- §1.1 ROMMON banner ---------------------------------------------------------------------
ROM_IMAGE_VERIFIED = re.compile(r"Rom image verified correctly")
# `Cisco Systems ROMMON, Version 1.1.18, RELEASE SOFTWARE`; old: `... ROMMON Version (2.1(9)8) #1`;
# Firepower 1000/2100/4100: `Cisco System ROMMON, Version 1.0.12, RELEASE SOFTWARE` (singular).
ROMMON_BANNER = re.compile(
    r"Cisco Systems? ROMMON,? Version \(?(?P<version>\d+\.\d+(?:\.\d+)?(?:\(\d+\)\d*)?)"
)
ROMMON_COMPILED = re.compile(r"^Compiled \w{3} \d\d/\d\d/\d{4} [\d:.]+ by \S+", _M)
ROMMON_BOOT_DETAIL = re.compile(
    r"^(?:Current image running: |Last reset cause: |DIMM Slot \d+ : )", _M
)
# `Platform ASA5516 with 8192 Mbytes ...`; Firepower: `Platform FPR-2120 with 16384 MBytes ...`
PLATFORM = re.compile(
    r"^Platform (?P<model>ASA\d{4}[\w-]*|FPR-[\w-]+) with (?P<memory_mb>\d+) "
    r"M[Bb]ytes of main memory",
    _M,
)
MAC_ADDRESS = re.compile(
    r"^MAC Address: (?P<mac>[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}"
    r"|[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4}){2})",
    _M,
)

# --- §1.2 countdown and interrupt -----------------------------------------------------------
# 5500-X and Firepower 1000/2100: `Use BREAK or ESC ...`; Firepower 4100/9300 supervisor
# ROMMON (not a 5500-X): `Use BREAK, ESC or CTRL+L to interrupt boot.`
USE_BREAK_OR_ESC = re.compile(r"Use BREAK(?: or|, ESC or) (?:ESC|CTRL\+L) to interrupt boot\.")
USE_SPACE = re.compile(r"Use SPACE to begin boot immediately\.")
BOOT_IN_SECONDS = re.compile(r"Boot in (?P<seconds>\d+) seconds\.")
FTD_SPACE_TO_LAUNCH = re.compile(r"Use SPACE to launch Cisco FTD immediately\.")
COUNTDOWN = re.compile(
    "|".join(p.pattern for p in (USE_BREAK_OR_ESC, USE_SPACE, BOOT_IN_SECONDS, FTD_SPACE_TO_LAUNCH))
)
BOOT_INTERRUPTED = re.compile(r"Boot interrupted\.[ \t]*")
USE_HELP = re.compile(r"^Use \? for help\.", _M)
PASSWORD_RECOVERY_DISABLED = re.compile(r"PASSWORD RECOVERY functionality is disabled\.")
ROMMON_ACCESS_DISABLED = re.compile(r"Password recovery and ROMMON command line access has been")
ERASE_DISK0_PROMPT = re.compile(r"^(?P<question>Permanently erase 'disk0:'\?)" + _END, _M)

# --- §1.4 ROMMON prompt: `rommon 1 > ` (Kenton), `rommon #0>` (older units, Cisco docs), and
# the forms without a space before `>`: `rommon>`, `rommon 0>` (device-reference "ROMMON prompts")
ROMMON_PROMPT_TEXT = r"rommon(?: (?P<counter>\d+) ?>| #(?P<old_counter>\d+)>|>)"
ROMMON_PROMPT = re.compile(r"^(?P<prompt>" + ROMMON_PROMPT_TEXT + ")" + _END, _M)
ROMMON_COMMAND_ECHO = re.compile(r"^" + ROMMON_PROMPT_TEXT + r"[ \t]*(?P<command>\S.*)$", _M)
OLD_LOADER_FAILED = re.compile(r"Error 15: File not found|unable to boot an image")
BOOTING_FROM_ROMMON = re.compile(r"^Booting from ROMMON", _M)

# --- §1.3 autoboot / boot -----------------------------------------------------------------------
LOCATED = re.compile(r"^Located '(?P<file>[^']+)' @ cluster (?P<cluster>\d+)\.", _M)
ATTEMPT_AUTOBOOT = re.compile(r'^Attempt autoboot: "boot (?P<image>[^"]+)"', _M)
LFBFF_VERIFIED = re.compile(r"LFBFF signature verified\.")
INIT_BOOTING = re.compile(r"INIT: version [\d.]+ booting")
LAUNCHING_BOOTLOADER = re.compile(r"^Launching BootLoader\.\.\.", _M)

# --- §2 ROMMON variables and tftpdnld --------------------------------------------------------
ROMMON_VARIABLE = re.compile(r"^[ \t]+(?P<name>[A-Z][A-Z0-9_]*)=(?P<value>.*?)[ \t]*$", _M)
FILE_NOT_FOUND = re.compile(r"File not found")

# --- §3 ASA OS boot ------------------------------------------------------------------------
ASA_VERSION = re.compile(
    r"Cisco Adaptive Security Appliance Software Version (?P<version>\d+\.\d+\([\d.]+\)\d*)"
)
ASA_BOOT_PROGRESS = re.compile(
    r"^(?:Starting udev|Configuring network interfaces\.\.\. done|Populating dev cache"
    r"|POST started|POST finished|Total NICs found|Verify the activation-key"
    r"|Reading from flash\.\.\.|Cryptochecksum \(unchanged\)|INFO: Power-On Self-Test)",
    _M,
)
SW_DRBG_PASSED = re.compile(r"SW-DRBG health test passed")
USER_LOGGED_IN = re.compile(r"^User enable_\d+ logged in to (?P<hostname>\S+)", _M)
TYPE_HELP = re.compile(r"Type help or '\?' for a list of available commands\.")
HARDWARE = re.compile(r"^Hardware:\s+(?P<model>ASA\d{4}[\w-]*),", _M)
ROMMON_VERSION_SHOW = re.compile(r"^ROMMON Version\s+: (?P<version>\d+\.\d+(?:\.\d+)?)", _M)

# --- §3 first-boot dialogs -----------------------------------------------------------------
PRECONFIGURE = re.compile(
    r"^(?P<question>Pre-configure Firewall now through interactive prompts \[yes\]\?)" + _END, _M
)
SETUP_WIZARD_QUESTION = re.compile(
    r"^(?P<question>(?:Firewall Mode \[[^\]\n]*\]:|Enable password \[[^\]\n]*\]:"
    r"|Allow password recovery \[[^\]\n]*\]\?|[ \t]*(?:Year|Month|Day|Time) \[[^\]\n]*\]:"
    r"|Management IP address:|Management network mask:|Host name:|Domain name:"
    r"|IP address of host running Device Manager:"
    r"|Use this configuration and save to flash\? \[[^\]\n]*\]))" + _END,
    _M,
)
ENTER_NEW_PASSWORD = re.compile(r"^(?P<question>[Ee]nter +[Pp]assword:)" + _END, _M)
REPEAT_NEW_PASSWORD = re.compile(r"^(?P<question>[Rr]epeat +[Pp]assword:)" + _END, _M)
PASSWORD = re.compile(r"^(?P<question>Password:)" + _END, _M)
# A replication notice can be printed over the `Username: ` line (unicon ASA mock data).
USERNAME = re.compile(r"^(?P<question>Username:)[ \t]*(?:" + REPLICATION.pattern + r")?" + _END, _M)
# The unit refused a login or an enable password (docs/device-reference.md "Refusals").
LOGIN_REFUSED = re.compile(
    r"^[ \t]*(?P<refusal>Login incorrect|Invalid password|%Login failed|ERROR: Invalid username"
    r"|% (?:Bad passwords|Bad secrets|Access denied|Authentication failed|Login invalid))",
    _M,
)
USERNAME_ANSWERED = re.compile(r"^Username:[ \t]*\S*[ \t]*$", _M)
ANONYMOUS_REPORTING = re.compile(r"Would you like to enable anonymous error reporting")
# Two lines (`...to help improve` / `the product? [Y]es, [N]o, [A]sk later: `) or one line
# without the colon (unicon ASA mock data).
ANONYMOUS_REPORTING_QUESTION = re.compile(
    r"^(?P<question>(?:Would you like to enable anonymous error reporting to help improve )?"
    r"the product\? \[Y\]es, \[N\]o, \[A\]sk later:?)" + _END,
    _M,
)

# --- §4 ASA OS prompts and dialogs ----------------------------------------------------------
# `ciscoasa>`, `ciscoasa#`, `ciscoasa(config)#`, `ciscoasa(config-if)#`, and failover forms
# such as `pri/act/asa-1#` or `asa/pri/act>` (see `split_prompt_name`).
# Multi-context: `ciscoasa/admin#` (see `split_prompt_name`). Sub-modes: `(config-if)`,
# `(config-ca-trustpoint)`, `(cfg-...)`, `(ipsec-profile)` (docs/device-reference.md).
ASA_PROMPT_TEXT = (
    r"(?P<name>(?!rommon[ #>\d])[A-Za-z0-9][A-Za-z0-9._/-]*)"
    r"(?:\((?P<mode>(?:config|cfg|ipsec-profile)[a-z0-9-]*)\))?(?P<level>[>#])"
)
# Text the unit may print on the prompt's own line, before the prompt: a replication notice or
# an ASA syslog message (`%ASA-5-111008: ...`, `%ASA-config-5-...`, maybe timestamped).
_PROMPT_NOISE = (
    r"(?:(?:" + REPLICATION.pattern + r"|[^\n%]{0,64}%ASA-(?:[a-z]+-)?[0-7]-\d{6}:[^\n]*?\.)"
    r"[ \t]*)*"
)
ASA_PROMPT = re.compile(r"^" + _PROMPT_NOISE + r"(?P<prompt>" + ASA_PROMPT_TEXT + ")" + _END, _M)
ASA_COMMAND_ECHO = re.compile(r"^" + ASA_PROMPT_TEXT + r"[ \t]+(?P<command>\S.*)$", _M)
# Pagers: ASA `<--- More --->`; IOS-style ` --More-- ` and FXOS/Linux `--More--`.
_MORE_TEXT = r"<--- More --->|--More--"
MORE = re.compile(_MORE_TEXT)
MORE_PROMPT = re.compile(r"^[ \t]*(?P<prompt>" + _MORE_TEXT + r")" + _END, _M)
INVALID_INPUT = re.compile(r"ERROR: % Invalid input detected at '\^' marker\.")
COPY_REMOTE_HOST = re.compile(
    r"^(?P<question>Address or name of remote host \[(?P<default>[^\]\n]*)\]\?)" + _END, _M
)
COPY_SOURCE = re.compile(r"^(?P<question>Source filename \[(?P<default>[^\]\n]*)\]\?)" + _END, _M)
COPY_DESTINATION = re.compile(
    r"^(?P<question>Destination filename \[(?P<default>[^\]\n]*)\]\?)" + _END, _M
)
OVERWRITE = re.compile(r"^(?P<question>Do you want to over ?write\?(?: \[confirm\])?)" + _END, _M)
ACCESSING_TFTP = re.compile(r"Accessing tftp://(?P<url>\S+?)\.\.\.")
SIGNATURE_VALIDATED = re.compile(r"Digital signature successfully validated")
BYTES_COPIED = re.compile(r"(?P<bytes>\d+) bytes copied in (?P<seconds>[\d.]+) secs")
VERIFY_SHA512 = re.compile(
    r"verify /SHA-512 \((?P<file>[^)]+)\) = (?P<digest>[0-9a-fA-F]{128})", re.IGNORECASE
)
BUILDING_CONFIGURATION = re.compile(r"Building configuration\.\.\.")
OK = re.compile(r"^\[OK\]", _M)
SAVE_CONFIG = re.compile(
    r"^(?P<question>\S+ config has been modified\. Save\? \[Y\]es/\[N\]o"
    r"(?:/\[S\]ave all/\[C\]ancel)?:)" + _END,
    _M,
)
PROCEED_WITH_RELOAD = re.compile(r"^(?P<question>Proceed with reload\? \[confirm\])" + _END, _M)
CONFIRM = re.compile(r"^(?P<question>.*\[confirm\])" + _END, _M)
YES_OR_NO = re.compile(r"^(?P<question>Please enter 'YES' or 'NO':)" + _END, _M)
# `Do you want to continue? [yes/no]:`, `% Do you really want to replace them? [yes/no]: `
YES_NO_QUESTION = re.compile(r"^(?P<question>[^\n]*\[yes[/,]no\]:?)" + _END, _M | re.IGNORECASE)
GRACEFUL_SHUTDOWN = re.compile(r"--- START GRACEFUL SHUTDOWN ---|--- SHUTDOWN NOW ---")
PROCESS_SHUTDOWN_FINISHED = re.compile(r"Process shutdown finished")
REBOOTING = re.compile(r"^Rebooting\.\.\.", _M)
CONFIG_REGISTER_SHOW = re.compile(r"Configuration register is (?P<value>0x[0-9a-fA-F]+)")

# --- §6 confreg menu (ROMMON) ----------------------------------------------------------------
CONFREG_REGISTER = re.compile(r"Configuration Register: (?P<value>0x[0-9a-fA-F]+)")
CONFREG_CHANGE = re.compile(
    r"^(?P<question>do you wish to change the configuration\? y/n \[[yn]\]:)" + _END, _M
)
CONFREG_QUESTION = re.compile(r"^(?P<question>[^\n]*\? y/n \[[yn]\]:)" + _END, _M)
CONFREG_RESET_NEEDED = re.compile(r"You must reset or power cycle for new config to take effect")

FAILOVER_PRIORITIES = ("pri", "sec")
FAILOVER_STATES = ("act", "stby")


def split_prompt_name(name: str) -> tuple[str, str | None]:
    """(hostname, failover) from a prompt name: `pri/act/asa-1` -> (`asa-1`, `pri/act`)."""
    parts = name.split("/")
    failover = [p for p in parts if p in FAILOVER_PRIORITIES or p in FAILOVER_STATES]
    others = [p for p in parts if p not in failover]
    hostname = others[0] if others else name
    return hostname, "/".join(failover) or None


def prompt_context(name: str) -> str | None:
    """The security context of a multi-context prompt name: `asa/admin` -> `admin`."""
    parts = name.split("/")
    others = [p for p in parts if p not in FAILOVER_PRIORITIES and p not in FAILOVER_STATES]
    return others[1] if len(others) > 1 else None
