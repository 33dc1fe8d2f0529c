"""Back up what the unit holds, over the console only, into a folder with a manifest.

The complete backup of seed 000 ("What to Back Up Before Touching Anything"): running and
startup configuration, `show version`, `dir`, the boot lines, the config register, `show
license all`, and every trustpoint's certificates WITH their keys (`crypto ca export TP pkcs12
PASSPHRASE` into `TP.p12.b64`; the passphrase only from $ROMMON_BACKUP_PASSPHRASE, sent as a
secret so the transcript masks it, and the base64 block masked there too). The manifest's
`not_backed_up` lists what is not in the folder and why: secrets the unit prints masked
(PSKs, AAA keys: the operator's vault), the licence entitlement, a trustpoint that would not
export, an optional command the unit rejected.

The files hold secrets (`more system:running-config` shows keys unmasked where the device
allows) and are kept verbatim, as the source of a restore: the folders are created 0700 and
the files 0600 whatever the umask (`console.private_files`). The transcript of the same run
never holds those secrets (it is redacted as it is written).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from rommon_toolkit.console.private_files import private_folder, write_private_bytes
from rommon_toolkit.rommon.decisions.certificates import (
    LICENSE_ADVICE,
    PASSPHRASE_ENV,
    masked_secrets,
    parse_trustpoints,
    pkcs12_block,
)
from rommon_toolkit.rommon.decisions.parsers import VersionInfo, parse_show_version
from rommon_toolkit.rommon.device.asa_runner import AsaRunner
from rommon_toolkit.rommon.errors import DeviceRefusedError, PreflightError
from rommon_toolkit.rommon.feedback import Feedback

BACKUP_COMMANDS: tuple[tuple[str, str], ...] = (
    ("running-config.cfg", "more system:running-config"),
    ("show-version.txt", "show version"),
    ("dir-disk0.txt", "dir disk0:"),
    ("show-bootvar.txt", "show bootvar"),
    ("running-config-boot.txt", "show running-config boot"),
)
# Optional: a unit that rejects one of these is backed up without it (listed in the manifest).
OPTIONAL_COMMANDS: tuple[tuple[str, str], ...] = (
    ("startup-config.cfg", "show startup-config"),
    ("show-license-all.txt", "show license all"),
    ("show-crypto-ca-trustpoints.txt", "show crypto ca trustpoints"),
)
MANIFEST = "manifest.json"
CERTIFICATE_SUFFIX = ".p12.b64"


@dataclass(frozen=True)
class Backup:
    """Where a backup went and what it holds."""

    folder: Path
    files: dict[str, str]  # file name -> sha256
    version: VersionInfo
    trustpoints: tuple[str, ...] = ()  # exported, each in `TP.p12.b64`
    not_backed_up: tuple[dict[str, str], ...] = ()


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


def backup_passphrase(env: dict[str, str] | None = None) -> str | None:
    """The pkcs12 passphrase from $ROMMON_BACKUP_PASSPHRASE (never argv); None when unset."""
    value = (env if env is not None else dict(os.environ)).get(PASSPHRASE_ENV)
    if not value:
        return None
    if any(char.isspace() or char == "?" for char in value) or not value.isprintable():
        raise PreflightError(
            f"${PASSPHRASE_ENV} holds a space, a `?` or a control character",
            "the ASA takes the pkcs12 passphrase as one word on the command line: choose one "
            "without spaces or `?`, and keep it in your vault",
        )
    return value


def take_backup(
    asa: AsaRunner, out_dir: Path, feedback: Feedback, *, passphrase: str | None = None
) -> Backup:
    """Run every backup command and write the outputs, `confreg.txt` and the manifest."""
    outputs = {name: asa.run(command) for name, command in BACKUP_COMMANDS}
    missing: list[dict[str, str]] = []
    commands = dict(BACKUP_COMMANDS)
    for name, command in OPTIONAL_COMMANDS:
        try:
            outputs[name] = asa.run(command)
            commands[name] = command
        except DeviceRefusedError as exc:
            missing.append({"what": name, "why": f"the unit rejected `{command}`: {exc.message}"})
    version = parse_show_version(outputs["show-version.txt"])
    host = _hostname(outputs["running-config.cfg"]) or "asa"
    folder = new_folder(out_dir, host)
    files = {name: _write_private(folder / name, text) for name, text in outputs.items()}
    confreg = f"{version.confreg or 'unknown'}"
    if version.confreg_next:
        confreg += f" (will be {version.confreg_next} at next reload)"
    files["confreg.txt"] = _write_private(folder / "confreg.txt", confreg + "\n")
    commands["confreg.txt"] = "show version"
    trustpoints = parse_trustpoints(
        outputs.get("show-crypto-ca-trustpoints.txt", ""), outputs["running-config.cfg"]
    )
    exported = _export_certificates(
        asa, folder, trustpoints=trustpoints, passphrase=passphrase, files=files, missing=missing
    )
    commands.update(
        {f"{tp}{CERTIFICATE_SUFFIX}": f"crypto ca export {tp} pkcs12 ********" for tp in exported}
    )
    missing += [secret.to_json() for secret in masked_secrets(outputs["running-config.cfg"])]
    missing.append({"what": "licence entitlement", "why": LICENSE_ADVICE})
    manifest = {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "hostname": host,
        "model": version.model,
        "asa_version": version.asa_version,
        "system_image": version.system_image,
        "serial": version.serial,
        "confreg": confreg,
        "files": {
            name: {"sha256": digest, "command": commands.get(name, "")}
            for name, digest in files.items()
        },
        "trustpoints": exported,
        "passphrase": f"${PASSPHRASE_ENV} (not stored)" if exported else None,
        "not_backed_up": missing,
    }
    _write_private(folder / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    feedback.tell(f"backup written to {folder} (contains secrets: keep it private)")
    for entry in missing:
        say = feedback.tell if entry["why"] == LICENSE_ADVICE else feedback.warn
        say(f"not in the backup: {entry['what']}: {entry['why']}")
    return Backup(folder, files, version, tuple(exported), tuple(missing))


def _export_certificates(
    asa: AsaRunner,
    folder: Path,
    *,
    trustpoints: list[str],
    passphrase: str | None,
    files: dict[str, str],
    missing: list[dict[str, str]],
) -> list[str]:
    """`crypto ca export TP pkcs12 PASSPHRASE` for each trustpoint into `TP.p12.b64`."""
    if trustpoints and passphrase is None:
        missing += [
            {
                "what": f"certificates and keys of trustpoint {tp}",
                "why": f"${PASSPHRASE_ENV} is not set: set it (a passphrase you keep in your "
                "vault) and back up again",
            }
            for tp in trustpoints
        ]
        return []
    exported = []
    for trustpoint in trustpoints:
        try:
            output = asa.configure(
                [f"crypto ca export {trustpoint} pkcs12 {passphrase}"], secret=True
            )
        except DeviceRefusedError as exc:
            missing.append(
                {
                    "what": f"certificates and keys of trustpoint {trustpoint}",
                    "why": f"the unit refused the export: {exc.message}",
                }
            )
            continue
        block = pkcs12_block(output)
        if block is None:
            missing.append(
                {
                    "what": f"certificates and keys of trustpoint {trustpoint}",
                    "why": "the unit printed no pkcs12 block (a trustpoint without a key pair "
                    "holds only a CA certificate, which the configuration already carries)",
                }
            )
            continue
        name = f"{trustpoint}{CERTIFICATE_SUFFIX}"
        files[name] = _write_private(folder / name, block)
        exported.append(trustpoint)
    return exported


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
