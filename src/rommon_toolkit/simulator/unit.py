"""`VirtualAsa`: one simulated 5506-X / 5508-X / 5516-X with its power, cable and faults."""

from __future__ import annotations

import os
import sys
import threading
import traceback
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rommon_toolkit.simulator.cable import Cable
from rommon_toolkit.simulator.clock import SimClock
from rommon_toolkit.simulator.context import UnitContext
from rommon_toolkit.simulator.control import ControlServer
from rommon_toolkit.simulator.errors import PowerLost, StateError
from rommon_toolkit.simulator.faults import Fault, FaultSet, parse_fault
from rommon_toolkit.simulator.firmware import apply_scenario_faults, run_firmware
from rommon_toolkit.simulator.line import Line
from rommon_toolkit.simulator.models import model_named
from rommon_toolkit.simulator.snapshot import Running, UnitSnapshot, take_snapshot
from rommon_toolkit.simulator.state import DEFAULT_DISK_SIZE, UnitState
from rommon_toolkit.simulator.texts import rommon as rtext
from rommon_toolkit.simulator.tftp_client import DEFAULT_RETRIES, DEFAULT_TIMEOUT, TftpSettings
from rommon_toolkit.simulator.traffic import Traffic, apply_traffic_change

SCENARIO_FAULTS = (Fault.PASSWORD_RECOVERY_DISABLED, Fault.BOOT_LOOP)
JOIN_SECONDS = 10.0


