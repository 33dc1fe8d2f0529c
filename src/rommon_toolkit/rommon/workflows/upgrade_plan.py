"""The upgrade plan `--dry-run` prints: the checklist and every step, numbered, per unit."""

from __future__ import annotations

from rommon_toolkit.rommon.decisions.upgrade_rules import CHECKLIST
from rommon_toolkit.rommon.workflows.upgrade_unit import UpgradeRequest

HEALTH = "show interface ip brief, show route, show xlate count, show conn count, "
HEALTH += "show vpn-sessiondb summary, show failover"


def single_steps(request: UpgradeRequest) -> list[tuple[str, str]]:
    """(unit, what) for one unit, in order."""
    target = request.target
    return [
        ("unit", "show version, show failover: failover must be off (else --peer-port)"),
        ("unit", "check: release path, the model runs the target release"),
        ("unit", f"health snapshot before: {HEALTH}"),
        (
            "unit",
            "backup: running + startup config, show version, dir, boot lines, confreg, "
            "show license all, certificates with keys (crypto ca export TP pkcs12 ********)",
        ),
        (
            "unit",
            f"stage: dir disk0: (free space), copy {request.source} {target}, verify /sha-512",
        ),
        ("unit", f"verify {target} (signature)"),
        ("unit", f"boot system {target} first, the running image as fallback"),
        ("unit", "write memory ([OK]), show running-config boot read back"),
        ("unit", "reload (consent), boot without a key, reach #"),
        ("unit", f"show version: must run {target}"),
        ("unit", "health snapshot after, diff with before (warnings with the lines)"),
    ]


def pair_steps(request: UpgradeRequest) -> list[tuple[str, str]]:
    """(unit, what) for a failover pair, in order (`active`/`standby` as found at start)."""
    target = request.target
    steps = [
        (
            "both",
            "show version, show failover: one Active, one Standby Ready, the peer is "
            "the mate (serials)",
        ),
        (
            "both",
            "check: release path hitless (point release in the major train), the model "
            "runs the target release",
        ),
        ("both", f"health snapshot before: {HEALTH}"),
        ("both", "backup (complete, certificates with keys)"),
        (
            "active",
            f"stage: copy {request.source} {target}, verify /sha-512, verify (signature)",
        ),
        ("standby", "stage the same (images do not replicate)"),
        ("active", f"boot system {target} first, the old image as fallback; write memory"),
        ("standby", "show running-config boot: the lines replicated"),
        ("active", "failover reload-standby (consent)"),
        ("standby", f"follow its boot; show version: {target}"),
        ("active", "show failover: mate on the target version and Standby Ready"),
        ("active", "no failover active (consent): the upgraded standby becomes active"),
        ("standby", "show failover: this host Active"),
        ("active", "failover reload-standby from the new active (consent) for the old one"),
        ("both", f"show version: both run {target}; show failover: Active + Standby Ready"),
    ]
    if request.restore_active:
        steps.append(("both", "--restore-active: no failover active on the new active"))
    steps.append(("both", "health snapshot after, diff with before by role"))
    return steps


def render_upgrade_plan(request: UpgradeRequest, port: str, peer: str | None) -> str:
    """Human-readable plan: the checklist, then the numbered steps."""
    lines = [
        "Plan: rommon upgrade" + (" (failover pair)" if peer else " (single unit)"),
        f"  console     {port}" + (f"   peer {peer}" if peer else ""),
        f"  image       {request.image.name} ({request.version or '?'})",
        f"  sha-512     {request.sha512}",
        f"  {request.transport:<11} bundled server on {request.server}" + _port_words(request),
        "Pre-upgrade checklist (seed points):",
    ]
    for item in CHECKLIST:
        who = "you" if item.operator else "toolkit"
        lines.append(f"  [{item.seed:2}] {item.text} ({who})")
    steps = pair_steps(request) if peer else single_steps(request)
    lines.append("Steps, in order:")
    width = max(len(unit) for unit, _ in steps)
    for number, (unit, what) in enumerate(steps, 1):
        lines.append(f"  {number:2}. {unit:<{width}}  {what}")
    return "\n".join(lines)


def _port_words(request: UpgradeRequest) -> str:
    """` UDP port 69`, ` TCP port 8080`, or the OS's choice for port 0."""
    http = request.transport == "http"
    kind, port = ("TCP", request.http_port) if http else ("UDP", request.tftp_port)
    return f" {kind} port {port}" if port else f", a {kind} port the OS chooses"
