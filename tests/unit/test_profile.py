"""TOML profiles fill what the command line left unset; the command line wins."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from rommon_toolkit.rommon.cli.profile import apply_profile, load_profile
from rommon_toolkit.rommon.errors import PreflightError


def _args(**values: object) -> argparse.Namespace:
    base = {"netmask": None, "server": None, "tftp_port": None, "yes": None}
    base.update(values)
    return argparse.Namespace(**base)


def test_command_line_wins_over_profile(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text('[recover]\nnetmask = "255.255.255.0"\nserver = "10.0.0.1"\ntftp-port = 6969\n')
    args = _args(server="10.0.0.9")
    apply_profile(args, load_profile(path, "recover"), path)
    assert (args.netmask, args.server, args.tftp_port) == ("255.255.255.0", "10.0.0.9", 6969)


def test_unknown_keys_and_yes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text('[recover]\nnetmaks = "255.255.255.0"\n')
    with pytest.raises(PreflightError, match="netmaks"):
        apply_profile(_args(), load_profile(path, "recover"), path)
    path.write_text("[recover]\nyes = true\n")
    with pytest.raises(PreflightError, match="never a site default"):
        apply_profile(_args(), load_profile(path, "recover"), path)


def test_invalid_toml_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text("[recover\n")
    with pytest.raises(PreflightError, match="not valid TOML"):
        load_profile(path, "recover")
