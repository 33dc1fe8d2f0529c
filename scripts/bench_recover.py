#!/usr/bin/env python3
"""The toolkit's own overhead in `rommon recover`: added time over the unit's own waits in the
ROMMON part, and the console driver's CPU while it waits.

Each round recovers a bricked virtual 5506-X (its boot line names a missing image) three
times, on identical fresh units, each unit in its own process (scripts/bench_recover_unit.py:
a raw TCP console, the unit switched on the moment a client connects):

* **`rommon recover --no-stage`**, in a process of its own (scripts/bench_recover_driver.py:
  the `rommon` main() with the same argv, which also tells the bench the port its bundled TFTP
  server bound, `--tftp-port 0`, for the unit to ask);
* **the unit alone, necessary sends** (the peer): the least a client must do, from this
  process: one ESC when the interrupt line appears, then, each the moment a `rommon N >` prompt
  appears, the variable assignments `rommon recover` typed in the same round (read from its
  transcript) and `tftpdnld`. The image comes from the toolkit's own bundled server (the
  TftpLink `rommon recover` runs, here in the client's process as there in the toolkit's,
  not `rommon tftp serve` and its progress display). The transfer phase swings by a second
  and more for 24 MiB with the machine's load: read the other phases for the reaction. What
  that takes is the unit's own time: its banner and countdown text at 9600 baud, the ESC window,
  the echo and output of each command, the transfer over real UDP, the image checks;
* **the unit alone, the seed procedure** (the goal's peer): the same, typing what Cisco's
  ROMMON TFTP recovery procedure has the engineer type (seed 001, steps 4-8: the variables,
  `set` to validate them, `sync` to save them, `tftpdnld`; the optional `ping server` left
  out): the unit's own time for the documented job. What the toolkit adds over it is its
  reaction time plus any command the procedure does not have (none today; the bench names
  them if that changes).

All are timed by the unit's own mode changes (CLOCK_MONOTONIC, shared by the processes): the
ROMMON part is power-on to the hand-over to the ASA OS (`booting-asa`). The toolkit's start
before it opens the console (imports, the image's SHA-512, the TFTP server) overlaps no unit
wait and is shown on its own line. The driver's CPU is the toolkit process's utime+stime
(/proc/PID/stat, 10 ms ticks) between the unit's marks; "while waiting" is the ASA OS boot of
the first round, at speed 1 whatever --speed is (about 140 s of boot text and pauses until the
user EXEC prompt; the TFTP server is idle then); later rounds boot the ASA OS at
`--asa-speed`. Medians over `--runs`. Linux only; a benchmark, not a test (no thresholds).

    .venv/bin/python scripts/bench_recover.py [--runs 3] [--speed 1] [--image-mb 1]
        [--asa-speed 20]
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tftp_servers import TICK, process_ticks

from rommon_toolkit.rommon.workflows.bundled_tftp import TftpLink
from rommon_toolkit.simulator.images import make_image
from rommon_toolkit.simulator.provision import init_unit

MISSING = "disk0:/asa9-12-4-lfbff-k8.SPA"
HERE = Path(__file__).resolve().parent
UNIT_SCRIPT = HERE / "bench_recover_unit.py"
DRIVER_SCRIPT = HERE / "bench_recover_driver.py"
INTERRUPT_LINE = re.compile(rb"ESC to interrupt boot")
PROMPT = re.compile(rb"rommon \d+ > ")
ASSIGNMENT = re.compile(r"^[A-Z_]+=")
# What seed 001 (ROMMON TFTP recovery, steps 5 and 7) types besides the variables and `tftpdnld`.
SEED_PROCEDURE_EXTRA = ("set\r", "sync\r")
HANDOVER = "booting-asa"
WAIT = 900.0  # seconds any one step may take before the bench gives up
PHASES = (  # (label, from mode, to mode): consecutive marks of the unit's ROMMON part
    ("banner text", "power-on", "countdown"),
    ("ESC window", "countdown", "rommon"),
    ("ROMMON commands", "rommon", "tftpdnld"),
    ("tftpdnld transfer", "tftpdnld", "rommon"),
    ("image checks", "rommon", HANDOVER),
)
WAITING = ("banner text", "ESC window", "image checks")  # phases the driver only waits in


@dataclass
class Mark:
    mode: str
    t: float
    ticks: int | None  # the toolkit's CPU ticks when the bench read the mark (None: no toolkit)


@dataclass
class Unit:
    """A virtual unit in its own process and the marks it printed."""

    process: subprocess.Popen[str]
    url: str
    marks: list[Mark] = field(default_factory=list)
    watched_pid: int | None = None
    _events: queue.Queue[Mark] = field(default_factory=queue.Queue)

    def read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            event = json.loads(line)
            if "mode" in event:
                pid = self.watched_pid
                mark = Mark(event["mode"], event["t"], process_ticks(pid) if pid else None)
                self.marks.append(mark)
                self._events.put(mark)

    def tell_tftp_port(self, port: int) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"tftp-port {port}\n")
        self.process.stdin.flush()

    def wait_for(self, mode: str) -> Mark:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                mark = self._events.get(timeout=1.0)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            if mark.mode == mode:
                return mark
        raise SystemExit(f"bench: the unit never reached {mode}")

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(30)


def start_unit(state: Path, speed: float, asa_speed: float | None) -> Unit:
    init_unit(state, "asa5506", boot=[MISSING])
    command = [sys.executable, str(UNIT_SCRIPT), str(state), "--speed", str(speed)]
    if asa_speed:
        command += ["--asa-speed", str(asa_speed)]
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
    )
    assert process.stdout is not None
    first_line = json.loads(process.stdout.readline() or "{}")
    if "console" not in first_line:
        raise SystemExit(f"bench: the virtual unit did not start: {first_line}")
    unit = Unit(process, first_line["console"])
    threading.Thread(target=unit.read, daemon=True).start()
    return unit


def first(marks: list[Mark], mode: str, after: float = 0.0) -> Mark:
    found = next((m for m in marks if m.mode == mode and m.t >= after), None)
    if found is None:
        raise SystemExit(f"bench: no `{mode}` mark; the unit went {[m.mode for m in marks]}")
    return found


def phase_marks(marks: list[Mark]) -> list[tuple[str, Mark, Mark]]:
    """(label, begin, end) of each ROMMON phase, in order."""
    out: list[tuple[str, Mark, Mark]] = []
    at = first(marks, "power-on")
    for label, start, end in PHASES:
        begin = first(marks, start, at.t)
        at = first(marks, end, begin.t)
        out.append((label, begin, at))
    return out


def phases(marks: list[Mark]) -> dict[str, float]:
    """Seconds of each ROMMON phase, and `total` (power-on to the hand-over)."""
    spans = phase_marks(marks)
    out = {label: end.t - begin.t for label, begin, end in spans}
    out["total"] = spans[-1][2].t - spans[0][1].t
    return out


def cpu_of(begin: Mark, end: Mark) -> float:
    if begin.ticks is None or end.ticks is None:
        raise SystemExit("bench: the toolkit's CPU could not be read at a mark")
    return (end.ticks - begin.ticks) / TICK


@dataclass
class ToolkitRun:
    rommon: dict[str, float]
    cpu: dict[str, float]  # the toolkit's CPU seconds in each ROMMON phase, and `total`
    startup: float  # command start to power-on (the console opened)
    boot_wait: float  # hand-over to the ASA's user EXEC prompt, wall seconds
    cpu_boot_wait: float
    cpu_total: float  # the whole command, from getrusage
    wall_total: float
    sent: list[str]


def recover_argv(unit: Unit, image: Path, root: Path) -> list[str]:
    return [
        *("--quiet", "recover", "--port", unit.url, "--image", str(image)),
        *("--address", "127.0.0.2", "--netmask", "255.0.0.0", "--server", "127.0.0.1"),
        *("--tftp-port", "0", "--no-stage", "--yes"),
        *("--run-dir", str(root / "run"), "--state-dir", str(root / "state")),
    ]


def relay_tftp_port(read_fd: int, unit: Unit) -> None:
    """Pass the port the toolkit's TFTP server bound on to the unit; drain the rest."""
    with os.fdopen(read_fd) as announcements:
        line = announcements.readline()
        if line:
            unit.tell_tftp_port(int(line.split()[1]))
        for _ in announcements:
            pass


