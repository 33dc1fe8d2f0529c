"""`rommon sim --count N --tcp`: several units on consecutive ports."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from rommon_toolkit.simulator.errors import StateError
from rommon_toolkit.simulator.service import UnitOptions, parse_hostport, start, state_dirs, stop
from tests.sim.conftest import FAST


def test_count_units_on_consecutive_tcp_ports(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        base_port = probe.getsockname()[1]
    served = start(
        tmp_path, UnitOptions("asa5508", speed=FAST), count=2, tcp=f"127.0.0.1:{base_port}"
    )
    try:
        assert [s.name for s in served] == ["unit-1", "unit-2"]
        assert [s.endpoint for s in served] == [
            f"socket://127.0.0.1:{base_port}",
            f"socket://127.0.0.1:{base_port + 1}",
        ]
        assert [s.unit.state_dir for s in served] == [tmp_path / "unit-1", tmp_path / "unit-2"]
        assert all(s.unit.model == "asa5508" for s in served)
    finally:
        stop(served)


def test_bad_inputs() -> None:
    with pytest.raises(StateError, match="HOST:PORT"):
        parse_hostport("localhost")
    with pytest.raises(StateError, match="at least 1"):
        state_dirs(Path("/tmp"), 0)
