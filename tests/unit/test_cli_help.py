"""Every option of every command has help text and a readable metavar."""

from __future__ import annotations

import argparse

from rommon_toolkit.rommon.cli.main import build_parser


def _parsers(parser: argparse.ArgumentParser, path: str = "rommon"):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, f"{path} {name}")


def test_every_option_has_help_and_a_readable_metavar() -> None:
    missing = []
    for path, parser in _parsers(build_parser()):
        for action in parser._actions:
            if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
                continue
            name = "/".join(action.option_strings) or action.dest
            if action.help == argparse.SUPPRESS:
                continue  # hidden on purpose (a deprecated spelling)
            if not action.help:
                missing.append(f"{path} {name}: no help")
            metavar = action.metavar
            takes_value = action.option_strings and action.nargs != 0 and not action.choices
            if takes_value and metavar is None:
                missing.append(f"{path} {name}: raw metavar {action.dest.upper()}")
    assert missing == []
