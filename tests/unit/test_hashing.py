"""SHA-512 streaming with progress, and reading the expected value."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from rommon_toolkit.rommon.errors import PreflightError
from rommon_toolkit.rommon.workflows.hashing import expected_sha512, require_match, sha512_of


def test_sha512_matches_hashlib_and_reports_progress(tmp_path: Path) -> None:
    data = bytes(range(256)) * 9000  # about 2.2 MiB: more than one chunk
    image = tmp_path / "asa.SPA"
    image.write_bytes(data)
    seen: list[tuple[int, int]] = []
    assert sha512_of(image, lambda done, total: seen.append((done, total))) == (
        hashlib.sha512(data).hexdigest()
    )
    assert len(seen) >= 3
    assert seen[-1] == (len(data), len(data))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_expected_value_from_a_sha512sum_file_picks_the_named_line(tmp_path: Path) -> None:
    one, two = "a" * 128, "b" * 128
    sums = tmp_path / "SHA512SUMS"
    sums.write_text(f"{one}  asa9-16-4-85-lfbff-k8.SPA\n{two}  other.SPA\n")
    assert expected_sha512(None, sums, "asa9-16-4-85-lfbff-k8.SPA") == one


def test_expected_value_from_a_bare_file_and_the_command_line(tmp_path: Path) -> None:
    bare = tmp_path / "hash.txt"
    bare.write_text(("C" * 128) + "\n")
    assert expected_sha512(None, bare, "x.SPA") == "c" * 128
    assert expected_sha512(" " + "D" * 128 + " ", None, "x.SPA") == "d" * 128
    assert expected_sha512(None, None, "x.SPA") is None


@pytest.mark.parametrize("bad", ["abc", "g" * 128, "a" * 64])
def test_malformed_hash_is_refused(bad: str) -> None:
    with pytest.raises(PreflightError, match="not a SHA-512"):
        expected_sha512(bad, None, "x.SPA")


def test_ambiguous_hash_file_is_refused(tmp_path: Path) -> None:
    sums = tmp_path / "sums"
    sums.write_text(f"{'a' * 128}  one.SPA\n{'b' * 128}  two.SPA\n")
    with pytest.raises(PreflightError, match="exactly one SHA-512"):
        expected_sha512(None, sums, "three.SPA")


def test_mismatch_shows_both_values() -> None:
    with pytest.raises(PreflightError) as caught:
        require_match("1" * 128, "2" * 128, "asa.SPA")
    assert caught.value.problems == [f"expected {'2' * 128}", f"computed {'1' * 128}"]
    require_match("1" * 128, None, "asa.SPA")
