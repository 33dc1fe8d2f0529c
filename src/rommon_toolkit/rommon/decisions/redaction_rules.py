"""ASA-specific transcript redaction rules (see console.redaction for how they apply).

Each rule captures the secret itself, so only that span of the line is masked:
`username admin password cisco privilege 15` keeps everything but `cisco`. The rules are
data: one table of (what, regex) below; `ASA_REDACTION_RULES` is what the transcript gets.

Where the ASA syntax puts the secret last or before known keywords, the whole rest is masked,
spaces included (`username bob password a b c privilege 15` masks `a b c`), since a secret
with a space must not leak its second word. `SECRET_PROMPTS` are the questions after which
the next typed line is a secret as a whole (`key config-key password-encryption` asks
`New key:` / `Old key:`; `Password:` everywhere).
"""

from __future__ import annotations

import re

# What may follow a password in `username`, `enable password` and `passwd` [D: ASA 9.x
# command reference syntax `username NAME password PW [pbkdf2|encrypted|nt-encrypted]
# [privilege N]`, `enable password PW [level N] [pbkdf2|encrypted]`, `passwd PW [encrypted]`].
_PASSWORD_TAIL = r"(?:encrypted|pbkdf2|nt-encrypted|privilege|level)"


def _rest(tail: str | None = None) -> str:
    """A secret running to the end of the line (or to the first `tail` keyword), spaces in."""
    stop = rf"\s+{tail}\b|\s*$" if tail else r"\s*$"
    return rf"(\S.*?)(?={stop})"


_WORD = r"(\S+)"

# (what it hides, the regex); group 1.. are the secrets.
RULE_TABLE: tuple[tuple[str, str], ...] = (
    # -- passwords that may hold spaces: the whole secret up to the known trailing keywords
    ("username password", rf"\busername\s+\S+\s+password\s+{_rest(_PASSWORD_TAIL)}"),
    ("enable password", rf"\benable\s+password\s+{_rest(_PASSWORD_TAIL)}"),
    ("passwd", rf"(?<![\w-])passwd\s+{_rest(_PASSWORD_TAIL)}"),
    # -- any other `password X`, `secret X`, `key-string X` (IOS-style `7 X` too); not the
    # ROMMON's `password recovery` wording
    (
        "password / secret word",
        r"(?<![\w-])(?:password|passwd|secret|key-string)\s+(?:[0-7]\s+)?(?!recovery\b)(\S+)",
    ),
    ("ldap-login-password", rf"\bldap-login-password\s+{_rest()}"),
    # `ikev1 pre-shared-key X`, `ikev2 local-authentication pre-shared-key [hex] X`,
    # `failover ipsec pre-shared-key [0|8] X`
    ("pre-shared-key", rf"\bpre-shared-key\s+(?:hex\s+|[08]\s+)?{_rest()}"),
    # `ntp authentication-key N md5|sha1|sha256|... X [encrypted]`
    (
        "ntp authentication-key",
        rf"\bntp\s+authentication-key\s+\d+\s+\S+\s+{_rest('encrypted')}",
    ),
    # `key config-key password-encryption [NEW [OLD]]`
    (
        "master passphrase",
        r"\bkey\s+config-key\s+password-encryption\s+(\S+)(?:\s+(\S+))?",
    ),
    # `crypto ca export|import TP pkcs12 PASSPHRASE [nointeractive]`
    (
        "pkcs12 passphrase",
        rf"\bcrypto\s+ca\s+(?:export|import)\s+\S+\s+pkcs12\s+{_rest('nointeractive')}",
    ),
    # aaa-server host mode ` key X`, `tacacs-server ... key X`, `failover key [hex] X`,
    # `ospf authentication-key X`; not `crypto key generate ...`, `ntp trusted-key N`,
    # `ntp server IP key N` (a key id), `key config-key password-encryption` or
    # `ntp authentication-key N md5 X` (rules above)
    (
        "key",
        r"(?<!\w)(?<!trusted-)key\s+(?!\d+\s+(?:md5|sha\d*|cmac|source|prefer)\b)(?!\d+\s*$)"
        r"(?:hex\s+|[0-7]\s+)?"
        r"(?!(?:generate|zeroize|import|export|pubkey-chain|config-key|password-encryption"
        r"|eigrp)\b)(\S+)",
    ),
    # `authentication key eigrp AS X key-id N`
    ("eigrp key", r"\bauthentication\s+key\s+eigrp\s+\d+\s+(\S+)"),
    # OSPF `message-digest-key 1 md5 X`; SNMPv3 `auth md5|sha X priv aes 128 Y`
    ("md5 key", r"\b(?:message-digest-key\s+\d+\s+md5|auth\s+(?:md5|sha\d*))\s+(\S+)"),
    ("snmp priv", r"\bpriv\s+(?:3des|des|aes\s+\d+)\s+(\S+)"),
    # `snmp-server community X`, `snmp-server host IF IP community X [version 2c]`
    ("community", r"\bcommunity\s+(?:[08]\s+)?(\S+)"),
    # credentials in a URL: `copy ftp://user:PW@host/file disk0:`
    ("url password", r"\b[a-z][a-z0-9+.-]*://[^\s:/@]+:([^\s@]+)@"),
    # the copy dialog's default, taken from that URL: `Source password [PW]?`
    ("password default", r"(?i:password)\s*\[([^\]\s][^\]]*)\]\?"),
    # the echo of what was typed at a secret prompt, when the unit or a console server echoes
    (
        "prompt echo",
        r"(?:^|\s)(?:(?i:password)(?:\s*\[[^\]]*\])?|New key|Old key|Confirm key)"
        r"\s*[:?][ \t]*(\S.*?)\s*$",
    ),
)

