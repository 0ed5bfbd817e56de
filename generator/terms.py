"""Finding names and phrases in text with word boundaries, case rules and longest match.

All phrases of an index are compiled into one regex per case rule, shaped as a trie
(phrases that share a beginning share a branch), so finding them costs one pass over the
text whatever the number of phrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A name starts and ends on a word boundary; a hyphen followed by a word character
# counts as part of a longer name ("MMLU" does not match inside "MMLU-Pro").
LEFT_BOUNDARY = r"(?<![\w-])"
RIGHT_BOUNDARY = r"(?![\w])(?!-\w)"

SEPARATOR = None  # the trie atom standing for the space between two words
END = ""  # the trie key marking that a phrase ends at a node
STRICT_SEPARATOR = r"\s+"  # words separated by whitespace
FLEXIBLE_SEPARATOR = r"[\s-]*"  # words separated by whitespace, hyphens or nothing


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    target: str  # what the phrase stands for (a topic, benchmark or paper slug)
    text: str  # the text as it stands in the input


FLEXIBLE_SPLIT = re.compile(r"[\s-]+")
STRICT_SPLIT = re.compile(r"\s+")


def phrase_words(phrase: str, flexible: bool = False) -> list[str]:
    """The words of a phrase; with `flexible`, hyphens separate words too."""
    return [word for word in (FLEXIBLE_SPLIT if flexible else STRICT_SPLIT).split(phrase.strip()) if word]


def phrase_key(text: str, flexible: bool = False) -> str:
    """What a phrase and every text it matches have in common: its words, joined."""
    if flexible:
        return FLEXIBLE_SPLIT.sub("", text)
    return " ".join(STRICT_SPLIT.split(text.strip()))


def phrase_pattern(phrase: str, flexible: bool = False) -> str:
    """A regex for one phrase: its words in order, separated as the index allows."""
    separator = FLEXIBLE_SEPARATOR if flexible else STRICT_SEPARATOR
    return separator.join(re.escape(word) for word in phrase_words(phrase, flexible))


def trie_pattern(phrases: list[str], flexible: bool = False) -> str:
    """One regex matching any of `phrases`, built as a trie; longer phrases are tried first."""
    root: dict = {}
    for phrase in phrases:
        node = root
        for i, word in enumerate(phrase_words(phrase, flexible)):
            if i:
                node = node.setdefault(SEPARATOR, {})
            for char in word:
                node = node.setdefault(char, {})
        node[END] = {}
    return _node_pattern(root, FLEXIBLE_SEPARATOR if flexible else STRICT_SEPARATOR)


def _node_pattern(node: dict, separator: str) -> str:
    branches = []
    # Characters before the separator, so "NaturalQuestions Open" is tried before "Natural Questions".
    for atom in sorted((a for a in node if a != END), key=lambda a: (a is SEPARATOR, a or "")):
        head = separator if atom is SEPARATOR else re.escape(atom)
        branches.append(head + _node_pattern(node[atom], separator))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if END in node:
        return f"(?:{body})?"
    return body


@dataclass
class TermIndex:
    """Many phrases compiled into two regexes (case-sensitive and not) for one pass each."""

    exact: dict[str, str]  # phrase key → target, matched with case
    folded: dict[str, str]  # lower-cased phrase key → target, matched without case
    flexible: bool = False  # words may also be joined by hyphens or nothing ("NaturalQuestions")
    phrases: tuple[str, ...] = ()  # the phrases as given (the keys stand for them when empty)
    suffixes: tuple[str, ...] = ()  # hyphenated words that may follow a phrase ("Common Crawl-based")

    @classmethod
    def build(cls, phrases: list[tuple[str, str, bool]], *, flexible: bool = False,
              suffixes: tuple[str, ...] = ()) -> TermIndex:
        """`phrases`: (phrase, target, case_sensitive). The first target given for a phrase wins.

        `flexible`: words may be joined by spaces, hyphens or nothing. `suffixes`: words that may
        follow a phrase after a hyphen without making it part of a longer name ("-based", "-style").
        """
        exact: dict[str, str] = {}
        folded: dict[str, str] = {}
        for phrase, target, case_sensitive in phrases:
            key = phrase_key(phrase, flexible)
            if not key:
                continue
            if case_sensitive:
                exact.setdefault(key, target)
            else:
                folded.setdefault(key.lower(), target)
        return cls(exact, folded, flexible, tuple(dict.fromkeys(p for p, _, _ in phrases)), tuple(suffixes))

    def __post_init__(self) -> None:
        exact_keys, folded_keys = set(self.exact), set(self.folded)
        exact_phrases = [p for p in self.phrases if phrase_key(p, self.flexible) in exact_keys] or list(self.exact)
        folded_phrases = ([p for p in self.phrases if phrase_key(p, self.flexible).lower() in folded_keys]
                          or list(self.folded))
        self._exact_re = self._compile(exact_phrases)
        # Matching without case runs a case-sensitive regex of lower-case phrases over the
        # lower-cased text: much faster than re.IGNORECASE (the fallback when lower-casing
        # would change the text's length, so offsets would shift).
        self._folded_re = self._compile([p.lower() for p in folded_phrases])
        self._folded_fallback = self._compile([p.lower() for p in folded_phrases], re.IGNORECASE)

    def _compile(self, phrases: list[str], flags: int = 0) -> re.Pattern | None:
        if not phrases:
            return None
        body = trie_pattern(phrases, self.flexible)
        # Starting with the set of possible first characters lets the regex engine skip ahead.
        first = "".join(sorted({re.escape(p.lstrip()[0]) for p in phrases if p.strip()}))
        right = RIGHT_BOUNDARY
        if self.suffixes:
            allowed = "|".join(re.escape(s) for s in self.suffixes)
            right = rf"(?![\w])(?!-(?!(?:{allowed})\b)\w)"
        return re.compile(f"(?=[{first}]){LEFT_BOUNDARY}(?:{body}){right}", flags)

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches, longest first where two candidates overlap."""
        candidates: list[Match] = []
        if self._exact_re is not None:
            for m in self._exact_re.finditer(text):
                target = self.exact.get(phrase_key(m.group(0), self.flexible))
                if target is not None:
                    candidates.append(Match(m.start(), m.end(), target, m.group(0)))
        if self._folded_re is not None:
            lowered = text.lower()
            folded_re = self._folded_re if len(lowered) == len(text) else self._folded_fallback
            for m in folded_re.finditer(lowered if folded_re is self._folded_re else text):
                target = self.folded.get(phrase_key(m.group(0), self.flexible).lower())
                if target is not None:
                    candidates.append(Match(m.start(), m.end(), target, text[m.start():m.end()]))
        candidates.sort(key=lambda m: (m.start, -(m.end - m.start)))
        chosen: list[Match] = []
        for match in candidates:
            if chosen and match.start < chosen[-1].end:
                continue
            chosen.append(match)
        return chosen
