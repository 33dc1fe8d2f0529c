"""How often the toolkit may answer: every answer and every login is bounded.

An ASA with `aaa local authentication attempts max-fail N` locks the account after N failed
logins, and a unit that re-asks a question it did not like would otherwise be answered for
ever (1,294 answers in 30 s at a multi-context `Save?`, issue 16). Counts live in the
decision context of one step (one `Driver.reach`), keyed by the question's text.
"""

from __future__ import annotations

MAX_LOGINS = 3  # console logins (Username: + Password:) per step
MAX_SAME_ANSWER = 2  # answers to the same question (same text) per step
MAX_SAME_PROMPT = 3  # the same line sent at the same prompt (`enable`, `end`) per step

Counts = tuple[tuple[str, int], ...]  # (question text, answers so far), hashable for a frozen ctx


def answered(counts: Counts, key: str) -> int:
    """How often the question `key` was answered so far."""
    return dict(counts).get(key, 0)


def count_answer(counts: Counts, key: str) -> Counts:
    """`counts` with one more answer to `key`."""
    table: dict[str, int] = dict(counts)
    table[key] = table.get(key, 0) + 1
    return tuple(sorted(table.items()))


def over_bound(counts: Counts, key: str, limit: int) -> bool:
    """True when one more answer to `key` would pass `limit`."""
    return answered(counts, key) >= limit
