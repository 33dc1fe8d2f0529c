"""`rommon restore`: a backup folder onto a fresh or replacement unit (seed 000 "Restore from
Backup").

Minimal Management1/1 reachability (only what is missing), `copy tftp://S/running-config.cfg
running-config` from the bundled server (uploads off, the catalog holds exactly that file),
`write memory`, then with `--certificates` `crypto ca import TP pkcs12 PASSPHRASE` for each
exported trustpoint (the base64 pasted line by line, every line sent as a secret) and `write
memory` again. The report's `re_enter_by_hand` lists what the backup could not hold.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path
from typing import Any

from rommon_toolkit.console.deadline import Deadline
from rommon_toolkit.console.errors import ExpectTimeoutError
from rommon_toolkit.rommon.decisions import patterns as p
from rommon_toolkit.rommon.decisions.certificates import pkcs12_body_lines
from rommon_toolkit.rommon.decisions.changes import Change
from rommon_toolkit.rommon.decisions.parsers import parse_bytes_copied
from rommon_toolkit.rommon.device.asa_runner import ANSWER_REPORTING, Answer
from rommon_toolkit.rommon.device.boundary import console_errors
from rommon_toolkit.rommon.device.session import Timeouts, UnitSession
from rommon_toolkit.rommon.errors import DeviceRefusedError, OperatorAbortError, PreflightError
from rommon_toolkit.rommon.feedback import Feedback
from rommon_toolkit.rommon.workflows.backup import (
    CERTIFICATE_SUFFIX,
    MANIFEST,
    backup_passphrase,
    verify_manifest,
)
from rommon_toolkit.rommon.workflows.bundled_tftp import TftpLink
from rommon_toolkit.rommon.workflows.management import (
    INTERFACE,
    parse_interface,
    plan_reachability,
)
from rommon_toolkit.rommon.workflows.preflight import check_tftp_port
from rommon_toolkit.rommon.workflows.runs import RunOptions, unit_run

CONFIG_FILE = "running-config.cfg"
IMPORT_PROMPT = re.compile(r'End with the word "quit" on a line by itself')  # [C] §3.2
IMPORT_OK = "Import PKCS12 operation completed successfully"  # [C] (CLI: no final period)


@dataclass(frozen=True)
class RestoreOptions:
    backup: Path
    certificates: bool
    server: str
    tftp_port: int = 69
    address: str | None = None
    netmask: str | None = None
    gateway: str | None = None


def read_backup(folder: Path, certificates: bool) -> dict[str, Any]:
    """The manifest of an intact backup folder, or a clear refusal."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except OSError as exc:
        raise PreflightError(
            f"{folder} is not a backup folder ({MANIFEST}: {exc.strerror or exc})",
            "give the folder `rommon backup` or `rommon upgrade` wrote (it holds manifest.json)",
        ) from exc
    except ValueError as exc:
        raise PreflightError(f"{folder / MANIFEST} is not valid JSON: {exc}") from exc
    damaged = verify_manifest(folder)
    if damaged:
        raise PreflightError(
            f"the backup in {folder} is damaged: {', '.join(damaged)} changed since it was taken"
        )
    if CONFIG_FILE not in manifest.get("files", {}):
        raise PreflightError(f"{folder} holds no {CONFIG_FILE}: nothing to restore")
    if certificates and manifest.get("trustpoints") and backup_passphrase() is None:
        raise PreflightError(
            "--certificates needs the passphrase the backup was exported with in "
            "$ROMMON_BACKUP_PASSPHRASE",
            "set it (from your vault) and run again; nothing was sent",
        )
    return dict(manifest)


def run_restore(
    options: RunOptions,
    restore: RestoreOptions,
    feedback: Feedback,
    *,
    dry_run: bool,
    timeouts: Timeouts | None = None,
) -> str:
    """The restore run; one line saying what was restored."""
    manifest = read_backup(restore.backup, restore.certificates)
    trustpoints = list(manifest.get("trustpoints") or []) if restore.certificates else []
    server = IPv4Address(restore.server)
    planned = IPv4Interface(f"{restore.address}/{restore.netmask}") if restore.address else None
    gateway = IPv4Address(restore.gateway) if restore.gateway else None
    if restore.address and not restore.netmask:
        raise PreflightError("--address needs --netmask")
    if dry_run:
        steps = [
            f"{INTERFACE}: address {planned} only if it has none",
            f"copy tftp://{server}/{CONFIG_FILE} running-config",
            "write memory",
            *(f"crypto ca import {tp} pkcs12 ********" for tp in trustpoints),
        ]
        return "restore plan: " + "; ".join(steps)
    check_tftp_port(str(server), restore.tftp_port)
    units = [str(planned.ip)] if planned else []
    link = TftpLink([restore.backup / CONFIG_FILE], str(server), restore.tftp_port, units).start()
    try:
        with unit_run(
            options,
            "restore",
            feedback,
            timeouts=timeouts,
            needs=(Change.CONFIG_RESTORE, Change.WRITE_MEMORY),
        ) as run:
            session = run.session
            session.reach_enable()
            session.backup_before_change()  # what the unit held, before it is replaced
            _load_config(session, restore.backup, server, planned, gateway)
            _write_memory(session)
            imported = [tp for tp in trustpoints if _import(session, restore.backup, tp)]
            if imported:
                _write_memory(session)
            by_hand = [e for e in manifest.get("not_backed_up", []) if isinstance(e, dict)]
            run.report.final_state.update(
                {
                    "restored_from": str(restore.backup),
                    "trustpoints_imported": imported,
                    "re_enter_by_hand": by_hand,
                }
            )
            run.report.transfers = link.transfers_json()
            for entry in by_hand:
                feedback.warn(f"re-enter by hand: {entry.get('what')}: {entry.get('why')}")
    finally:
        link.stop()
    return (
        f"restored {restore.backup} ({CONFIG_FILE}, write memory"
        + (f", certificates {', '.join(imported)}" if imported else "")
        + f"); {len(by_hand)} item(s) to re-enter by hand (see the report)"
    )


