"""Site defaults from a TOML profile; the command line always wins.

A profile holds one table per command (`[recover]`, `[stage]`, ...) with keys named as the
long options (`tftp-port` or `tftp_port`); unknown keys are refused so a typo is not ignored::

    [recover]
    netmask = "255.255.255.0"
    gateway = "192.168.1.10"
    server = "192.168.1.10"
    tftp-port = 69
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rommon_toolkit.rommon.errors import PreflightError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


def load_profile(path: Path, command: str) -> dict[str, Any]:
    """The `[command]` table of a profile, keys normalised to argparse dest names."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PreflightError(f"cannot read profile {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PreflightError(f"profile {path} is not valid TOML: {exc}") from exc
    table = data.get(command, {})
    if not isinstance(table, dict):
        raise PreflightError(f"profile {path}: [{command}] must be a table")
    return {key.replace("-", "_"): value for key, value in table.items()}


def apply_profile(args: argparse.Namespace, profile: dict[str, Any], path: Path) -> None:
    """Fill options the command line left unset (None) from the profile."""
    if "yes" in profile:
        raise PreflightError(
            f"profile {path} sets `yes`: consent to destructive steps is never a site default",
            advice="remove `yes` from the profile and pass --yes on the command line if meant",
        )
    unknown = sorted(key for key in profile if not hasattr(args, key))
    if unknown:
        valid = sorted(k.replace("_", "-") for k, v in vars(args).items() if k != "handler")
        raise PreflightError(
            f"profile {path} has keys this command does not take: {', '.join(unknown)}",
            advice=f"valid keys: {', '.join(valid)}",
        )
    for key, value in profile.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
