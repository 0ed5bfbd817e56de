"""Finding names and phrases in text with word boundaries, case rules and longest match."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A name starts and ends on a word boundary; a hyphen followed by a word character
# counts as part of a longer name ("MMLU" does not match inside "MMLU-Pro").
LEFT_BOUNDARY = r"(?<![\w-])"
RIGHT_BOUNDARY = r"(?![\w])(?!-\w)"


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    target: str  # what the phrase stands for (a topic, benchmark or paper slug)
    text: str  # the text as it stands in the input


def phrase_pattern(phrase: str) -> str:
    """A regex for a phrase: its words in order, any run of spaces or hyphens between."""
    words = [re.escape(word) for word in re.split(r"[\s]+", phrase.strip()) if word]
    return r"\s+".join(words)


@dataclass
class TermIndex:
    """Many phrases compiled into two regexes (case-sensitive and not) for one pass each."""

    exact: dict[str, str]  # phrase → target, matched with case
    folded: dict[str, str]  # casefolded phrase → target, matched without case

    @classmethod
    def build(cls, phrases: list[tuple[str, str, bool]]) -> TermIndex:
        """`phrases`: (phrase, target, case_sensitive)."""
        exact: dict[str, str] = {}
        folded: dict[str, str] = {}
        for phrase, target, case_sensitive in phrases:
            if case_sensitive:
                exact.setdefault(" ".join(phrase.split()), target)
            else:
                folded.setdefault(" ".join(phrase.casefold().split()), target)
        return cls(exact, folded)

    def __post_init__(self) -> None:
        self._exact_re = self._compile(self.exact, 0)
        self._folded_re = self._compile(self.folded, re.IGNORECASE)

    @staticmethod
    def _compile(phrases: dict[str, str], flags: int) -> re.Pattern | None:
        if not phrases:
            return None
        # Longest first, so the alternation prefers "MMLU-Pro" over "MMLU".
        ordered = sorted(phrases, key=len, reverse=True)
        body = "|".join(phrase_pattern(p) for p in ordered)
        return re.compile(f"{LEFT_BOUNDARY}(?:{body}){RIGHT_BOUNDARY}", flags)

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches, longest first where two candidates overlap."""
        candidates: list[Match] = []
        if self._exact_re is not None:
            for m in self._exact_re.finditer(text):
                target = self.exact.get(" ".join(m.group(0).split()))
                if target is not None:
                    candidates.append(Match(m.start(), m.end(), target, m.group(0)))
        if self._folded_re is not None:
            for m in self._folded_re.finditer(text):
                target = self.folded.get(" ".join(m.group(0).casefold().split()))
                if target is not None:
                    candidates.append(Match(m.start(), m.end(), target, m.group(0)))
        candidates.sort(key=lambda m: (m.start, -(m.end - m.start)))
        chosen: list[Match] = []
        for match in candidates:
            if chosen and match.start < chosen[-1].end:
                continue
            chosen.append(match)
        return chosen
