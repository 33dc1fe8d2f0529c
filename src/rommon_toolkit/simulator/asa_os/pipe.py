"""Output filters after `|`: `include`, `exclude`, `begin` (and `grep`)."""

from __future__ import annotations

import re
from collections.abc import Callable

from rommon_toolkit.simulator.asa_os.parser import CommandError
from rommon_toolkit.simulator.texts import asa as text

OutputFilter = Callable[[list[str]], list[str]]
KINDS = ("include", "exclude", "begin", "grep")


def _make(kind: str, pattern: re.Pattern[str]) -> OutputFilter:
    def include(lines: list[str]) -> list[str]:
        return [line for line in lines if pattern.search(line)]

    def exclude(lines: list[str]) -> list[str]:
        return [line for line in lines if not pattern.search(line)]

    def begin(lines: list[str]) -> list[str]:
        for index, line in enumerate(lines):
            if pattern.search(line):
                return lines[index:]
        return []

    return {"include": include, "grep": include, "exclude": exclude, "begin": begin}[kind]


def split_pipe(line: str) -> tuple[str, OutputFilter | None]:
    """(the command, its filter); CommandError for an unknown filter keyword."""
    if "|" not in line:
        return line, None
    command, _, rest = line.partition("|")
    words = rest.split(None, 1)
    column = len(command) + 1 + (len(rest) - len(rest.lstrip()))
    if not words:
        raise CommandError(text.INCOMPLETE)
    kinds = [k for k in KINDS if k.startswith(words[0].lower())]
    if len(kinds) != 1 or len(words) < 2:
        raise CommandError(text.INVALID_INPUT, column)
    try:
        pattern = re.compile(words[1].strip())
    except re.error:
        pattern = re.compile(re.escape(words[1].strip()))
    return command.rstrip(), _make(kinds[0], pattern)
