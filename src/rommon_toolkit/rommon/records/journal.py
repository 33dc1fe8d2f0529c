"""The journal: every step is written (and flushed to disk) BEFORE it acts.

An interrupted run can then be resumed, or rolled back by hand, from what the journal says was
about to happen. Format: JSON Lines, one record per event::

    {"t": "2026-11-23T02:14:07.120+00:00", "run": "20261123-021400-recover-4f1c", "step":
     "copy-image", "phase": "begin", ...details}
    {"t": "...", "step": "copy-image", "phase": "end", "outcome": "ok", "seconds": 41.2, ...}

Journals belong to the unit, not to the console port (`UnitJournal`): they live in the state
folder (`state_folder()`) as `journals/unit-<serial>.jsonl`. Until the run has read the unit's
serial, its records go to the provisional `journals/port-<port>.jsonl`; see `UnitJournal`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rommon_toolkit.console.private_files import open_private

APP_NAME = "rommon-toolkit"
STATE_DIR_ENV = "ROMMON_STATE_DIR"
JOURNALS = "journals"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def state_folder(given: Path | None = None) -> Path:
    """Where the toolkit keeps what outlives a run: `--state-dir`, else $ROMMON_STATE_DIR, else
    the user's state folder (platformdirs: ~/.local/state/rommon-toolkit on Linux)."""
    if given is not None:
        return given.expanduser()
    from_env = os.environ.get(STATE_DIR_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs

    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def port_slug(url: str) -> str:
    """A file-name-safe, stable name for a console port."""
    text = re.sub(r"[^A-Za-z0-9]+", "-", url).strip("-")[:48]
    return f"{text}-{hashlib.sha256(url.encode()).hexdigest()[:8]}"


def _serial_slug(serial: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", serial).strip("-").upper()[:32] or "UNKNOWN"


class Journal:
    """Append-only, fsync'd record of steps; earlier runs' records are kept and readable.

    A plain Journal is one file whose unit the caller vouches for once `bind_unit` is called;
    `UnitJournal` is the one runs use.
    """

    def __init__(self, path: Path, *, run_id: str | None = None) -> None:
        self.path = path
        self.run_id = run_id
        self.serial: str | None = None
        self._stream = open_private(path, "a")  # 0600 in a 0700 folder

    def _record(self, step: str, phase: str, details: dict[str, Any]) -> dict[str, Any]:
        head: dict[str, Any] = {"t": _now()}
        if self.run_id is not None:
            head["run"] = self.run_id
        return {**head, "step": step, "phase": phase, **details}

    def write(self, step: str, phase: str, **details: Any) -> None:
        self._append(self._record(step, phase, details))

    def _append(self, *records: dict[str, Any]) -> None:
        for record in records:
            self._stream.write(json.dumps(record, default=str) + "\n")
        self._stream.flush()
        os.fsync(self._stream.fileno())

    def bind_unit(self, serial: str, **identity: Any) -> bool:
        """Name the unit these records are about; False when it was already bound to it."""
        if self.serial == serial:
            return False
        if self.serial is not None:
            raise ValueError(f"journal of {self.serial} cannot be re-bound to {serial}")
        self.serial = serial
        self.write("identify-unit", "end", serial=serial, **identity)
        return True

    def unit_records(self) -> list[dict[str, Any]]:
        """Every record of the bound unit's journal; none while the unit is not known."""
        return Journal.read(self.path) if self.serial is not None else []

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


class UnitJournal(Journal):
    """One run's journal, filed under the unit's serial once the run has read it.

    The rule:

    1. A run starts writing to the provisional `journals/port-<port>.jsonl`; every record names
       the run (`"run": <run id>`).
    2. When the run reads the serial (`bind_unit`), it appends to `journals/unit-<serial>.jsonl`
       an `identify-unit` record (serial, where it was read, the other serial, the port), then
       every provisional record of THIS run, in order, each marked `"provisional": true`, and
       writes there from then on. Only then (after an fsync) are this run's records removed
       from the provisional journal, which is deleted once empty. A crash in between leaves a
       copy in the provisional journal, never a loss.
    3. Records of other runs in the provisional journal (runs that never read a serial) stay
       there: they are attributed to no unit.
    4. Only the unit journal counts when deciding that the toolkit wrote a file on the unit
       (`unit_records`): while the serial is not known, nothing on the unit is the toolkit's.
    """

    def __init__(self, folder: Path, port: str, run_id: str) -> None:
        self.folder = folder / JOURNALS
        self.provisional_path = self.folder / f"port-{port_slug(port)}.jsonl"
        self.port = port
        super().__init__(self.provisional_path, run_id=run_id)

    def unit_path(self, serial: str) -> Path:
        return self.folder / f"unit-{_serial_slug(serial)}.jsonl"

    def bind_unit(self, serial: str, **identity: Any) -> bool:
        if self.serial == serial:
            return False
        if self.serial is not None:
            raise ValueError(f"journal of {self.serial} cannot be re-bound to {serial}")
        self._stream.close()
        mine, others = self._split_provisional()
        self.serial = serial
        self.path = self.unit_path(serial)
        self._stream = open_private(self.path, "a")  # 0600 in a 0700 folder
        self._append(
            self._record("identify-unit", "end", {"serial": serial, "port": self.port, **identity}),
            *({**record, "provisional": True} for record in mine),
        )
        self._rewrite_provisional(others)
        return True

    def _split_provisional(self) -> tuple[list[dict[str, Any]], list[str]]:
        """(this run's records, the other lines verbatim) of the provisional journal."""
        mine: list[dict[str, Any]] = []
        others: list[str] = []
        if not self.provisional_path.exists():
            return mine, others
        for line in self.provisional_path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                others.append(line)
                continue
            if isinstance(record, dict) and record.get("run") == self.run_id:
                mine.append(record)
            else:
                others.append(line)
        return mine, others

    def _rewrite_provisional(self, lines: list[str]) -> None:
        if not lines:
            self.provisional_path.unlink(missing_ok=True)
            return
        temporary = self.provisional_path.with_suffix(".jsonl.tmp")
        with open_private(temporary, "w") as stream:
            stream.write("".join(line + "\n" for line in lines))
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, self.provisional_path)
