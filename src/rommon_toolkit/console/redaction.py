"""Redaction by position: which spans of a line are secret, and how records hide them.

A rule is a regex with at least one group; every span captured by a group in a line is secret
(a rule without groups hides its whole match). Rules see one line at a time, never the whole
stream, and only the captured spans are replaced, so hiding the password `cisco` cannot touch
`ciscoasa>` elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MASK = "********"

Span = tuple[int, int]


def secret_spans(line: str, rules: Sequence[re.Pattern[str]]) -> list[Span]:
    """Sorted, merged (start, end) spans of `line` that the rules capture."""
    spans: list[Span] = []
    for rule in rules:
        for match in rule.finditer(line):
            if rule.groups == 0:
                spans.append(match.span())
                continue
            for group in range(1, rule.groups + 1):
                start, end = match.span(group)
                if start >= 0 and end > start:
                    spans.append((start, end))
    return merge_spans(spans)


def merge_spans(spans: Sequence[Span]) -> list[Span]:
    """Overlapping or touching spans joined into one."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def apply_masks(text: str, masks: Sequence[tuple[int, int, bool]]) -> str:
    """Replace (start, end, first) spans: a secret's first piece by MASK, later pieces by ''."""
    out: list[str] = []
    cursor = 0
    for start, end, first in sorted(masks):
        if start < cursor:
            continue
        out.append(text[cursor:start])
        out.append(MASK if first else "")
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
