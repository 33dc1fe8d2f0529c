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
from collections.abc import Sequence
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


def profile_path(argv: Sequence[str]) -> Path | None:
    """The `--profile FILE` given on the command line, if any."""
    for index, word in enumerate(argv):
        if word == "--profile" and index + 1 < len(argv):
            return Path(argv[index + 1])
        if word.startswith("--profile="):
            return Path(word.split("=", 1)[1])
    return None


def subcommand_parser(
    parser: argparse.ArgumentParser, argv: Sequence[str]
) -> tuple[str, argparse.ArgumentParser] | None:
    """The subcommand named in `argv` and its parser."""
    for action in parser._actions:  # argparse keeps subparsers here; no public accessor
        if isinstance(action, argparse._SubParsersAction):
            for word in argv:
                if word in action.choices:
                    return word, action.choices[word]
            return None
    return None


def apply_profile_defaults(parser: argparse.ArgumentParser, argv: Sequence[str]) -> None:
    """Before parsing: the profile's `[COMMAND]` table becomes that subcommand's defaults.

    Each value is converted and checked by the option's own argparse type and choices (a
    wrong value is a clear error naming the profile and the key); an option the profile gives
    is no longer required on the command line; the command line still wins.
    """
    path = profile_path(argv)
    found = subcommand_parser(parser, argv)
    if path is None or found is None:
        return
    command, sub = found
    profile = load_profile(path, command)
    if "yes" in profile:
        raise PreflightError(
            f"profile {path} sets `yes`: consent to destructive steps is never a site default",
            advice="remove `yes` from the profile and pass --yes on the command line if meant",
        )
    actions = {a.dest: a for a in sub._actions if a.option_strings and a.dest != "help"}
    unknown = sorted(key for key in profile if key not in actions or key == "profile")
    if unknown:
        valid = sorted(d.replace("_", "-") for d in actions if d not in ("profile", "yes"))
        raise PreflightError(
            f"profile {path} has keys `{command}` does not take: "
            + ", ".join(k.replace("_", "-") for k in unknown),
            advice=f"valid keys in [{command}]: {', '.join(valid)}",
        )
    defaults = {key: _converted(actions[key], item, path, command) for key, item in profile.items()}
    for key in defaults:
        actions[key].required = False
    sub.set_defaults(**defaults)


def _converted(action: argparse.Action, value: Any, path: Path, command: str) -> Any:
    """`value` as the command line would have given it, or a PreflightError naming the key."""
    key = action.dest.replace("_", "-")
    where = f"profile {path} [{command}] {key} = {value!r}"
    if action.nargs == 0:  # a flag: store_true / store_false
        if not isinstance(value, bool):
            raise PreflightError(f"{where}: must be true or false")
        return value
    if isinstance(value, (dict, list)) and action.nargs is None:
        raise PreflightError(f"{where}: must be a single value")
    values = value if isinstance(value, list) else [value]
    converted = []
    for item in values:
        if isinstance(item, (bool, dict)):
            raise PreflightError(f"{where}: must be a value, not {type(item).__name__}")
        text = str(item)
        try:
            result = action.type(text) if callable(action.type) else text
        except (argparse.ArgumentTypeError, TypeError, ValueError) as exc:
            raise PreflightError(f"{where}: {exc}") from exc
        if action.choices is not None and result not in action.choices:
            choices = ", ".join(str(c) for c in action.choices)
            raise PreflightError(f"{where}: must be one of {choices}")
        converted.append(result)
    list_like = isinstance(action, argparse._AppendAction) or action.nargs not in (None, "?")
    return converted if list_like else converted[0]
