"""Property tests: the enrichment's fast paths give what the plain code they replace gives.

Each reference below is the simpler code a fast path replaced, kept here as its definition.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from generator import claims, mentions, roles, text, topics
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


CUES = [(roles.BACKGROUND, r"\b(?:{})\b"), (roles.FIRST_PERSON, r"\b(?:{})\b"), (roles.EVALUATION, r"\b(?:{})\w*"),
        (topics.CLAIM, r"\b(?:{})\b")]


def cue_texts(cue):
    """Texts made of the words the cue's alternatives begin with, in any case, and of words near them."""
    heads = [re.match(r"[\w ]*", a).group(0) for a in text.alternatives(alternation(cue[0]))]
    pieces = [*heads, *(h.upper() for h in heads), *(h.title() for h in heads), " ", "-", ".", "s", "ed", "ing",
              " paper", "as", "-of-", "x", "é", "\u017f", "\u212a", "\u0130"]
    return st.tuples(st.just(cue), words(*pieces, max_size=12))


def alternation(pattern: re.Pattern) -> str:
    return pattern.pattern.split(r"\b(?:", 1)[1].rsplit(")", 1)[0]


@PROPERTY
@given(st.sampled_from(CUES).flatmap(cue_texts))
@example(((roles.BACKGROUND, r"\b(?:{})\b"), "We use e.g. the proposed method; \u017fuch as"))
def test_word_cues_find_what_their_plain_regex_finds(case):
    (pattern, shape), value = case
    plain = re.compile(shape.format(alternation(pattern)), re.IGNORECASE)
    assert [m.span() for m in pattern.finditer(value)] == [m.span() for m in plain.finditer(value)]


def test_word_cues_start_with_a_letter():
    assert text.alternatives(r"a|test(?:ed|ing)\b|x[|]y|b\|z") == ["a", r"test(?:ed|ing)\b", "x[|]y", r"b\|z"]
    assert text.word_cues("we|our").pattern == r"(?=[OWow])\b(?:we|our)\b"
    for bad in ["we|(?:our)", r"we|\bour", "we|o?ur", "we|", "é"]:
        with pytest.raises(ValueError):
            text.word_cues(bad)


def reference_candidates(index: mentions.NameIndex, value: str) -> list[tuple[int, int, list]]:
    found, cursor = [], 0
    for run in mentions.CANDIDATE.finditer(value):
        texts, start = index.texts.get(run.group(0)), run.start()
        if texts is None or start < cursor or mentions.joined_before(value, start):
            continue
        for length in index.lengths[run.group(0)]:
            if (names := texts.get(value[start:start + length])) is not None:
                found.append((start, start + length, names))
                cursor = start + length
                break
    return found


NAME_PIECES = ["A", "LoRA", "GPT", "-3", " 2", "x", "B", "1", "é", "Q", "aB", "Net"]


@PROPERTY
@given(st.lists(words(*NAME_PIECES, max_size=4), max_size=8),
       words(*NAME_PIECES, " ", "-", ".", "/", "(", "lora", "\u212a", "\U0001d400", max_size=30))
@example(["LoRA", "GPT-3", "A B"], "LoRA GPT-3 A B xLoRA LoRAx -LoRA é LoRA A-B GPT-3.5")
def test_name_candidates_are_those_of_the_run_by_run_look_up(texts, value):
    names = [mentions.Name(t, f"p{i}") for i, t in enumerate(texts)
             if mentions.FIRST_RUN.match(t) and mentions.CANDIDATE.match(t)]
    index = mentions.NameIndex(names)
    assert index.candidates(value) == reference_candidates(index, value)
