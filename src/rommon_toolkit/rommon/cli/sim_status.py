"""The human-readable form of `rommon sim status` (the JSON form is the snapshot itself)."""

from __future__ import annotations

from typing import Any


def render_status(data: dict[str, Any]) -> str:
    """Lines for an engineer: identity, mode, NVRAM, boot, disk0."""
    running = data["running"]
    lines = [
        f"unit:        {data['model']} in {data['state_dir']}",
        f"mode:        {data['mode']}" + (f" (pid {running['pid']})" if running["pid"] else ""),
        f"ROMMON:      {data['rommon_version']}   confreg {data['confreg']}   "
        f"password recovery {'enabled' if data['password_recovery'] else 'DISABLED'}",
        f"MAC/serial:  {data['mac']} / {data['serial']}",
    ]
    if running["image"]:
        lines.append(f"running:     {running['image']} ({running['source']})")
    if running.get("failover"):
        lines.append(f"failover:    {running['failover']}")
    if data["rommon_upgrade"]:
        lines.append(f"upgrade:     {data['rommon_upgrade']}")
    variables = data["nvram_variables"]
    shown = ", ".join(f"{k}={v}" for k, v in variables.items() if v) or "(none set)"
    lines.append(f"NVRAM:       {shown}")
    lines.append(f"boot lines:  {', '.join(data['boot_lines']) or '(none)'}")
    next_boot = data["next_boot"]
    lines.append(f"next boot:   {next_boot['target'] or 'ROMMON'}  ({next_boot['reason']})")
    startup = "present" if data["startup_config"] is not None else "none"
    lines.append(f"startup-config: {startup}")
    if data["faults"]:
        lines.append(f"faults:      {', '.join(data['faults'])}")
    lines.append(f"disk0:       {data['disk_free']} of {data['disk_total']} bytes free")
    for item in data["disk0"]:
        lines.append(f"  {item['size']:>12}  {item['path']}  sha512 {item['sha512'][:16]}...")
    return "\n".join(lines)
