"""Plain-text helpers: sentences, first sentence, URLs in text."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice, pairwise

# A sentence ends at . ! or ? followed by space and a capital, digit or bracket,
# unless the period belongs to a common abbreviation.
ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "etc.", "vs.", "cf.", "Fig.", "Eq.", "approx.", "resp.", "No.",
                 "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.")
# The mark is matched (not looked behind for), so that the regex engine skips ahead to the next mark.
SENTENCE_END = re.compile("[.!?]" + "".join(f"(?<!{re.escape(a)})" for a in ABBREVIATIONS)
                          + r"[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9])")


def word_cues(alternation: str, after: str = r"\b") -> re.Pattern:
    """`\\b(?:alternation)` + `after`, without case. Each alternative starts with an ASCII letter; those
    letters are looked for first, so that the alternatives are tried only where one may match (~3x faster)."""
    firsts: set[str] = set()
    for alternative in alternatives(alternation):
        if not (alternative[:1].isascii() and alternative[:1].isalpha()) or alternative[1:2] in ("?", "*", "{"):
            raise ValueError(f"{alternative!r}: a word cue must start with a letter")
        firsts.update((alternative[0].lower(), alternative[0].upper()))
    return re.compile(rf"(?=[{''.join(sorted(firsts))}])\b(?:{alternation}){after}", re.IGNORECASE)


def alternatives(alternation: str) -> list[str]:
    """The alternatives of a regex alternation: split at each '|' outside brackets."""
    found, depth, escaped, start = [], 0, False, 0
    for i, char in enumerate(alternation):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            found.append(alternation[start:i])
            start = i + 1
    return [*found, alternation[start:]]


URL = re.compile(r"https?://[^\s<>\"'`()\[\]{}|\\^]+", re.IGNORECASE)
URL_TRAILING = ".,;:!?*_~"


def sentence_spans(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`; together they cover the text without gaps.
    With a `limit`, only the first `limit` sentences (the rest of the text is not read)."""
    ends = SENTENCE_END.finditer(text)
    cuts = [0, *[m.start() + 1 for m in (ends if limit is None else islice(ends, limit))], len(text)]
    # Every sentence holds its end mark, the last one the capital after the last end: none is blank but a lone one.
    spans = list(pairwise(cuts)) if len(cuts) > 2 or text.strip() else []
    return spans if limit is None else spans[:limit]


@lru_cache(maxsize=1 << 17)
def first_sentence(text: str, limit: int = 300) -> str:
    """The first sentence, cut at a word boundary when longer than `limit` (pages ask for it often: cached)."""
    spans = sentence_spans(text)
    sentence = text[spans[0][0]: spans[0][1]].strip() if spans else text.strip()
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    return sentence


def urls_in(text: str) -> list[str]:
    """http(s) URLs in text, trailing punctuation removed, in order, without repeats."""
    if "://" not in text:  # most abstracts: told without the regex
        return []
    found: list[str] = []
    for match in URL.finditer(text):
        url = match.group(0).rstrip(URL_TRAILING)
        if (url.count("/") >= 3 or "." in url.split("//", 1)[1]) and url not in found:
            found.append(url)
    return found
