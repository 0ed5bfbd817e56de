"""Plain-text helpers: sentences, first sentence, URLs in text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

# A sentence ends at . ! or ? followed by space and a capital, digit or bracket,
# unless the period belongs to a common abbreviation.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9])")
ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "etc.", "vs.", "cf.", "Fig.", "Eq.", "approx.", "resp.", "No.",
                 "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.")
URL = re.compile(r"https?://[^\s<>\"'`()\[\]{}|\\^]+", re.IGNORECASE)
URL_TRAILING = ".,;:!?*_~"


def _all_spans(text: str) -> Iterator[tuple[int, int]]:
    """Every span between sentence ends, empty ones included, in order."""
    start = 0
    for match in SENTENCE_END.finditer(text):
        if text.endswith(ABBREVIATIONS, 0, match.start()):
            continue
        yield start, match.start()
        start = match.start()
    yield start, len(text)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`; together they cover the text without gaps."""
    return [(s, e) for s, e in _all_spans(text) if text[s:e].strip()]


@lru_cache(maxsize=1 << 17)
def first_sentence(text: str, limit: int = 300) -> str:
    """The first sentence, cut at a word boundary when longer than `limit` (pages ask for it often: cached)."""
    span = next(((s, e) for s, e in _all_spans(text) if text[s:e].strip()), None)
    sentence = text[span[0]: span[1]].strip() if span else text.strip()
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    return sentence


def urls_in(text: str) -> list[str]:
    """http(s) URLs in text, trailing punctuation removed, in order, without repeats."""
    found: list[str] = []
    for match in URL.finditer(text):
        url = match.group(0).rstrip(URL_TRAILING)
        if (url.count("/") >= 3 or "." in url.split("//", 1)[1]) and url not in found:
            found.append(url)
    return found
