"""Every unit-facing command x every starting state, no terminal and no --yes: nothing
destructive reaches the unit (read from the transcript), and the run ends 0 or 5 (consent).

The destructive forms are listed here independently of the toolkit's own table
(`decisions/changes.py`), so a gap in that table fails this test instead of hiding in it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import serial

from rommon_toolkit.rommon.exitcodes import ExitCode
from tests.e2e.conftest import Bench
from tests.sim.flows import enable, to_rommon
from tests.sim.spawn import PortSpawn

pytestmark = pytest.mark.slow  # whole runs against the virtual ASA (seconds each)

DESTRUCTIVE_COMMAND = re.compile(
    r"^\s*(rel(oad)?|wr(ite)?(\s+mem(ory)?)?|write\s+(erase|standby)|erase|format|del(ete)?|"
    r"copy\s.*(running|startup)-config\s*$|copy\s+/noconfirm\s.*disk0:|upgrade\s+rommon|"
    r"confreg|config-register|reset|reboot|failover\s+(active|reload-standby)|"
    r"no\s+failover\s+active)\b",
    re.IGNORECASE,
)
QUESTION_ANSWERED_YES = re.compile(
    r"(\[confirm\]|Save\? \[Y\]es/\[N\]o:?|y/n \[n\]:)\s*$", re.IGNORECASE
)


def _tx_lines(transcript: Path) -> list[tuple[str, str]]:
    """(what the unit had printed last, one line or key sent) for every send."""
    last_rx, sent = "", []
    pending = ""
    for raw in transcript.read_text(encoding="utf-8").splitlines():
        entry = json.loads(raw)
        if entry.get("dir") == "rx":
            last_rx = (last_rx + entry["data"])[-400:]
        elif entry.get("dir") == "tx":
            pending += entry["data"]
            while "\r" in pending:
                line, pending = pending.split("\r", 1)
                sent.append((last_rx, line))
                last_rx = ""
    if pending:
        sent.append((last_rx, pending))
    return sent


def destructive_sends(transcript: Path) -> list[str]:
    found = []
    for before, line in _tx_lines(transcript):
        if line.strip() and DESTRUCTIVE_COMMAND.search(line):
            found.append(line)
        tail = before.replace("\r", "\n").rstrip(" ").split("\n")[-1]
        if QUESTION_ANSWERED_YES.search(tail) and line.strip().lower() in ("", "y", "yes"):
            found.append(f"yes to {tail.strip()!r}")
    return found


def _console(bench: Bench) -> PortSpawn:
    return PortSpawn(serial.serial_for_url(bench.url()), timeout=30)


def _rommon(bench: Bench) -> None:
    con = _console(bench)
    bench.attach().power_cycle()
    to_rommon(con)
    con.close()


def _countdown(bench: Bench) -> None:
    bench.attach().power_cycle()  # the command meets the banner and the countdown


def _user(bench: Bench) -> PortSpawn:
    """A fresh boot, followed on the console up to `ciscoasa> `."""
    con = _console(bench)
    bench.attach().power_cycle()
    wizard = "Pre-configure Firewall now through interactive prompts [yes]? "
    if con.expect_exact([wizard, "ciscoasa> "]) == 0:
        con.sendline("no")
        con.expect_exact("ciscoasa> ")
    return con


def _at_user(bench: Bench) -> None:
    _user(bench).close()


def _at_enable(bench: Bench) -> None:
    con = _user(bench)
    enable(con)
    con.close()


def _at_config(bench: Bench) -> None:
    con = _user(bench)
    enable(con)
    con.sendline("configure terminal")
    con.expect_exact("ciscoasa(config)# ")
    con.close()


def _at_reload_question(bench: Bench) -> None:
    con = _user(bench)
    enable(con)
    con.sendline("reload")
    con.expect_exact("Proceed with reload? [confirm]")
    con.close()  # someone typed `reload` and walked away


STATES: dict[str, Callable[[Bench], None]] = {
    "rommon": _rommon,
    "countdown": _countdown,
    "user": _at_user,
    "enable": _at_enable,
    "config": _at_config,
    "dialog": _at_reload_question,
}


def _commands(bench: Bench, images: dict[str, Path]) -> dict[str, list[str]]:
    url = bench.url()
    net = bench.network_args()
    scale = ["--timeout-scale", "0.05"]
    image = str(images["new"])
    return {
        "recover": ["recover", "--port", url, "--image", image, *net, *scale],
        "interrupt": ["interrupt", "--port", url],
        "stage": ["stage", "--port", url, "--image", str(images["other"]), *net],
        "boot-repair": ["boot-repair", "--port", url, "--image", "disk0:/" + images["old"].name],
        "boot-repair-reload": [
            "boot-repair",
            "--port",
            url,
            "--image",
            "disk0:/" + images["new"].name,
            "--reload",
        ],
        "backup": ["backup", "--port", url, "--out", str(bench.root / "backups")],
        "upgrade-firmware": [
            "upgrade-firmware",
            "--port",
            url,
            "--image",
            str(images["firmware"]),
            *net,
            *scale,
        ],
        "reset-password": ["reset-password", "--port", url],
        "probe": ["probe", "--port", url],
    }


COMMANDS = [
    "recover",
    "interrupt",
    "stage",
    "boot-repair",
    "boot-repair-reload",
    "backup",
    "upgrade-firmware",
    "reset-password",
    "probe",
]


@pytest.mark.slow
@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("command", COMMANDS)
def test_no_destructive_send_without_consent(
    bench: Bench,
    images: dict[str, Path],
    command: str,
    state: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ROMMON_ENABLE_PASSWORD", "")
    monkeypatch.setenv("ROMMON_NEW_ENABLE_PASSWORD", "n3w-Secret")
    bench.provision([images["new"], images["old"]], ["disk0:/" + images["new"].name])
    STATES[state](bench)
    transcript = bench.root / "sweep.transcript.jsonl"
    argv = [*_commands(bench, images)[command], "--transcript", str(transcript)]
    if command == "probe":
        from rommon_toolkit.rommon.cli.main import main

        code, report = main(argv), {}
    else:
        code, report = bench.run(*argv)
    if transcript.exists():
        assert destructive_sends(transcript) == [], f"{command} from {state} changed the unit"
    else:  # refused before the line was opened: nothing at all was sent
        assert code == ExitCode.OPERATOR_ABORT, report.get("error")
    assert code != ExitCode.INTERNAL_ERROR, report.get("error")
    if code == ExitCode.OPERATOR_ABORT and command != "probe":
        assert "--yes" in (report.get("error") or ""), report.get("error")


def test_the_sweep_sees_a_destructive_send(tmp_path: Path) -> None:
    """The detector itself: a reload and a yes at [confirm] are both caught."""
    transcript = tmp_path / "t.jsonl"
    rows = [
        {"dir": "rx", "data": "ciscoasa# "},
        {"dir": "tx", "data": "show version\r"},
        {"dir": "rx", "data": "...\r\nciscoasa# "},
        {"dir": "tx", "data": "reload\r"},
        {"dir": "rx", "data": "Proceed with reload? [confirm]"},
        {"dir": "tx", "data": "\r"},
    ]
    transcript.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert destructive_sends(transcript) == ["reload", "yes to 'Proceed with reload? [confirm]'"]
