"""tftpdnld failure diagnosis from the unit's output and the server's view."""

from __future__ import annotations

import pytest

from rommon_toolkit.rommon.decisions.tftpdnld_diagnosis import ServerView, TftpFailure, diagnose

IMAGE = "asa9-16-4-85-lfbff-k8.SPA"


def _view(**changes: object) -> ServerView:
    base: dict[str, object] = {
        "requests": (IMAGE,),
        "refusals": (),
        "completed_bytes": 0,
        "failed": (),
        "image_size": 1000,
    }
    base.update(changes)
    return ServerView(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("output", "view", "kind"),
    [
        ("", _view(requests=()), TftpFailure.NO_REQUEST),
        ("", _view(refusals=(("asa.SPA", "not in the catalog"),)), TftpFailure.NAME_REFUSED),
        ("File not found\n", _view(), TftpFailure.FILE_NOT_FOUND),
        ("", _view(completed_bytes=1000), TftpFailure.IMAGE_REJECTED),
        ("", _view(failed=("no ACK for 60 s",)), TftpFailure.TRANSFER_FAILED),
        ("", _view(), TftpFailure.UNKNOWN),
        ("File not found", None, TftpFailure.FILE_NOT_FOUND),
        ("", None, TftpFailure.UNKNOWN),
    ],
)
def test_failure_kinds(output: str, view: ServerView | None, kind: TftpFailure) -> None:
    assert diagnose(output, view, IMAGE).kind is kind


def test_no_request_names_the_usual_causes_and_allows_one_retry() -> None:
    diagnosis = diagnose("", _view(requests=()), IMAGE)
    assert "Management1/1" in diagnosis.advice
    assert "firewall" in diagnosis.advice
    assert diagnosis.attempts_allowed == 2


def test_deterministic_failures_are_not_retried() -> None:
    for view in (_view(completed_bytes=1000), _view(refusals=(("x", "y"),))):
        assert diagnose("", view, IMAGE).attempts_allowed == 1
    assert diagnose("", _view(failed=("timeout",)), IMAGE).attempts_allowed == 3
