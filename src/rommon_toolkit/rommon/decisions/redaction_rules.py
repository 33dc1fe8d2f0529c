"""ASA-specific transcript redaction rules (see console.redaction for how they apply).

Each rule captures the secret itself, so only that span of the line is masked:
`username admin password cisco privilege 15` keeps everything but `cisco`.
"""

from __future__ import annotations

import re

ASA_REDACTION_RULES: tuple[re.Pattern[str], ...] = (
    # enable password X / username U password X / passwd X encrypted / ... secret X
    re.compile(r"\b(?:password|passwd|secret|pre-shared-key|key-string)\s+(?:[0-7]\s+)?(\S+)"),
    # tacacs/radius `key X`, `authentication-key X`; not `crypto key generate ...`
    re.compile(
        r"(?:\b|-)key\s+(?!\d+\s+(?:md5|sha)\b)(?:[0-7]\s+)?"
        r"(?!generate\b|zeroize\b|import\b|export\b|pubkey-chain\b)(\S+)"
    ),
    # `message-digest-key 1 md5 X`, `snmp-server ... auth md5 X priv aes 128 Y`
    re.compile(r"\b(?:message-digest-key\s+\d+\s+md5|auth\s+(?:md5|sha\d*))\s+(\S+)"),
    re.compile(r"\bpriv\s+(?:3des|des|aes\s+\d+)\s+(\S+)"),
    # ROMMON/ASA `community X`
    re.compile(r"\bcommunity\s+(\S+)"),
)
