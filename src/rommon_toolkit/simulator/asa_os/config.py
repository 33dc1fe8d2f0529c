"""The running configuration as data, and its text form (`show running-config`).

The startup-config is this text; loading it replays each line through the configuration
commands, as the ASA does at boot. Boilerplate lines are a short [NF]-shaped selection of a
default 9.x configuration; the lines the toolkit reads (`boot system`, `interface
Management1/1` and its sub-commands, `route`, `enable password`, `username`) follow the
standard ASA forms [C].
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field

from rommon_toolkit.simulator.texts.asa import DEFAULT_HOSTNAME, DEFAULT_PAGER_LINES

DEFAULT_PROMPT = ("hostname", "context")  # [C] `prompt hostname context` in 9.x configs
PROMPT_KEYWORDS = ("hostname", "domain", "context", "priority", "state")  # [D] CLI guide
HASH_ITERATIONS = 5000  # the `$sha512$5000$` prefix of ASA pbkdf2 hashes [I]
DATA_PORTS = 8  # GigabitEthernet1/1 - 1/8 on all three models


@dataclass
class Interface:
    """One physical interface's configuration."""

    name: str
    nameif: str | None = None
    security_level: int | None = None
    address: tuple[str, str] | None = None  # (ip, mask)
    standby_address: str | None = None  # `ip address A M standby B`: the failover mate's
    shutdown: bool = True
    management_only: bool = False

    def lines(self) -> list[str]:
        """The interface block."""
        out = [f"interface {self.name}"]
        if self.management_only:
            out.append(" management-only")
        if self.shutdown:
            out.append(" shutdown")
        out.append(f" nameif {self.nameif}" if self.nameif else " no nameif")
        if self.security_level is None:
            out.append(" no security-level")
        else:
            out.append(f" security-level {self.security_level}")
        if self.address is None:
            out.append(" no ip address")
        else:
            standby = f"standby {self.standby_address} " if self.standby_address else ""
            out.append(f" ip address {self.address[0]} {self.address[1]} {standby}")
        return out


@dataclass(frozen=True)
class Route:
    """A static route: `route IFNAME NET MASK GW [METRIC]`."""

    interface: str
    network: str
    mask: str
    gateway: str
    metric: int = 1

    def line(self) -> str:
        """The config line."""
        return f"route {self.interface} {self.network} {self.mask} {self.gateway} {self.metric}"


def default_interfaces() -> dict[str, Interface]:
    """A unit without configuration: every port shut, Management1/1 management-only."""
    ports = {
        f"GigabitEthernet1/{n}": Interface(f"GigabitEthernet1/{n}")
        for n in range(1, DATA_PORTS + 1)
    }
    ports["Management1/1"] = Interface("Management1/1", management_only=True)
    return ports


@dataclass
class FailoverConfig:
    """The failover bootstrap lines; per unit, never replicated (`failover lan unit ...`)."""

    enabled: bool = False
    unit: str = "primary"  # primary | secondary
    lan_name: str | None = None
    lan_port: str | None = None
    lan_ip: tuple[str, str, str] | None = None  # (ip, mask, standby ip)

    def lines(self) -> list[str]:
        """`failover` / `no failover` and the lan lines [C] (ASA CLI guide forms [D])."""
        out = ["failover" if self.enabled else "no failover"]
        if self.enabled or self.lan_name or self.unit != "primary":
            out.append(f"failover lan unit {self.unit}")
        if self.lan_name and self.lan_port:
            out.append(f"failover lan interface {self.lan_name} {self.lan_port}")
        if self.lan_name and self.lan_ip:
            ip, mask, standby = self.lan_ip
            out.append(f"failover interface ip {self.lan_name} {ip} {mask} standby {standby}")
        return out


@dataclass
class AsaConfig:
    """Everything the simulator models of the running configuration."""

    hostname: str = DEFAULT_HOSTNAME
    domain_name: str | None = None
    enable_hash: str | None = None
    users: dict[str, tuple[str, int]] = field(default_factory=dict)  # name -> (hash, priv)
    interfaces: dict[str, Interface] = field(default_factory=default_interfaces)
    routes: list[Route] = field(default_factory=list)
    boot_system: list[str] = field(default_factory=list)
    pager_lines: int = DEFAULT_PAGER_LINES
    anonymous_reporting: bool | None = None  # None: the question was never answered
    password_recovery: bool = True
    http_server: bool = False
    # `crypto ca trustpoint NAME` blocks: name -> their sub-command lines (keys: keystore.py)
    trustpoints: dict[str, list[str]] = field(default_factory=dict)
    prompt: list[str] = field(default_factory=lambda: list(DEFAULT_PROMPT))
    failover: FailoverConfig = field(default_factory=FailoverConfig)