def _load_config(
    session: UnitSession,
    folder: Path,
    server: IPv4Address,
    planned: IPv4Interface | None,
    gateway: IPv4Address | None,
) -> None:
    state = parse_interface(session.asa.run(f"show running-config interface {INTERFACE}"))
    if state.address is None and planned is None:
        raise DeviceRefusedError(
            f"{INTERFACE} has no address, so the unit cannot reach the TFTP server",
            "give --address and --netmask for it",
        )
    change = plan_reachability(state, server, planned, gateway)
    if change.apply:
        with session.runner.step("mgmt-configure", apply=change.apply):
            session.asa.configure(change.apply)
    if not session.confirm(
        f"Load {CONFIG_FILE} from the backup over the unit's configuration?",
        Change.CONFIG_RESTORE,
    ):
        raise OperatorAbortError("the restore was not confirmed; only Management1/1 changed")
    with session.runner.step("copy-config", source=str(folder / CONFIG_FILE)) as step:
        output = session.asa.run(
            f"copy tftp://{server}/{CONFIG_FILE} running-config",
            timeout=session.timeouts.copy,
            answers=[
                Answer(p.COPY_REMOTE_HOST, None),
                Answer(p.COPY_SOURCE, None),
                Answer(p.COPY_DESTINATION, None),
            ],
        )
        copied = parse_bytes_copied(output)
        if copied is None:
            said = [line for line in output.strip().splitlines() if line.strip()]
            raise DeviceRefusedError(
                "the configuration was not loaded",
                "the unit said: " + (said[-1] if said else "nothing"),
            )
        step.details["bytes"] = copied
    saved = (folder / CONFIG_FILE).read_text(encoding="utf-8", errors="replace")
    if change.apply and not _sets_management(saved):
        with session.runner.step("mgmt-undo", commands=change.undo):
            session.asa.configure(change.undo)


def _sets_management(config: str) -> bool:
    """True when the configuration gives Management1/1 its own address (keep, don't undo)."""
    block = config.split(f"interface {INTERFACE}\n", 1)
    if len(block) < 2:
        return False
    body = block[1].split("\n!", 1)[0]
    return parse_interface(body).address is not None


def _write_memory(session: UnitSession) -> None:
    with session.runner.step("write-memory"):
        output = session.asa.run("write memory", timeout=session.timeouts.command)
        if not p.OK.search(output):
            raise DeviceRefusedError(
                "`write memory` did not answer [OK]", "the unit said: " + output.strip()[-300:]
            )


def _import(session: UnitSession, folder: Path, trustpoint: str) -> bool:
    """`crypto ca import TP pkcs12 PASSPHRASE`, the block pasted; True when it succeeded."""
    passphrase = backup_passphrase()
    block = (folder / f"{trustpoint}{CERTIFICATE_SUFFIX}").read_text(encoding="utf-8")
    channel = session.channel
    with session.runner.step("crypto-import", trustpoint=trustpoint) as step:
        session.asa.run("configure terminal", answers=[ANSWER_REPORTING])
        try:
            with console_errors():
                channel.send_line(f"crypto ca import {trustpoint} pkcs12 {passphrase}", secret=True)
                try:
                    channel.expect([IMPORT_PROMPT], Deadline.after(session.timeouts.command))
                except ExpectTimeoutError as exc:
                    raise DeviceRefusedError(
                        f"`crypto ca import {trustpoint}` did not ask for the pkcs12 block",
                        "last output: " + exc.received[-200:].strip(),
                    ) from exc
                for line in pkcs12_body_lines(block):
                    channel.send_line(line, secret=True)
            output = session.asa.run("quit", timeout=session.timeouts.command)
        finally:
            session.asa.run("end")
        ok = IMPORT_OK in output
        step.outcome = "ok" if ok else "failed"
        step.details["unit_said"] = next(
            (line.strip() for line in reversed(output.splitlines()) if line.strip()), ""
        )
    if not ok:
        session.feedback.warn(f"trustpoint {trustpoint} was not imported: {step.details}")
    return ok
