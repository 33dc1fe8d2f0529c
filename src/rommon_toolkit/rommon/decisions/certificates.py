"""Certificates and secrets in a backup: trustpoints, the pkcs12 block, masked secrets; no I/O.

* `show crypto ca trustpoints`: ASA output not captured [NF]; only `^Trustpoint NAME:` lines are
  relied on (cisco-texts §3.4, [G] for the rest of the text).
* `crypto ca export TP pkcs12 PASSPHRASE`: a blank line, `Exported pkcs12 follows:`, then
  `-----BEGIN PKCS12-----`, base64 at 64 characters a line, `-----END PKCS12-----` [C x2,
  cisco-texts §3.1; seed 000 and 003]. A `---End - This line not part of the pkcs12---` trailer
  is tolerated, never required [G].
* Secrets the configuration shows masked (`*****`, seed 000 "The external record rows"): the
  backup cannot hold them; the manifest lists each with where it sits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PASSPHRASE_ENV = "ROMMON_BACKUP_PASSPHRASE"

_TRUSTPOINT = re.compile(r"^\s*Trustpoint (?P<name>[^\s:]+):", re.M)
_CONFIG_TRUSTPOINT = re.compile(r"^crypto ca trustpoint (?P<name>\S+)\s*$", re.M)
_BLOCK = re.compile(
    r"-----BEGIN PKCS12-----\s*\n(?P<body>[A-Za-z0-9+/=\s]+?)\n?\s*-----END PKCS12-----"
)
_MASKED = re.compile(r"\*{4,}")

# What a masked line holds, by its keyword (first match wins).
_SECRET_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bpre-shared-key\b"), "VPN pre-shared key"),
    (re.compile(r"^\s*key\b|\bserver-key\b|\btacacs|\bradius"), "AAA shared secret"),
    (re.compile(r"\bldap-login-password\b"), "AAA (LDAP) login password"),
    (re.compile(r"\bfailover key\b|\bfailover ipsec\b"), "failover key"),
    (re.compile(r"\bcommunity\b|\bsnmp-server\b"), "SNMP community / key"),
    (re.compile(r"\bpassword\b|\bpasswd\b"), "password"),
)
VAULT_ADVICE = (
    "masked (*****) in the configuration the unit prints: take it from your secrets vault "
    "(seed 000, `What to Back Up`: external record)"
)
LICENSE_ADVICE = (
    "`show license all` is saved as text, but the entitlement itself (the Smart Licensing "
    "token, an activation key's registration) is not a file on the unit: record it from the "
    "Cisco licensing portal (seed 000: screenshot of the Smart Licensing portal)"
)


@dataclass(frozen=True)
class MaskedSecret:
    """A configuration line whose secret the unit printed masked."""

    kind: str
    context: str  # the parent line (`tunnel-group 203.0.113.9 ipsec-attributes`) or ""
    line: str  # the line as printed, with its mask

    def to_json(self) -> dict[str, str]:
        return {
            "what": self.kind,
            "where": self.context or "(global)",
            "line": self.line.strip(),
            "why": VAULT_ADVICE,
        }


def parse_trustpoints(show_trustpoints: str, running_config: str = "") -> list[str]:
    """Trustpoint names from `show crypto ca trustpoints` (or, when it shows none, from the
    `crypto ca trustpoint NAME` lines of the configuration), in order, without duplicates."""
    names = [m.group("name") for m in _TRUSTPOINT.finditer(show_trustpoints)]
    if not names:
        names = [m.group("name") for m in _CONFIG_TRUSTPOINT.finditer(running_config)]
    return list(dict.fromkeys(names))


def pkcs12_block(output: str) -> str | None:
    """The exported block, BEGIN and END lines included, one base64 line each; None if absent."""
    match = _BLOCK.search(output.replace("\r", ""))
    if match is None:
        return None
    body = [line.strip() for line in match.group("body").splitlines() if line.strip()]
    if not body:
        return None
    return "\n".join(["-----BEGIN PKCS12-----", *body, "-----END PKCS12-----"]) + "\n"


def pkcs12_body_lines(block: str) -> list[str]:
    """The base64 lines of a saved block, without BEGIN/END (what `crypto ca import` takes)."""
    return [
        line.strip()
        for line in block.splitlines()
        if line.strip() and not line.strip().startswith("-----")
    ]


def masked_secrets(config: str) -> list[MaskedSecret]:
    """Every line of `config` that holds a masked secret, with its parent context."""
    found = []
    context = ""
    for raw in config.splitlines():
        line = raw.rstrip()
        if line and not line.startswith((" ", "!")):
            context = line
        if not _MASKED.search(line):
            continue
        kind = next((k for pattern, k in _SECRET_KINDS if pattern.search(line)), "secret")
        found.append(MaskedSecret(kind, context if line.startswith(" ") else "", line))
    return found
