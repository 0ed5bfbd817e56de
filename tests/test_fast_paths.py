"""Property tests: the enrichment's fast paths give what the plain code they replace gives.

Each reference below is the simpler code a fast path replaced, kept here as its definition.
"""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from generator import claims, text
from tests.test_properties import PROPERTY


def words(*pieces: str, max_size: int = 40):
    """Texts made of `pieces`, where the fast paths and their references could part ways."""
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


def reference_spans(value: str) -> list[tuple[int, int]]:
    ends = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9])")
    spans, start = [], 0
    for match in ends.finditer(value):
        if not value.endswith(text.ABBREVIATIONS, 0, match.start()):
            spans.append((start, match.start()))
            start = match.start()
    spans.append((start, len(value)))
    return [(s, e) for s, e in spans if value[s:e].strip()]


@PROPERTY
@given(words(".", "!", "?", " ", "  ", "\n", "\"", "'", ")", "]", "(", "[", "A", "a", "1", "x", "e.g.", "i.e.",
             "et al.", "Fig.", "Sept.", "No.", "\u00a0", "É"))
@example("")
@example("  ")
@example("e.g. A. B")
def test_sentence_spans_are_those_of_the_plain_loop(value):
    assert text.sentence_spans(value) == reference_spans(value)


@PROPERTY
@given(words(" ", "  ", "(", ")", ",", ".", "-", "_", "{", "}", "/", "%", "1", "20", "19", "7", "3.5", "K", "B",
             "x", "×", "Jan", "Sept", "may", "et", " et al.", "al", "Smith", "shot", "bit", "billion", "GPT",
             "\u017f", "\u212a", "\u0130", "\u0661"))
@example("(Smith et al., 2020) Mar. 3, 2021 and GPT-3 at 10x, 7B and 5-shot")
def test_not_a_result_finds_what_its_alternatives_find(value):
    plain = re.compile(claims.NOT_RESULTS, re.IGNORECASE)
    assert [m.span() for m in claims.NOT_A_RESULT.finditer(value)] == [m.span() for m in plain.finditer(value)]