def run_toolkit(root: Path, image: Path, speed: float, asa_speed: float) -> ToolkitRun:
    unit = start_unit(root / "unit", speed, asa_speed)
    read_fd, write_fd = os.pipe()
    command = [sys.executable, str(DRIVER_SCRIPT), str(write_fd), *recover_argv(unit, image, root)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    toolkit = subprocess.Popen(command, pass_fds=(write_fd,), stdout=sys.stderr)
    unit.watched_pid = toolkit.pid
    os.close(write_fd)
    threading.Thread(target=relay_tftp_port, args=(read_fd, unit), daemon=True).start()
    code = toolkit.wait(WAIT)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the units are not reaped yet
    unit.stop()
    if code != 0:
        raise SystemExit(f"bench: rommon recover failed (exit {code}); see {root / 'run'}")
    marks = unit.marks
    spans = phase_marks(marks)
    handover = spans[-1][2]
    prompt = first(marks, "asa", handover.t)
    cpu = {label: cpu_of(begin, end) for label, begin, end in spans}
    cpu["total"] = cpu_of(spans[0][1], handover)
    return ToolkitRun(
        rommon=phases(marks),
        cpu=cpu,
        startup=spans[0][1].t - started,
        boot_wait=prompt.t - handover.t,
        cpu_boot_wait=cpu_of(handover, prompt),
        cpu_total=(after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        wall_total=wall,
        sent=sent_until_tftpdnld(root / "run" / "recover.transcript.jsonl"),
    )


def sent_until_tftpdnld(transcript: Path) -> list[str]:
    """The command lines the toolkit typed at the ROMMON prompt, up to `tftpdnld`."""
    lines: list[str] = []
    for row in transcript.read_text().splitlines()[1:]:
        event = json.loads(row)
        if event.get("dir") != "tx" or not event["data"].endswith("\r"):
            continue  # the ESCs: the minimal client sends one, at the interrupt line
        lines.append(event["data"])
        if event["data"] == "tftpdnld\r":
            return lines
    raise SystemExit(f"bench: no tftpdnld in {transcript}")


def run_alone(root: Path, image: Path, speed: float, sent: list[str]) -> dict[str, float]:
    """The unit driven by the minimal client typing `sent`; its ROMMON phases."""
    server = TftpLink([image], "127.0.0.1", 0).start()  # the toolkit's own, in its process
    try:
        unit = start_unit(root / "unit", speed, None)
        unit.tell_tftp_port(server.port)
        host, port = unit.url.removeprefix("socket://").rsplit(":", 1)
        with socket.create_connection((host, int(port))) as conn:
            conn.settimeout(WAIT)
            steps = [(INTERRUPT_LINE, b"\x1b")] + [(PROMPT, s.encode()) for s in sent]
            seen = b""
            for trigger, data in steps:
                while not trigger.search(seen):
                    chunk = conn.recv(4096)
                    if not chunk:
                        raise SystemExit("bench: the unit closed the console")
                    seen += chunk
                conn.sendall(data)
                seen = b""
            unit.wait_for(HANDOVER)
        unit.stop()
    finally:
        server.stop()
    return phases(unit.marks)


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--speed", type=float, default=1.0, help="the ROMMON part (default 1)")
    parser.add_argument("--image-mb", type=float, default=1.0)
    parser.add_argument("--asa-speed", type=float, default=20.0, help="ASA OS after round 1")
    args = parser.parse_args()
    necessary: list[dict[str, float]] = []
    same: list[dict[str, float]] = []
    toolkit: list[ToolkitRun] = []
    with tempfile.TemporaryDirectory(prefix="bench-recover-") as tmp:
        root = Path(tmp)
        image = make_image(root / "images", "asa5506", "9.16(4)85", int(args.image_mb * 2**20))
        size = image.stat().st_size
        for run in range(1, args.runs + 1):
            asa_speed = 1.0 if run == 1 else args.asa_speed
            say(f"round {run}/{args.runs}: rommon recover (ASA OS at speed {asa_speed:g}) ...")
            toolkit.append(run_toolkit(root / f"toolkit{run}", image, args.speed, asa_speed))
            sent = toolkit[-1].sent
            assignments = [s for s in sent if ASSIGNMENT.match(s)]
            minimal = [*assignments, "tftpdnld\r"]
            say(f"round {run}/{args.runs}: the unit alone, necessary sends ...")
            necessary.append(run_alone(root / f"alone{run}", image, args.speed, minimal))
            say(f"round {run}/{args.runs}: the unit alone, the seed procedure ...")
            procedure = [*assignments, *SEED_PROCEDURE_EXTRA, "tftpdnld\r"]
            same.append(run_alone(root / f"same{run}", image, args.speed, procedure))
    peer, replay = median_of(necessary), median_of(same)
    ours = median_of([t.rommon for t in toolkit])
    cpu = median_of([t.cpu for t in toolkit])
    extra = [s.strip() for s in SEED_PROCEDURE_EXTRA]
    beyond = [
        s.strip()
        for s in toolkit[0].sent
        if not ASSIGNMENT.match(s) and s not in (*SEED_PROCEDURE_EXTRA, "tftpdnld\r")
    ]
    print(
        f"\nROMMON part at speed {args.speed:g} (power-on to the hand-over to the ASA OS), "
        f"image {size:,} bytes, median of {args.runs} round(s), seconds"
    )
    print(
        f"{'phase':<18} {'unit alone':>10} {'seed proc.':>13} {'recover':>8} "
        f"{'added':>7} {'driver CPU':>10}"
    )
    for label in [*(p[0] for p in PHASES), "total"]:
        print(
            f"{label:<18} {peer[label]:>10.3f} {replay[label]:>13.3f} {ours[label]:>8.3f} "
            f"{ours[label] - replay[label]:>+7.3f} {cpu[label] / ours[label]:>10.1%}"
        )
    added = ours["total"] - replay["total"]
    share = added / replay["total"]
    print(
        f"\nadded time: toolkit {ours['total']:.3f} s, the unit's own {replay['total']:.3f} s "
        f"(the seed procedure's commands): {added:+.3f} s = {share:+.2%} "
        f"(goal <= 5%: {verdict(share <= 0.05)}); commands beyond the procedure: "
        f"{', '.join(beyond) or 'none'}"
    )
    bare = ours["total"] - peer["total"]
    print(
        f"  over the necessary sends alone (no {', '.join(extra)}): {bare:+.3f} s = "
        f"{bare / peer['total']:+.2%}, of which the unit answering {', '.join(extra)}: "
        f"{replay['total'] - peer['total']:+.3f} s"
    )
    startup = statistics.median(t.startup for t in toolkit)
    with_start = added + startup
    print(
        f"before the console opens (imports, SHA-512 of the image, TFTP server): "
        f"{startup:.3f} s; counted in, added {with_start:+.3f} s = "
        f"{with_start / replay['total']:+.2%} of the unit's own time"
    )
    cpu_run = toolkit[0]
    waiting = cpu_run.cpu_boot_wait / cpu_run.boot_wait
    print(
        f"\ndriver CPU while waiting (round 1, the ASA OS boot at speed 1, hand-over to the user "
        f"EXEC prompt): {cpu_run.cpu_boot_wait:.2f} s over {cpu_run.boot_wait:.1f} s = "
        f"{waiting:.2%} (goal < 1%: {verdict(waiting < 0.01)})"
    )
    rommon_wait = sum(cpu[p] for p in WAITING) / sum(ours[p] for p in WAITING)
    print(
        f"driver CPU in the ROMMON waits ({', '.join(WAITING)}; median): {rommon_wait:.2%}; "
        f"whole command, round 1: {cpu_run.cpu_total:.2f} s over {cpu_run.wall_total:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
