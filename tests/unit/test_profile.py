"""TOML profiles become the command's defaults before parsing; the command line wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from rommon_toolkit.rommon.cli.main import main, parse_command_line
from rommon_toolkit.rommon.cli.profile import load_profile
from rommon_toolkit.rommon.errors import PreflightError
from rommon_toolkit.rommon.exitcodes import ExitCode


def _profile(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(text)
    return path


def test_command_line_wins_over_profile(tmp_path: Path) -> None:
    path = _profile(
        tmp_path,
        '[recover]\nnetmask = "255.255.255.0"\nserver = "10.0.0.1"\ntftp-port = 6969\n'
        'port = "loop://"\nimage = "a.SPA"\nrun-dir = "site-runs"\n',
    )
    args = parse_command_line(["recover", "--profile", str(path), "--server", "10.0.0.9"])
    assert (args.netmask, args.server, args.tftp_port) == ("255.255.255.0", "10.0.0.9", 6969)
    assert args.port == "loop://"  # --port is not required when the profile gives it
    assert args.run_dir == Path("site-runs")  # converted by the option's own type
    assert args.image == Path("a.SPA")


def test_every_unit_command_takes_a_profile(tmp_path: Path) -> None:
    path = _profile(tmp_path, '[stage]\nport = "loop://"\nserver = "10.0.0.1"\nbaud = 19200\n')
    args = parse_command_line(["stage", "--profile", str(path), "--image", "x.SPA"])
    assert (args.port, args.server, args.baud) == ("loop://", "10.0.0.1", 19200)
    for command in ("probe", "console", "interrupt", "backup", "boot-repair", "reset-password"):
        path.write_text(f'[{command}]\nport = "loop://"\n')
        assert parse_command_line([command, "--profile", str(path)]).port == "loop://"


def test_a_wrong_value_names_the_profile_and_the_key(tmp_path: Path) -> None:
    path = _profile(tmp_path, '[recover]\ntftp-port = "sixty-nine"\n')
    with pytest.raises(PreflightError, match=r"tftp-port = 'sixty-nine'"):
        parse_command_line(["recover", "--profile", str(path)])
    path.write_text("[recover]\nbaud = 9601\n")
    with pytest.raises(PreflightError, match="9600"):
        parse_command_line(["recover", "--profile", str(path)])
    path.write_text("[recover]\ndry-run = 1\n")
    with pytest.raises(PreflightError, match="true or false"):
        parse_command_line(["recover", "--profile", str(path)])


def test_unknown_keys_and_yes_are_refused(tmp_path: Path) -> None:
    path = _profile(tmp_path, '[recover]\nnetmaks = "255.255.255.0"\n')
    with pytest.raises(PreflightError, match="netmaks"):
        parse_command_line(["recover", "--profile", str(path)])
    path.write_text("[recover]\nyes = true\n")
    with pytest.raises(PreflightError, match="never a site default"):
        parse_command_line(["recover", "--profile", str(path)])


def test_a_bad_profile_is_exit_3_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _profile(tmp_path, "[recover]\nnetmask = 5\nrun-dir = 7\ntftp-port = true\n")
    code = main(["recover", "--profile", str(path), "--port", "loop://", "--image", "a"])
    assert code == ExitCode.PREFLIGHT_REFUSED
    assert "tftp-port" in capsys.readouterr().err


def test_invalid_toml_is_a_clear_error(tmp_path: Path) -> None:
    path = _profile(tmp_path, "[recover\n")
    with pytest.raises(PreflightError, match="not valid TOML"):
        load_profile(path, "recover")


def test_baud_outside_the_console_speeds_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as caught:
        parse_command_line(["probe", "--port", "loop://", "--baud", "9601"])
    assert caught.value.code == ExitCode.USAGE
