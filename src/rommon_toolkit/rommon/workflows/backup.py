"""Back up what the unit holds, over the console only, into a folder with a manifest.

The files hold secrets (`more system:running-config` shows keys unmasked where the device
allows) and are kept verbatim, as the source of a restore: the folders are created 0700 and
the files 0600 whatever the umask (`console.private_files`). The transcript of the same run
never holds those secrets (it is redacted as it is written).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from rommon_toolkit.console.private_files import private_folder, write_private_bytes
from rommon_toolkit.rommon.decisions.parsers import VersionInfo, parse_show_version
from rommon_toolkit.rommon.device.asa_runner import AsaRunner
from rommon_toolkit.rommon.feedback import Feedback

BACKUP_COMMANDS: tuple[tuple[str, str], ...] = (
    ("running-config.cfg", "more system:running-config"),
    ("show-version.txt", "show version"),
    ("dir-disk0.txt", "dir disk0:"),
    ("show-bootvar.txt", "show bootvar"),
    ("running-config-boot.txt", "show running-config boot"),
)
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Backup:
    """Where a backup went and what it holds."""

    folder: Path
    files: dict[str, str]  # file name -> sha256
    version: VersionInfo


def _write_private(path: Path, text: str) -> str:
    data = text.encode("utf-8")
    write_private_bytes(path, data, exclusive=True)
    return hashlib.sha256(data).hexdigest()


def new_folder(out_dir: Path, label: str) -> Path:
    """`out_dir/<label>-<UTC timestamp>`, never reusing an existing folder."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    private_folder(out_dir)
    for attempt in range(1000):
        folder = out_dir / (f"{label}-{stamp}" + (f"-{attempt}" if attempt else ""))
        try:
            private_folder(folder, exist_ok=False)
        except FileExistsError:
            continue
        return folder
    raise FileExistsError(f"no free backup folder name under {out_dir}")


def take_backup(asa: AsaRunner, out_dir: Path, feedback: Feedback) -> Backup:
    """Run every backup command and write the outputs, `confreg.txt` and the manifest."""
    outputs = {name: asa.run(command) for name, command in BACKUP_COMMANDS}
    version = parse_show_version(outputs["show-version.txt"])
    host = _hostname(outputs["running-config.cfg"]) or "asa"
    folder = new_folder(out_dir, host)
    files = {name: _write_private(folder / name, text) for name, text in outputs.items()}
    confreg = f"{version.confreg or 'unknown'}"
    if version.confreg_next:
        confreg += f" (will be {version.confreg_next} at next reload)"
    files["confreg.txt"] = _write_private(folder / "confreg.txt", confreg + "\n")
    manifest = {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "hostname": host,
        "model": version.model,
        "asa_version": version.asa_version,
        "system_image": version.system_image,
        "confreg": confreg,
        "files": {
            name: {"sha256": digest, "command": dict(BACKUP_COMMANDS).get(name, "show version")}
            for name, digest in files.items()
        },
    }
    _write_private(folder / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    feedback.tell(f"backup written to {folder} (contains secrets: keep it private)")
    return Backup(folder, files, version)


def _hostname(config: str) -> str | None:
    for line in config.splitlines():
        if line.startswith("hostname "):
            return line.split(maxsplit=1)[1].strip()
    return None


def verify_manifest(folder: Path) -> list[str]:
    """Files whose sha256 no longer matches the manifest (empty when the backup is intact)."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    bad = []
    for name, entry in manifest["files"].items():
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        if digest != entry["sha256"]:
            bad.append(name)
    return bad
