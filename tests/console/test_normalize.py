"""The normaliser gives the same text however the input is cut into chunks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rommon_toolkit.console.normalize import Normaliser, normalise_all

PIECES = ["\r", "\n", "a", "b", " ", "\x00", "\x1b", "[", "0", "m", "]", "\x07", "K", "1", ";"]


def feed_in_chunks(text: str, cuts: list[int]) -> str:
    normaliser = Normaliser()
    out, start = [], 0
    for cut in [*sorted({c % (len(text) + 1) for c in cuts}), len(text)]:
        out.append(normaliser.feed(text[start:cut]))
        start = cut
    out.append(normaliser.flush())
    return "".join(out)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.lists(st.integers(0, 60), max_size=8))
def test_chunking_never_changes_the_result(pieces: list[str], cuts: list[int]) -> None:
    text = "".join(pieces)
    assert feed_in_chunks(text, cuts) == normalise_all(text)


def test_byte_at_a_time_equals_whole() -> None:
    text = "Boot in 10 seconds.\rBoot interrupted.  \r\n\r\nrommon 1 > \x1b[0m\n\rok\r\n\r"
    normaliser = Normaliser()
    whole = "".join(normaliser.feed(c) for c in text) + normaliser.flush()
    assert whole == normalise_all(text)


def test_line_ends_become_single_newlines() -> None:
    assert normalise_all("a\r\nb\r\n\rc\n\rd\re\nf") == "a\nb\nc\nd\ne\nf"
    assert normalise_all("a\r\n\r\nb") == "a\n\nb"


def test_cr_at_a_chunk_end_then_lf_is_one_line_end() -> None:
    normaliser = Normaliser()
    assert normaliser.feed("rommon 1 > set\r") == "rommon 1 > set\n"
    assert normaliser.feed("\n    ADDRESS=\r") == "    ADDRESS=\n"
    assert normaliser.feed("\n\r") == ""
    assert normaliser.feed("x") == "x"


def test_ansi_and_nul_are_removed_even_when_split() -> None:
    normaliser = Normaliser()
    out = (
        normaliser.feed("\x1b[1;3")
        + normaliser.feed("1mciscoasa\x00#\x1b")
        + normaliser.feed("[0m ")
    )
    assert out == "ciscoasa# "


def test_osc_title_is_removed() -> None:
    assert normalise_all("\x1b]0;title\x07rommon 1 > ") == "rommon 1 > "


def test_line_noise_is_dropped_from_matched_text() -> None:
    from rommon_toolkit.console.normalize import Normaliser

    noisy = "rommon \ufffd#1> ADDR\x85ESS=10.0.0.2\r\n"
    assert Normaliser().feed(noisy) == "rommon #1> ADDRESS=10.0.0.2\n"
