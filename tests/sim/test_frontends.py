"""The pty and TCP front-ends, driven with pexpect.fdpexpect."""

from __future__ import annotations

import os
import socket
import tty
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from pexpect import fdpexpect

from rommon_toolkit.simulator.frontends.pty import PtyConsole
from rommon_toolkit.simulator.frontends.tcp import TcpConsole
from rommon_toolkit.simulator.unit import VirtualAsa
from tests.sim.conftest import FAST
from tests.sim.spawn import ESC


@pytest.fixture
def unit(state_dir: Path) -> Iterator[VirtualAsa]:
    asa = VirtualAsa("asa5506", state_dir, speed=FAST)
    yield asa
    asa.close()


def test_pty_console(unit: VirtualAsa) -> None:
    console = PtyConsole(unit)
    fd = os.open(console.path, os.O_RDWR | os.O_NOCTTY)
    tty.setraw(fd)
    con = fdpexpect.fdspawn(fd, timeout=20, encoding="latin-1")
    try:
        unit.power_on()
        con.expect_exact("Rom image verified correctly")
        con.send(ESC)
        con.expect_exact("Boot interrupted.  \r\nrommon 1 > ")
        con.send("set\r")
        con.expect_exact('    PS1="rommon ! > "\r\nrommon 2 > ')
    finally:
        con.close()
        console.close()


def _connect(console: TcpConsole) -> fdpexpect.fdspawn:
    sock = socket.create_connection((console.host, console.port))
    return fdpexpect.fdspawn(sock.detach(), timeout=20, encoding="latin-1")


def test_tcp_console_one_client_at_a_time_and_disconnect_unplugs(unit: VirtualAsa) -> None:
    console = TcpConsole(unit, "127.0.0.1", 0)
    assert console.endpoint.startswith("socket://127.0.0.1:")
    assert not unit.cable.plugged  # nobody connected yet
    first = _connect(console)
    try:
        assert console.wait_for_client(5)
        unit.power_on()
        first.expect_exact("Rom image verified correctly")
        first.send(ESC)
        first.expect_exact("rommon 1 > ")
        second = _connect(console)
        second.expect_exact("console line busy")
        second.expect(pexpect.EOF)
        second.close()
        assert unit.cable.plugged
        first.send("ADDRESS=10.0.0.3\r")
        first.expect_exact("rommon 2 > ")
    finally:
        first.close()
    assert console.wait_until_idle(5)
    assert not unit.cable.plugged
    third = _connect(console)
    try:
        assert console.wait_for_client(5)
        third.send("set\r")
        third.expect_exact("    ADDRESS=10.0.0.3\r\n")  # the unit kept running meanwhile
    finally:
        third.close()
        console.close()