ASA_REDACTION_RULES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern) for _, pattern in RULE_TABLE
)

# Every rule above names one of these words in its regex (a test checks it): a line without
# any of them cannot hold a secret the rules find, and skips the rules (boot text, listings).
ASA_TRIGGER: tuple[str, ...] = (
    "password",
    "passwd",
    "secret",
    "key",
    "community",
    "priv",
    "auth",
    "pkcs12",
    "://",
)

# Lines after which a base64 block (a private key, encrypted with the pkcs12 passphrase) is
# masked whole, up to the first line that is not base64 or is `quit` (see
# console.redaction.BLOCK_BODY). (what, start regex, both directions): an import prompt
# starts the block in what is typed (the paste) and in what is received (its echo) [C,
# /tmp/research/cisco-texts.md §3.1-3.2]; a BEGIN line starts it in its own direction.
SECRET_BLOCK_TABLE: tuple[tuple[str, str, bool], ...] = (
    ("pkcs12 block", r"-----BEGIN PKCS12-----", False),
    ("pkcs12 import", r'End with the word "quit" on a line by itself', True),
    ("pkcs12 import (nointeractive)", r"Enter the PKCS12 data in base64 representation", True),
)

SECRET_BLOCKS: tuple[tuple[re.Pattern[str], bool], ...] = tuple(
    (re.compile(start), both) for _, start, both in SECRET_BLOCK_TABLE
)

# Questions after which the whole typed line is a secret (searched in the RX line in
# progress, at its end). `Password:` [C, reference §3]; `New key:` / `Old key:` of
# `key config-key password-encryption` [D: ASA command reference, interactive form].
SECRET_PROMPT_TABLE: tuple[tuple[str, str], ...] = (
    # `Password:`, `Enter new password:`, `Enable password [<use current password>]:`,
    # the copy dialog's `Source password [PW]?`
    ("password", r"(?i:password)(?:\s*\[[^\]]*\])?\s*[:?]\s*$"),
    ("master passphrase", r"(?:^|\s)(?:New key|Old key|Confirm key):\s*$"),
)

SECRET_PROMPTS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern) for _, pattern in SECRET_PROMPT_TABLE
)
