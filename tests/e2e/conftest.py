"""Whole runs against the virtual ASA (in process, sim://) with the real bundled TFTP server."""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from rommon_toolkit.rommon.cli.main import main, parse_command_line, wire_the_virtual_asa
from rommon_toolkit.rommon.cli.recover_cmd import complete_recover_args, recover
from rommon_toolkit.rommon.errors import RommonError
from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.rommon.feedback import RecordingFeedback
from rommon_toolkit.simulator import lan, registry
from rommon_toolkit.simulator.images import make_image
from rommon_toolkit.simulator.provision import init_unit
from rommon_toolkit.simulator.unit import VirtualAsa

SPEED = 60
IMAGE_SIZE = 1 << 20
FAST = "tftp-timeout=0.5&tftp-retries=2"  # the virtual ROMMON gives up quickly on a dead link


@pytest.fixture(autouse=True)
def ctrl_c_reaches_the_run() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt in the main thread, as on an engineer's terminal.

    A suite started in the background of a non-interactive shell inherits SIGINT ignored, and
    the tests that press Ctrl-C mid-step (a real SIGINT) would then see the run go on to its
    end.
    """
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@pytest.fixture(scope="session")
def images(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("images")
    return {
        "new": make_image(out, "asa5506", "9.16(4)85", IMAGE_SIZE),
        "other": make_image(out, "asa5506", "9.16(3)19", IMAGE_SIZE),  # 9.16: the 5506's last
        "smp": make_image(out, "asa5506", "9.6(4)45", IMAGE_SIZE, family="smp"),
        "old": make_image(out, "asa5506", "9.12(4)56", IMAGE_SIZE),
        "firmware": make_image(out, "asa5506", "1.1.18", 256 << 10, kind="firmware"),
        "old-firmware": make_image(out, "asa5506", "1.1.12", 256 << 10, kind="firmware"),
    }


@dataclass
class Bench:
    """One test's workspace: its own cwd, unit state dir and TFTP port.

    The port is 0 unless a test sets one: the bundled server binds a port the OS chooses and
    announces it on the virtual LAN, where the virtual unit looks it up (simulator.lan).
    """

    root: Path
    tftp_port: int = lan.ANNOUNCED

    @property
    def state_dir(self) -> Path:
        return self.root / "unit"

    def url(self, *faults: str, extra: str = "") -> str:
        query = f"state-dir={self.state_dir}&speed={SPEED}&tftp-port={self.tftp_port}"
        query += "".join(f"&fault={fault}" for fault in faults)
        return f"sim://asa5506?{query}" + (f"&{extra}" if extra else "")

    def provision(
        self,
        images: list[Path],
        boot: list[str],
        *faults: str,
        rommon_version: str | None = None,
        enable_password: str | None = None,
    ) -> VirtualAsa:
        """A unit with these images on disk0 and boot lines, powered on."""
        init_unit(
            self.state_dir,
            "asa5506",
            images=images,
            boot=boot,
            rommon_version=rommon_version,
            enable_password=enable_password,
        )
        return self.attach(*faults)

    def attach(self, *faults: str) -> VirtualAsa:
        return registry.attach(
            "asa5506",
            self.state_dir,
            speed=SPEED,
            tftp_port=self.tftp_port,
            faults=list(faults),
            tftp_timeout=0.5,
            tftp_retries=2,
        )

    def network_args(self) -> list[str]:
        """The unit's Management1/1 address and the bundled server on loopback."""
        return [
            "--address",
            "127.0.0.2",
            "--netmask",
            "255.0.0.0",
            "--server",
            "127.0.0.1",
            "--tftp-port",
            str(self.tftp_port),
        ]

    def run(self, *argv: str) -> tuple[int, dict[str, Any]]:
        """Any `rommon` command through `main`; (exit code, its report if it wrote one)."""
        report_path = self.root / f"report-{len(list(self.root.glob('report-*')))}.json"
        code = main([*argv, "--report", str(report_path)])
        report = json.loads(report_path.read_text()) if report_path.exists() else {}
        return code, report

    def recover(
        self, url: str, image: Path, *more: str, feedback: RecordingFeedback | None = None
    ) -> tuple[int, RommonError | None, dict[str, Any]]:
        """`rommon recover` through its real command path; (exit code, error, report)."""
        report_path = self.root / f"report-{len(list(self.root.glob('report-*')))}.json"
        argv = [
            "recover",
            "--port",
            url,
            "--image",
            str(image),
            *self.network_args(),
            "--yes",
            "--timeout-scale",
            "0.05",
            "--report",
            str(report_path),
            *more,
        ]
        args = parse_command_line(argv)
        error: RommonError | None = None
        try:
            complete_recover_args(args)
            recover(args, feedback or RecordingFeedback())
            code = int(ExitCode.SUCCESS)
        except RommonError as exc:
            error, code = exc, int(exc.exit_code)
        report = json.loads(report_path.read_text()) if report_path.exists() else {}
        return code, error, report


@pytest.fixture
def bench(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Bench]:
    monkeypatch.chdir(tmp_path)
    wire_the_virtual_asa()
    yield Bench(tmp_path)
    registry.close_all()
