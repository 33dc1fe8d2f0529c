"""ASA command lines: keywords matched by unique prefix (`sh ver`, `conf t`, `wr mem`).

A tree of keywords ends in handlers that receive the remaining words. A word that matches
no keyword yields `CommandError` with the word's column, so the session can print the `^`
under it [C].
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Handler = Callable[[Any, "Args"], None]


@dataclass(frozen=True)
class Word:
    """A word of the command line and the column it starts at."""

    text: str
    column: int


@dataclass(frozen=True)
class Args:
    """What a handler receives: the words after its keywords, and the whole line."""

    words: tuple[Word, ...]
    line: str
    keywords: tuple[str, ...]  # the full keywords that matched, e.g. ("show", "version")

    @property
    def texts(self) -> list[str]:
        """The argument words as strings."""
        return [w.text for w in self.words]

    def column(self, index: int) -> int:
        """Column of argument `index` (end of line if there is no such word)."""
        if index < len(self.words):
            return self.words[index].column
        return len(self.line)


class CommandError(Exception):
    """The line is wrong: `column` is where the `^` goes (None: no marker)."""

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass
class Node:
    """One keyword level; `handler` runs when the words end here (or args follow)."""

    children: dict[str, Node] = field(default_factory=dict)
    handler: Handler | None = None
    takes_args: bool = False

    def add(self, path: str, handler: Handler, *, args: bool = False) -> None:
        """Register `handler` under the space-separated keywords of `path`."""
        node = self
        for keyword in path.split():
            node = node.children.setdefault(keyword, Node())
        node.handler = handler
        node.takes_args = args


def split_words(line: str) -> list[Word]:
    """Words with their columns (runs of spaces separate them)."""
    words: list[Word] = []
    column = 0
    for piece in line.split(" "):
        if piece:
            words.append(Word(piece, column))
        column += len(piece) + 1
    return words


def _match(node: Node, text: str) -> list[str]:
    lowered = text.lower()
    if lowered in node.children:
        return [lowered]
    return [k for k in node.children if k.startswith(lowered)]


@dataclass(frozen=True)
class Resolved:
    """A line matched to its handler."""

    handler: Handler
    args: Args


def resolve(root: Node, line: str, *, invalid: str, incomplete: str, ambiguous: str) -> Resolved:
    """Find the handler for `line`; CommandError says why there is none."""
    words = split_words(line)
    node = root
    keywords: list[str] = []
    for index, word in enumerate(words):
        matches = _match(node, word.text)
        if len(matches) == 1:
            node = node.children[matches[0]]
            keywords.append(matches[0])
            continue
        if node.handler is not None and node.takes_args:
            return Resolved(node.handler, Args(tuple(words[index:]), line, tuple(keywords)))
        if len(matches) > 1:
            raise CommandError(ambiguous.format(command=line.strip()), None)
        raise CommandError(invalid, word.column)
    if node.handler is None:
        raise CommandError(incomplete, None)
    return Resolved(node.handler, Args((), line, tuple(keywords)))
