"""The virtual LAN's server directory: a unit with TFTP port 0 finds the port the OS chose."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from rommon_toolkit.simulator import lan
from rommon_toolkit.simulator.errors import TftpTimeoutError
from rommon_toolkit.simulator.tftp_client import TftpClient, TftpSettings
from tests.sim.tftpd import TftpServer


@pytest.fixture(autouse=True)
def _empty_directory() -> Iterator[None]:
    yield
    for host in (lan.ANY_ADDRESS, "127.0.0.1", "10.0.0.9"):  # ANY first: others fall back to it
        while (port := lan.announced_tftp_port(host)) is not None:
            lan.withdraw_tftp(host, port)


def test_the_newest_server_answers_and_an_older_one_answers_again_once_it_stops() -> None:
    lan.announce_tftp("127.0.0.1", 40001)
    lan.announce_tftp("127.0.0.1", 40002)
    assert lan.announced_tftp_port("127.0.0.1") == 40002
    lan.withdraw_tftp("127.0.0.1", 40002)
    assert lan.announced_tftp_port("127.0.0.1") == 40001
    lan.withdraw_tftp("127.0.0.1", 40001)
    assert lan.announced_tftp_port("127.0.0.1") is None


def test_a_server_on_every_address_answers_for_each_address() -> None:
    lan.announce_tftp(lan.ANY_ADDRESS, 40003)
    assert lan.announced_tftp_port("10.0.0.9") == 40003
    lan.announce_tftp("10.0.0.9", 40004)
    assert lan.announced_tftp_port("10.0.0.9") == 40004


def test_each_request_retry_goes_to_whoever_listens_now(tftp_server: TftpServer) -> None:
    (tftp_server.root / "f.bin").write_bytes(b"x" * 700)
    asked: list[int | None] = []

    def listening_from_the_second_try() -> int | None:
        asked.append(None if not asked else tftp_server.port)
        return asked[-1]

    settings = TftpSettings(port=lan.ANNOUNCED, timeout=0.2, retries=3)
    client = TftpClient("127.0.0.1", settings=settings, server_port=listening_from_the_second_try)
    sink = io.BytesIO()
    client.download("f.bin", sink)
    assert sink.getvalue() == b"x" * 700
    assert asked == [None, tftp_server.port]  # asked once per request sent, not per block


def test_nobody_announced_times_out_after_the_retries() -> None:
    settings = TftpSettings(port=lan.ANNOUNCED, timeout=0.05, retries=2)
    client = TftpClient(
        "127.0.0.1", settings=settings, server_port=lambda: lan.announced_tftp_port("127.0.0.1")
    )
    with pytest.raises(TftpTimeoutError, match="after 2 retries"):
        client.download("f.bin", io.BytesIO())
