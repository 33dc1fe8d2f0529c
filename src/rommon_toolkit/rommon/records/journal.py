"""The journal: every step is written (and flushed to disk) BEFORE it acts.

An interrupted run can then be resumed, or rolled back by hand, from what the journal says was
about to happen. Format: JSON Lines, one record per event::

    {"t": "2026-11-23T02:14:07.120+00:00", "step": "copy-image", "phase": "begin", ...details}
    {"t": "...", "step": "copy-image", "phase": "end", "outcome": "ok", "seconds": 41.2, ...}
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rommon_toolkit.console.private_files import open_private


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class Journal:
    """Append-only, fsync'd record of steps; earlier runs' records are kept and readable."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stream = open_private(path, "a")  # 0600 in a 0700 folder

    def write(self, step: str, phase: str, **details: Any) -> None:
        record = {"t": _now(), "step": step, "phase": phase, **details}
        self._stream.write(json.dumps(record, default=str) + "\n")
        self._stream.flush()
        os.fsync(self._stream.fileno())

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @staticmethod
    def read(path: Path) -> list[dict[str, Any]]:
        """All records of a journal file (a torn last line from a crash is skipped)."""
        if not path.exists():
            return []
        records = []
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                continue
        return records