def hash_password(password: str, salt: bytes | None = None) -> str:
    """A pbkdf2-style hash in the ASA form `$sha512$5000$salt$digest`."""
    salt = salt if salt is not None else secrets.token_bytes(12)
    digest = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, HASH_ITERATIONS, 16)
    salt_text = base64.b64encode(salt).decode()
    return f"$sha512${HASH_ITERATIONS}${salt_text}${base64.b64encode(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    """True when `password` matches a hash made by `hash_password`."""
    parts = stored.split("$")
    if len(parts) != 5 or parts[1] != "sha512":
        return False
    try:
        salt = base64.b64decode(parts[3])
    except ValueError:
        return False
    return secrets.compare_digest(hash_password(password, salt), stored)


def checksum(text: str) -> str:
    """The `Cryptochecksum` of a config text: MD5 in four groups of eight hex digits."""
    digest = hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()
    return " ".join(digest[i : i + 8] for i in range(0, 32, 8))


def render(config: AsaConfig, *, version: str, serial: str, hardware: str) -> str:
    """The full configuration text (what `write memory` saves)."""
    lines = [
        ": Saved",
        ":",
        f": Serial Number: {serial}",
        f": Hardware:   {hardware}",
        ":",
        f"ASA Version {version} ",
        "!",
        f"hostname {config.hostname}",
    ]
    if config.domain_name:
        lines.append(f"domain-name {config.domain_name}")
    if config.enable_hash:
        lines.append(f"enable password {config.enable_hash} pbkdf2")
    if not config.password_recovery:
        lines.append("no service password-recovery")
    lines += ["names", "no mac-address auto", ""]
    for interface in config.interfaces.values():
        lines += ["!", *interface.lines()]
    lines.append("!")
    lines += [f"boot system {path}" for path in config.boot_system]
    lines += ["ftp mode passive", f"pager lines {config.pager_lines}"]
    lines += [f"mtu {i.nameif} 1500" for i in config.interfaces.values() if i.nameif is not None]
    lines += [
        *config.failover.lines(),
        "no monitor-interface service-module",
        "icmp unreachable rate-limit 1 burst-size 1",
        "no asdm history enable",
        "arp timeout 14400",
        "no arp permit-nonconnected",
        "arp rate-limit 16384",
    ]
    lines += [route.line() for route in config.routes]
    lines += [
        "timeout xlate 3:00:00",
        "timeout conn 1:00:00 half-closed 0:10:00 udp 0:02:00 sctp 0:02:00 icmp 0:00:02",
        "user-identity default-domain LOCAL",
        "aaa authentication login-history",
    ]
    if config.http_server:
        lines.append("http server enable")
    lines += [
        "no snmp-server location",
        "no snmp-server contact",
        "crypto ipsec security-association pmtu-aging infinite",
    ]
    for name, sub_lines in config.trustpoints.items():
        lines += [f"crypto ca trustpoint {name}", *(f" {line}" for line in sub_lines)]
    lines += [
        "crypto ca trustpool policy",
        "telnet timeout 5",
        "ssh stricthostkeycheck",
        "ssh timeout 5",
        "console timeout 0",
        "dynamic-access-policy-record DfltAccessPolicy",
    ]
    for name, (hashed, privilege) in sorted(config.users.items()):
        lines.append(f"username {name} password {hashed} pbkdf2 privilege {privilege}")
    lines += ["!", "prompt " + " ".join(config.prompt)]
    if config.anonymous_reporting is True:
        lines.append("call-home reporting anonymous")
    elif config.anonymous_reporting is False:
        lines.append("no call-home reporting anonymous")
    body = "\n".join(lines) + "\n"
    return body + f"Cryptochecksum:{checksum(body).replace(' ', '')}\n: end\n"