class VirtualAsa:
    """A virtual ASA on a state dir; created there first if the dir holds no unit.

    Threads: one firmware thread per power-on (ROMMON, then the ASA OS) and one control
    thread answering `rommon sim power-cycle`. The host talks through `cable`.
    """

    def __init__(
        self,
        model: str,
        state_dir: Path | str,
        *,
        speed: float = 1.0,
        faults: Iterable[Fault | str] = (),
        tftp_port: int = 69,
        tftp_blksize: int | None = None,
        tftp_timeout: float = DEFAULT_TIMEOUT,
        tftp_retries: int = DEFAULT_RETRIES,
        rommon_version: str | None = None,
        disk_size: int = DEFAULT_DISK_SIZE,
        control: bool = True,
    ) -> None:
        self.state = UnitState(state_dir)
        wanted = model_named(model).name
        if not self.state.exists():
            self.state.create(wanted, rommon_version=rommon_version, disk_size=disk_size)
        elif self.state.hardware().model != wanted:
            have = self.state.hardware().model
            raise StateError(f"{self.state.root} holds an {have}, not an {wanted}")
        self.clock = SimClock(speed)
        self.faults = FaultSet(faults)
        self._halt = threading.Event()
        self.line = Line(self.clock, self.faults, self._halt)
        self.cable = Cable(self.line)
        settings = TftpSettings(
            port=tftp_port, blksize=tftp_blksize, timeout=tftp_timeout, retries=tftp_retries
        )
        self._modes = threading.Condition()
        self._last_mode = ""
        self.ctx = UnitContext(
            self.state,
            clock=self.clock,
            faults=self.faults,
            line=self.line,
            halt=self._halt,
            tftp=settings,
            on_mode=self._mode_changed,
        )
        self._thread: threading.Thread | None = None
        self._power_lock = threading.RLock()
        self._control = ControlServer(self._control_request) if control else None
        self.crash: BaseException | None = None

    # -- identity -----------------------------------------------------------------------
    @property
    def state_dir(self) -> Path:
        """The unit's state dir (resolved)."""
        return self.state.root

    @property
    def model(self) -> str:
        """`asa5506`, `asa5508` or `asa5516`."""
        return self.ctx.model.name

    @property
    def mode(self) -> str:
        """off, banner, countdown, erase-prompt, booting, rommon, tftpdnld, booting-asa,
        first-boot, asa, copying, reloading, upgrading, hung (standby-never-returns) or
        crashed."""
        return self.ctx.live.mode

    @property
    def powered(self) -> bool:
        """True while the firmware thread runs."""
        return self._thread is not None and self._thread.is_alive()

    # -- power --------------------------------------------------------------------------
    def power_on(self, cause: str = rtext.RESET_POWER_ON) -> None:
        """Switch on (no-op when already on); the banner starts at once."""
        with self._power_lock:
            if self.powered:
                return
            self._halt.clear()
            self.ctx.live.power_cycles += 1
            self._thread = threading.Thread(
                target=self._firmware, args=(cause,), name=f"sim-{self.model}", daemon=True
            )
            self._thread.start()

    def power_off(self) -> None:
        """Switch off: the firmware stops wherever it is (a transfer is abandoned)."""
        with self._power_lock:
            thread = self._thread
            self._halt.set()
            self.line.wake()
            if thread is not None and thread is not threading.current_thread():
                thread.join(JOIN_SECONDS)
            self._thread = None
            self.ctx.live.running = None
            self.ctx.set_mode("off")

    def power_cycle(self) -> None:
        """Off, then on (`Last reset cause: PowerOn`)."""
        with self._power_lock:
            self.power_off()
            self.power_on()

    def reload_by_mate(self) -> None:
        """`failover reload-standby` from the active: down, then the normal boot again; with
        `standby-never-returns` the unit hangs dark after its shutdown (a power cycle wakes it)."""
        with self._power_lock:
            self.power_off()
            if Fault.STANDBY_NEVER_RETURNS in self.faults:
                self.ctx.set_mode("hung")
                return
            self.power_on(rtext.RESET_RELOAD)

    def _firmware(self, cause: str) -> None:
        try:
            run_firmware(self.ctx, cause)
        except PowerLost:
            return
        except BaseException as exc:  # a simulator bug: keep it visible, do not hang silently
            self.crash = exc
            traceback.print_exc(file=sys.stderr)
            self.ctx.set_mode("crashed")

    # -- cable and faults ---------------------------------------------------------------
    def unplug_cable(self) -> None:
        """Pull the console cable (the unit keeps running; its output is lost)."""
        self.line.unplug()

    def plug_cable(self) -> None:
        """Put the console cable back."""
        self.line.plug()

    def send_break(self) -> None:
        """BREAK from the host."""
        self.cable.send_break()

    def inject_fault(self, name: Fault | str) -> None:
        """Switch a fault on now; state faults are written into the unit at once."""
        fault = parse_fault(name) if isinstance(name, str) else name
        self.faults.add(fault)
        if fault in SCENARIO_FAULTS:
            apply_scenario_faults(self.ctx)
        self._write_runtime()

    def clear_fault(self, name: Fault | str) -> None:
        """Switch a fault off."""
        self.faults.discard(name)
        self._write_runtime()

    # -- surroundings (traffic.py) -------------------------------------------------------
    def set_traffic(self, **changes: Any) -> Traffic:
        """Change the network around the unit now (conns, xlates, vpn_sessions, links_down,
        learned_routes, link_down=PORT, link_up=PORT); the running boot follows at once."""
        return apply_traffic_change(self.state.root, self.ctx.live.health, changes)

    # -- observation --------------------------------------------------------------------
    def running(self) -> Running:
        """The live facts (mode, running image)."""
        live = self.ctx.live
        boot = live.running
        return Running(
            mode=live.mode,
            image=boot.url if boot else None,
            source=boot.source if boot else None,
            version=boot.version if boot else None,
            confreg_at_boot=live.confreg_at_boot if boot else None,
            config_dirty=live.config_dirty if boot else False,
            faults=tuple(self.faults.names()),
            pid=os.getpid(),
            last_transfer=live.last_transfer,
            failover=self.failover_role,
        )

    @property
    def failover_role(self) -> str | None:
        """`active`, `standby` or `failed` for a pair member whose ASA OS runs, else None."""
        port: Any = self.ctx.failover
        member = getattr(port, "member", None)
        return getattr(member, "role", None)

    def refresh_runtime(self) -> None:
        """Rewrite runtime.json now (a pair role changed)."""
        self._write_runtime()

    def snapshot(self) -> UnitSnapshot:
        """NVRAM, disk0 with SHA-512s, startup-config, mode, running image, next boot."""
        return take_snapshot(self.state, self.running(), self.faults)

    def wait_for_mode(self, mode: str, timeout: float) -> bool:
        """Wait until the unit is in `mode`; False on timeout."""
        with self._modes:
            return self._modes.wait_for(lambda: self.ctx.live.mode == mode, timeout)

    def _mode_changed(self, mode: str) -> None:
        with self._modes:
            changed = mode != self._last_mode
            self._last_mode = mode
            self._modes.notify_all()
        if changed:
            self._write_runtime()

    def _write_runtime(self) -> None:
        data: dict[str, Any] = {
            "pid": os.getpid(),
            "model": self.model,
            "control_port": self._control.port if self._control else None,
            **{k: v for k, v in asdict(self.running()).items() if k != "pid"},
        }
        try:
            self.state.save_runtime(data)
        except OSError:
            return  # the state dir went away (a test cleaned up): nothing to report to

    def _control_request(self, request: dict[str, Any]) -> dict[str, Any]:
        command = request.get("command")
        if command == "power-cycle":
            self.power_cycle()
            return {"ok": True, "mode": self.mode}
        if command == "status":
            return {"ok": True, "status": self.snapshot().as_json()}
        if command == "traffic":
            changes = request.get("changes", {})
            if not isinstance(changes, dict):
                return {"ok": False, "error": "changes must be a JSON object"}
            try:
                traffic = self.set_traffic(**changes)
            except (TypeError, ValueError, StateError) as exc:
                return {"ok": False, "error": str(exc)}
            return {"ok": True, "traffic": asdict(traffic)}
        return {"ok": False, "error": f"unknown command {command!r}"}

    # -- end of life --------------------------------------------------------------------
    def close(self) -> None:
        """Power off, stop the control port, forget the runtime file."""
        self.power_off()
        if self._control is not None:
            self._control.stop()
            self._control = None
        self.state.clear_runtime()
        from rommon_toolkit.simulator import registry

        registry.forget(self)
