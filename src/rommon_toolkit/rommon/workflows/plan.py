"""The recovery plan: everything decided before a byte goes to the unit, and its rendering.

`--dry-run` prints `render_plan(plan)`: the checks that passed and every command that would be
sent, in order, with the conditions under which each is sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rommon_toolkit.rommon.decisions.images import ImageInfo
from rommon_toolkit.rommon.decisions.network import Addressing
from rommon_toolkit.rommon.decisions.platforms import Platform
from rommon_toolkit.rommon.decisions.variables import assignment_commands


def endpoint(server: str, port: int) -> str:
    """SERVER:PORT as the plan shows it; port 0 is the one the OS picks when the server binds."""
    return f"{server}:{port}" if port else f"{server} (UDP port chosen by the OS)"


@dataclass(frozen=True)
class PlannedCommand:
    """One command, where it is typed, and when."""

    where: str  # rommon | asa | asa-config | key
    text: str
    when: str = ""


@dataclass(frozen=True)
class RecoveryPlan:
    """A validated recovery: image, hashes, addressing, TFTP, and what follows the boot."""

    port: str
    image: Path
    info: ImageInfo
    size: int
    sha512: str
    expected_sha512: str | None
    platform: Platform | None
    addressing: Addressing
    tftp_port: int
    external_tftp: bool
    stage: bool
    verify_reload: bool
    warnings: tuple[str, ...] = field(default=())
    transport: str = "tftp"  # how the unit's `copy` stages the image (tftpdnld is TFTP)
    http_port: int = 80  # the bundled HTTP server's port with --transport http

    @property
    def rommon_variables(self) -> dict[str, str]:
        a = self.addressing
        return {
            "ADDRESS": str(a.address),
            "NETMASK": str(a.netmask),
            "GATEWAY": str(a.gateway),
            "SERVER": str(a.server),
            "IMAGE": self.image.name,
        }

    @property
    def disk0_target(self) -> str:
        return f"disk0:/{self.image.name}"

    def to_json(self) -> dict[str, Any]:
        return {
            "port": self.port,
            "image": str(self.image),
            "image_version": self.info.version,
            "size": self.size,
            "sha512": self.sha512,
            "sha512_checked_against": "expected value" if self.expected_sha512 else "none given",
            "model": self.platform.model if self.platform else "detected at the banner",
            "rommon_variables": self.rommon_variables,
            "tftp": f"{'external' if self.external_tftp else 'bundled'} "
            f"{endpoint(str(self.addressing.server), self.tftp_port)}",
            "stage": self.stage,
            "transport": self.transport,
            **(
                {"http": f"bundled {self.addressing.server}:{self.http_port}"}
                if self.transport == "http"
                else {}
            ),
            "verify_reload": self.verify_reload,
            "warnings": list(self.warnings),
        }


def rommon_commands(plan: RecoveryPlan) -> list[PlannedCommand]:
    """From wherever the unit is to the image booting from TFTP."""
    commands = [
        PlannedCommand("key", "ESC", "during the boot countdown (never SPACE)"),
        PlannedCommand("asa", "reload", "only if the unit is running ASA: asks first, or --yes"),
    ]
    commands += [PlannedCommand("rommon", c) for c in assignment_commands(plan.rommon_variables)]
    commands += [
        PlannedCommand("rommon", "set", "read back and compared with the plan"),
        PlannedCommand("rommon", "sync"),
        PlannedCommand(
            "rommon",
            "tftpdnld",
            f"served by {endpoint(str(plan.addressing.server), plan.tftp_port)}",
        ),
    ]
    commands += [
        PlannedCommand("asa", "no", "at `Pre-configure Firewall now...?` (first boot only)"),
        PlannedCommand("asa", "enable", "password from ROMMON_ENABLE_PASSWORD or asked"),
        PlannedCommand("asa", "terminal pager 0"),
        PlannedCommand("asa", "show version", "the running image must be the one served"),
    ]
    return commands


def recovery_steps(plan: RecoveryPlan) -> list[str]:
    """The steps a recovery announces, in order: the run says `[k/N] step` by this list.

    Conditional steps are listed where they would run (`mgmt-configure` only when
    Management1/1 has no address); a step the run skips keeps its number free.
    """
    steps = ["reach-rommon", "set-variables", "sync", "tftpdnld", "boot-to-prompt"]
    if plan.stage:
        steps += ["stage", "backup", "mgmt-configure", "copy-image", "verify-sha512"]
        steps += ["mgmt-undo", "boot-config", "write-memory"]
        if plan.verify_reload:
            steps.append("reload-verify")
    return steps


def render_plan(plan: RecoveryPlan, follow_on: list[PlannedCommand]) -> str:
    """Human-readable plan: the facts checked and the numbered commands."""
    a = plan.addressing
    lines = [
        "Plan: rommon recover",
        f"  console     {plan.port}",
        f"  model       {plan.platform.model if plan.platform else 'read from the ROMMON banner'}",
        f"  image       {plan.image.name} ({plan.size:,} bytes, {plan.info.version or '?'})",
        f"  sha-512     {plan.sha512}",
        f"              {'matches the expected value' if plan.expected_sha512 else 'no expected value given'}",  # noqa: E501
        f"  network     ADDRESS {a.address}  NETMASK {a.netmask}  GATEWAY {a.gateway}  "
        f"SERVER {a.server}",
        f"  tftp        {'external server' if plan.external_tftp else 'bundled server'} on "
        f"{endpoint(str(a.server), plan.tftp_port)}, serving exactly {plan.image.name}",
    ]
    if plan.stage:
        how = (
            f"over http from the bundled server on {a.server}:{plan.http_port}"
            if plan.transport == "http"
            else "over tftp from the same server"
        )
        lines.append(f"  staging     {how}")
    lines += [f"  note        {note}" for note in a.filled_in]
    lines += [f"  WARNING     {warning}" for warning in plan.warnings]
    steps = recovery_steps(plan)
    lines.append("Steps, in order (the run announces each as `[k/N] step`):")
    lines += [f"  [{n}/{len(steps)}] {name}" for n, name in enumerate(steps, 1)]
    lines.append("Commands, in order:")
    for number, command in enumerate(rommon_commands(plan) + follow_on, 1):
        when = f"   ({command.when})" if command.when else ""
        lines.append(f"  {number:2}. [{command.where}] {command.text}{when}")
    return "\n".join(lines)
