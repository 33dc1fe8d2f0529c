"""`backup --tftp`: while the server waits for the unit, nobody else can plant a config.

The policy is the one `upload_running_config` gives the server (`config_upload_policy`); the
unit is curl sending from the unit's address (`--interface`), the planters are tftp-hpa and
curl from other addresses or under other names.
"""

from __future__ import annotations

import subprocess
from ipaddress import IPv4Address
from pathlib import Path

import pytest

from rommon_toolkit.rommon.workflows.upload import config_upload_policy
from rommon_toolkit.tftp_server import Catalog, TftpService
from rommon_toolkit.tftp_server.events import RequestRefused, ServerEvent, TransferFinished
from tests.conftest import require_tool

pytestmark = pytest.mark.realclient

NAME = "running-config-20260101T000000Z.cfg"
UNIT = "127.0.0.2"


def put_with_curl(port: int, source: Path, name: str, interface: str) -> int:
    argv = [require_tool("curl"), "-sS", "--interface", interface, "-T", str(source)]
    argv.append(f"tftp://127.0.0.1:{port}/{name}")
    return subprocess.run(argv, capture_output=True, timeout=60, check=False).returncode


def test_only_the_unit_can_upload_the_expected_name(tmp_path: Path):
    folder = tmp_path / "backup"
    folder.mkdir(mode=0o700)
    planted, config = tmp_path / "planted.cfg", tmp_path / "unit.cfg"
    planted.write_text("hostname attacker\n")
    config.write_text("hostname asa\n")
    events: list[ServerEvent] = []
    service = TftpService(
        Catalog.from_paths([]),
        bind="127.0.0.1",
        port=0,
        uploads=config_upload_policy(folder, NAME, IPv4Address(UNIT)),
        reserved_clients=[UNIT],
        on_event=events.append,
    )
    with service:
        hpa = [require_tool("tftp"), "-m", "binary", "127.0.0.1", str(service.port)]
        hpa += ["-c", "put", str(planted), NAME]
        subprocess.run(hpa, capture_output=True, timeout=60, check=False)
        assert put_with_curl(service.port, planted, NAME, "127.0.0.3") != 0
        assert put_with_curl(service.port, planted, "evil.cfg", UNIT) != 0
        assert list(folder.iterdir()) == []
        assert put_with_curl(service.port, config, NAME, UNIT) == 0
    assert [p.name for p in folder.iterdir()] == [NAME]
    assert (folder / NAME).read_text() == "hostname asa\n"
    assert (folder / NAME).stat().st_mode & 0o777 == 0o600
    refused = [e for e in events if isinstance(e, RequestRefused)]
    assert len(refused) == 3
    finished = [e for e in events if isinstance(e, TransferFinished)]
    assert [e.client[0] for e in finished] == [UNIT]


def test_an_unknown_unit_address_lets_nobody_upload(tmp_path: Path):
    policy = config_upload_policy(tmp_path, NAME, None)
    assert policy.clients == frozenset()
    assert policy.names == frozenset({NAME})


def test_the_recovery_link_reserves_the_unit_and_marks_survive_bounded_records(tmp_path: Path):
    from rommon_toolkit.rommon.workflows.bundled_tftp import TftpLink
    from tests.tftp.rawclient import ERROR, RawClient

    image = tmp_path / "asa.SPA"
    image.write_bytes(b"image" * 1000)
    with TftpLink([image], "127.0.0.1", 0, units=["127.0.0.2"]) as link:
        assert link.service.reserved_clients == frozenset({"127.0.0.2"})
        link.reserve("127.0.0.1")
        assert link.service.reserved_clients == frozenset({"127.0.0.1", "127.0.0.2"})
        with RawClient(link.port) as client:
            assert client.read("before.SPA").opcode == ERROR
        mark = link.mark()
        with RawClient(link.port) as client:
            assert client.read("after.SPA").opcode == ERROR
            content, _ = client.download("asa.SPA")
        view = link.view("asa.SPA", len(content), since=mark)
    assert content == image.read_bytes()
    assert view.requests == ("after.SPA", "asa.SPA")
    assert view.refusals == (("after.SPA", "not in the catalog"),)
