"""Redaction by position: which spans of a line are secret, and how records hide them.

A rule is a regex with at least one group; every span captured by a group in a line is secret
(a rule without groups hides its whole match). Rules see one line at a time, never the whole
stream, and only the captured spans are replaced, so hiding the password `cisco` cannot touch
`ciscoasa>` elsewhere.

A line as typed may hold edits: BS (0x08) or DEL (0x7f) erase the character before them, and a
terminal's echo of an erase is `BS SP BS`. Rules and literal secrets are also looked for in
the *edited* line (what the device finally took), and a secret found there is masked in the raw
line from its first raw character to the next character that survived the edits, so neither
the kept nor the erased characters of a secret stay readable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

MASK = "********"

Span = tuple[int, int]
Mask = tuple[int, int, str]  # start, end, replacement

_ERASE = frozenset("\x08\x7f")
_CSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_EDITS = re.compile(r"[\x08\x7f\x1b]")

# Inside a secret block (a pkcs12 body), a line is masked whole while it is base64 (or blank);
# `quit` or any other line ends the block.
BLOCK_BODY = re.compile(r"[A-Za-z0-9+/=\s]*")
BLOCK_END = re.compile(r"\s*quit\s*")


def edited_view(line: str) -> tuple[str, list[int]]:
    """The line after its BS/DEL edits (ANSI CSI sequences dropped), and each kept
    character's index in `line`."""
    chars: list[str] = []
    where: list[int] = []
    at = 0
    while at < len(line):
        char = line[at]
        if char == "\x1b":
            csi = _CSI.match(line, at)
            if csi is not None:
                at = csi.end()
                continue
        if char in _ERASE:
            if chars:
                chars.pop()
                where.pop()
        else:
            chars.append(char)
            where.append(at)
        at += 1
    return "".join(chars), where


def in_block_body(shown: str) -> bool:
    """True for a line that continues a base64 secret block (the edited line is given)."""
    return BLOCK_BODY.fullmatch(shown) is not None and BLOCK_END.fullmatch(shown) is None


def has_edits(line: str) -> bool:
    """True when the line holds an erase or an escape sequence (its edited view differs)."""
    return _EDITS.search(line) is not None


def _rule_spans(line: str, rules: Sequence[re.Pattern[str]]) -> list[Span]:
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
    return spans


def _literal_spans(line: str, literals: Iterable[str]) -> list[Span]:
    spans: list[Span] = []
    for literal in literals:
        if not literal:
            continue
        at = line.find(literal)
        while at >= 0:
            spans.append((at, at + len(literal)))
            at = line.find(literal, at + 1)
    return spans


def _triggered(line: str, words: Sequence[str]) -> bool:
    lowered = line.lower()
    return any(word in lowered for word in words)


def secret_spans(
    line: str,
    rules: Sequence[re.Pattern[str]],
    literals: Iterable[str] = (),
    *,
    trigger: Sequence[str] | None = None,
) -> list[Span]:
    """Sorted, merged (start, end) spans of `line` that the rules capture or that hold one of
    the `literals` (exact secrets known to the caller), in the raw and in the edited line.

    `trigger`, when given, holds words (lower case) of which every rule needs one in the line
    to match at all: a line without any of them (in any case) skips the rules, not the
    literals. A substring test is far cheaper than the rules on boot text and listings.
    """
    literals = [literal for literal in literals if literal]
    edited = has_edits(line)
    view, where = edited_view(line) if edited else (line, [])
    if (
        trigger is not None
        and not _triggered(line, trigger)
        and not (edited and _triggered(view, trigger))
    ):
        rules = ()
    spans = _rule_spans(line, rules) + _literal_spans(line, literals)
    if edited:
        for start, end in _rule_spans(view, rules) + _literal_spans(view, literals):
            raw_end = where[end] if end < len(where) else len(line)
            spans.append((where[start], raw_end))
    return merge_spans(spans)


def redact_text(
    text: str, rules: Sequence[re.Pattern[str]], *, trigger: Sequence[str] | None = None
) -> str:
    """`text` with every line's secret spans replaced by MASK (for error messages and the like,
    where a whole text is at hand rather than a stream)."""
    out = []
    for line in text.splitlines(keepends=True):
        spans = secret_spans(line, rules, trigger=trigger)
        out.append(apply_masks(line, [(a, b, MASK) for a, b in spans]) if spans else line)
    return "".join(out)


def merge_spans(spans: Sequence[Span]) -> list[Span]:
    """Overlapping or touching spans joined into one."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def apply_masks(text: str, masks: Sequence[Mask]) -> str:
    """Replace each (start, end, replacement) span of `text`; overlaps keep the first."""
    out: list[str] = []
    cursor = 0
    for start, end, replacement in sorted(masks):
        if end <= cursor:
            continue
        out.append(text[cursor:start] if start > cursor else "")
        out.append(replacement if start >= cursor else "")
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
