"""Units for the upgrade tests: a networked 9.14 unit with traffic and a trustpoint."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from rommon_toolkit.console.deadline import Deadline, pause
from rommon_toolkit.rommon.records.report import StepResult, StepRunner
from rommon_toolkit.simulator import registry
from rommon_toolkit.simulator.asa_os.config import AsaConfig, Route
from rommon_toolkit.simulator.images import make_image
from rommon_toolkit.simulator.provision import init_unit
from rommon_toolkit.simulator.traffic import LearnedRoute, Traffic
from rommon_toolkit.simulator.unit import VirtualAsa
from tests.e2e.conftest import IMAGE_SIZE, Bench

OLD_RELEASE = "9.14(2)15"
NEW_RELEASE = "9.16(4)85"
PASSPHRASE = "Vault-Passphr4se"
TRAFFIC = Traffic(
    conns=240,
    xlates=120,
    vpn_sessions=3,
    learned_routes=[LearnedRoute("172.16.0.0", "255.255.0.0", "10.1.1.254", "inside", 20)],
)


def upgrade_images(root: Path) -> dict[str, Path]:
    out = root / "images"
    return {
        "old": make_image(out, "asa5506", OLD_RELEASE, IMAGE_SIZE),
        "new": make_image(out, "asa5506", NEW_RELEASE, IMAGE_SIZE),
    }


def networked_config() -> AsaConfig:
    config = AsaConfig(anonymous_reporting=False)
    outside = config.interfaces["GigabitEthernet1/1"]
    outside.nameif, outside.security_level, outside.shutdown = "outside", 0, False
    outside.address = ("198.51.100.2", "255.255.255.0")
    inside = config.interfaces["GigabitEthernet1/2"]
    inside.nameif, inside.security_level, inside.shutdown = "inside", 100, False
    inside.address = ("10.1.1.1", "255.255.255.0")
    config.routes.append(Route("outside", "0.0.0.0", "0.0.0.0", "198.51.100.1", 1))
    return config


def provision_single(
    bench: Bench, images: dict[str, Path], *faults: str, trustpoints: tuple[str, ...] = ()
) -> VirtualAsa:
    """A 9.14 unit (new image not on disk0), networked, with traffic, booting."""
    init_unit(
        bench.state_dir,
        "asa5506",
        images=[images["old"]],
        boot=[f"disk0:/{images['old'].name}"],
        config=networked_config(),
        traffic=TRAFFIC,
        trustpoints=trustpoints,
    )
    return bench.attach(*faults)


def upgrade_argv(bench: Bench, image: Path, *more: str) -> list[str]:
    return [
        "upgrade",
        "--port",
        bench.url(),
        "--image",
        str(image),
        "--sha512",
        sha512(image),
        *bench.network_args(),
        "--yes",
        "--timeout-scale",
        "0.05",
        *more,
    ]


def sha512(path: Path) -> str:
    import hashlib

    return hashlib.sha512(path.read_bytes()).hexdigest()


def snapshot(bench: Bench):  # type: ignore[no-untyped-def]
    return registry.unit_for(bench.state_dir).snapshot()


def ctrl_c_in_step(
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    *,
    once: Callable[[], bool] | None = None,
    occurrence: int = 1,
) -> threading.Event:
    """Ctrl-C into this test's in-process `rommon` run during step `name` (its first, or
    its `occurrence`-th in this process).

    Without `once`: as the step begins (its journal record is written, nothing of it sent).
    With `once`: a real SIGINT to the main thread as soon as `once()` holds after the step
    began (mid-copy, mid-reload), as an engineer's Ctrl-C arrives. Returns "the step began".
    """
    began = threading.Event()
    original = StepRunner.step
    seen = [0]

    @contextmanager
    def step(self: StepRunner, step_name: str, **details: Any) -> Iterator[StepResult]:
        with original(self, step_name, **details) as result:
            if step_name == name:
                seen[0] += 1
            if step_name == name and seen[0] == occurrence and not began.is_set():
                began.set()
                if once is None:
                    raise KeyboardInterrupt
                _sigint_main_thread_once(once)
            yield result

    monkeypatch.setattr(StepRunner, "step", step)
    return began


def _sigint_main_thread_once(condition: Callable[[], bool], limit: float = 60.0) -> None:
    main = threading.main_thread().ident
    assert main is not None

    def watch() -> None:
        deadline = Deadline.after(limit)
        while not condition():
            if deadline.expired():
                return  # the test's own assertions then say the run was not interrupted
            pause(0.005)
        signal.pthread_kill(main, signal.SIGINT)

    threading.Thread(target=watch, name="ctrl-c", daemon=True).start()
