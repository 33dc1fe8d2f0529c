"""Bind errors with advice, this machine's interfaces, and catalog construction."""

from __future__ import annotations

import hashlib
import ipaddress
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from rommon_toolkit.tftp_server import Catalog, TftpService
from rommon_toolkit.tftp_server.bind import bind_udp
from rommon_toolkit.tftp_server.errors import (
    AddressNotLocalError,
    BindError,
    CatalogError,
    PortInUseError,
    RequestRefusedError,
)
from rommon_toolkit.tftp_server.interfaces import from_ioctl, from_resolver, local_ipv4_interfaces
from tests.tftp.conftest import Served

EMPTY = Catalog.from_paths([])
ROOT = Path(__file__).resolve().parents[2]

PRIVILEGED_PROBE = """
import os
from rommon_toolkit.tftp_server.bind import bind_udp
from rommon_toolkit.tftp_server.errors import PrivilegedPortError
if os.geteuid() == 0:  # drop to nobody: no capabilities left to bind a low port
    os.setgid(65534)
    os.setuid(65534)
try:
    bind_udp("127.0.0.1", 69).close()
except PrivilegedPortError as exc:
    print("REFUSED:", exc.message)
    print(exc.advice)
else:
    print("BOUND")
"""


def test_privileged_port_gives_the_fixes_for_each_os():
    """Run as an unprivileged user (a root probe drops to nobody before binding)."""
    result = subprocess.run(
        [sys.executable, "-c", PRIVILEGED_PROBE],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    if result.stdout.startswith("BOUND"):
        pytest.skip("this machine lets unprivileged users bind port 69")
    assert "REFUSED: not allowed to listen on UDP 127.0.0.1:69" in result.stdout
    for fix in (
        "sudo",
        "setcap cap_net_bind_service=+ep",
        "ip_unprivileged_port_start=69",
        "macOS",
        "firewall",
        "Windows",
        "--tftp-port 6969",
    ):
        assert fix in result.stdout, fix
    assert "--port" not in result.stdout.replace("--tftp-port", "")  # --port is the console line


def test_port_in_use_names_the_port_and_the_culprit():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as holder:
        holder.bind(("127.0.0.1", 0))
        port = holder.getsockname()[1]
        service = TftpService(EMPTY, bind="127.0.0.1", port=port)
        with pytest.raises(PortInUseError) as caught:
            service.start()
    assert f"127.0.0.1:{port} is already in use" in caught.value.message
    assert f"ss -ulpn 'sport = :{port}'" in caught.value.advice
    assert "tftpd-hpa" in caught.value.advice
    assert not service.ready.is_set()


def test_address_not_local_lists_this_machines_addresses():
    with pytest.raises(AddressNotLocalError) as caught:
        bind_udp("192.0.2.77", 0)
    assert "192.0.2.77 is not an address of this machine" in caught.value.message
    assert "127.0.0.1/8" in caught.value.advice


@pytest.mark.parametrize(("address", "port"), [("not-an-ip", 69), ("::1", 69), ("0.0.0.0", 70000)])
def test_bad_bind_arguments(address: str, port: int):
    with pytest.raises(BindError) as caught:
        bind_udp(address, port)
    assert caught.value.advice


def test_service_reports_the_ephemeral_port_and_stops_cleanly():
    service = TftpService(EMPTY, bind="127.0.0.1", port=0)
    assert not service.ready.is_set()
    with service:
        assert service.ready.is_set()
        assert service.port > 0
        with (
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe,
            pytest.raises(OSError, match="in use"),
        ):
            probe.bind(("127.0.0.1", service.port))  # really bound
    assert not service.ready.is_set()
    service.stop()  # idempotent


def test_local_interfaces_include_loopback_with_its_netmask():
    found = local_ipv4_interfaces()
    assert any(e.interface == ipaddress.IPv4Interface("127.0.0.1/8") for e in found), found
    assert all(e.name for e in found)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ioctls are Linux-only here")
def test_ioctl_and_portable_sources_agree_on_loopback():
    assert ipaddress.IPv4Interface("127.0.0.1/8") in [e.interface for e in from_ioctl()]
    assert ipaddress.IPv4Address("127.0.0.1") in [e.address for e in from_resolver()]


def test_catalog_entries_are_fingerprinted(served: Served):
    catalog = Catalog.from_paths([served.path("small.bin")])
    (entry,) = catalog.entries
    assert entry.name == "small.bin"
    assert entry.size == 70_000
    assert entry.sha256 == hashlib.sha256(served.path("small.bin").read_bytes()).hexdigest()
    assert entry.path == served.path("small.bin").resolve()


def test_catalog_lookup_by_name_or_clean_prefix(served: Served):
    catalog = Catalog.from_paths([served.path("small.bin")])
    assert catalog.lookup("small.bin").name == "small.bin"
    assert catalog.lookup("./tftpboot/small.bin").name == "small.bin"
    with pytest.raises(RequestRefusedError) as caught:
        catalog.lookup("small.bin.bak")
    assert caught.value.code == 1
    with pytest.raises(RequestRefusedError, match="NUL"):
        catalog.lookup("small.bin\x00")


def test_catalog_refuses_what_it_cannot_serve(served: Served, tmp_path: Path):
    with pytest.raises(CatalogError, match="No such file"):
        Catalog.from_paths([tmp_path / "missing.SPA"])
    with pytest.raises(CatalogError, match="not a regular file"):
        Catalog.from_paths([tmp_path])
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "small.bin").write_bytes(b"x")
    with pytest.raises(CatalogError, match=r"both named 'small\.bin'"):
        Catalog.from_paths([served.path("small.bin"), tmp_path / "other" / "small.bin"])
    (tmp_path / "imagé.SPA").write_bytes(b"x")
    with pytest.raises(CatalogError, match="printable ASCII"):
        Catalog.from_paths([tmp_path / "imagé.SPA"])
    assert len(Catalog.from_paths([])) == 0
