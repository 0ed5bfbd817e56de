"""Finding names and phrases in text with word boundaries, case rules and longest match.

All phrases of an index are compiled into one regex per case rule, shaped as a trie
(phrases that share a beginning share a branch). The regexes are tried only where a match
may begin, which an Aho-Corasick automaton finds in one fast pass over the text
(`Beginnings`), and find there what their `finditer` would.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

import ahocorasick_rs

# A name starts and ends on a word boundary; a hyphen followed by a word character
# counts as part of a longer name ("MMLU" does not match inside "MMLU-Pro").
LEFT_BOUNDARY = r"(?<![\w-])"
RIGHT_BOUNDARY = r"(?![\w])(?!-\w)"

SEPARATOR = None  # the trie atom standing for the space between two words
END = ""  # the trie key marking that a phrase ends at a node
STRICT_SEPARATOR = r"\s+"  # words separated by whitespace
FLEXIBLE_SEPARATOR = r"[\s-]*"  # words separated by whitespace, hyphens or nothing
BOUNDARIES = (b" ", b".")  # the classes (`character_classes`) of what may stand before or after a phrase
RUN = b"  "  # two separators together (a run of them, as in "vision -- language"), as classed
TARGETS_REMEMBERED = 4096  # matched texts whose targets an index remembers (the same few recur)


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


def character_classes(flexible: bool) -> bytes:
    """A `bytes.translate` table for an ASCII-encoded text: a word character stays itself, whitespace
    (and a hyphen, which separates words in a flexible index) becomes a space, anything else a dot."""
    def of(char: str) -> str:
        if re.match(r"\w", char):
            return char
        return " " if re.match(r"\s", char) or (flexible and char == "-") else "."
    return bytes(ord(of(chr(i))) if i < 128 else ord(".") for i in range(256))


class Beginnings:
    """Every place in a text where one of some phrases may begin (and a few more), found by an
    Aho-Corasick automaton in the text's character classes (`character_classes`): a boundary,
    the first word, then what must follow it: the end of the phrase for a word alone, else the
    second word after one separator (whitespace, or a hyphen or nothing in a flexible index), or
    a run of separators."""

    def __init__(self, phrases: list[str], flexible: bool) -> None:
        self.classes = character_classes(flexible)
        separators = (b"", b" ") if flexible else (b" ",)
        keys: set[bytes] = set()
        for words in ([self.mapped(w) for w in phrase_words(p, flexible)] for p in phrases):
            follows = [RUN, *(s + words[1] for s in separators)] if len(words) > 1 else BOUNDARIES
            keys.update(before + words[0] + follow for before in BOUNDARIES for follow in follows)
        self.automaton = ahocorasick_rs.BytesAhoCorasick(sorted(keys))

    def mapped(self, text: str) -> bytes:
        """The classes of the characters of `text`, one byte each (any non-ASCII character is a dot)."""
        return text.encode("ascii", "replace").translate(self.classes)

    def places(self, text: str) -> list[int] | None:
        """The places, in order; None for a text with non-ASCII whitespace, which would be classed a dot
        (every whitespace character but the space is unprintable)."""
        if not (text.isascii() or text.isprintable()):
            return None
        mapped = self.mapped(f".{text}.")  # a match may begin at the start and end at the end
        # A key found starts with the boundary before the word: in the text, that is where the word starts.
        return sorted({start for _, start, _ in self.automaton.find_matches_as_indexes(mapped, overlapping=True)})


def regex_matches(pattern: re.Pattern, text: str, places: list[int] | None) -> Iterable[re.Match]:
    """What `pattern.finditer(text)` finds (leftmost matches, each looked for from the end of the one
    before), trying the pattern only at `places` if given: every place where it can match, in order."""
    if places is None:
        return pattern.finditer(text)
    found = []
    end = 0
    for place in places:
        if place >= end and (match := pattern.match(text, place)):
            end = match.end()
            found.append(match)
    return found


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
        # Where a match of either regex may begin is found in the lower-cased text (when as long as the
        # text): a text that matches a phrase, lower-cased, holds the lower-cased phrase at the same place.
        # A phrase without words (matching nothing, or an empty text anywhere) leaves it to the regexes.
        lowered = [p.lower() for p in exact_phrases + folded_phrases]
        worded = bool(lowered) and all(phrase_words(p, self.flexible) for p in lowered)
        self._beginnings = Beginnings(lowered, self.flexible) if worded else None
        self._exact_target = lru_cache(TARGETS_REMEMBERED)(lambda text: self.exact.get(phrase_key(text, self.flexible)))
        self._folded_target = lru_cache(TARGETS_REMEMBERED)(
            lambda text: self.folded.get(phrase_key(text, self.flexible).lower()))

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
        """Non-overlapping matches, longest first where two candidates overlap (the case-sensitive
        one where they are as long)."""
        lowered = text.lower()
        same_length = len(lowered) == len(text)
        places = self._beginnings.places(lowered) if self._beginnings is not None and same_length else None
        candidates: list[tuple[int, int, str, str]] = []  # start, -length, target, text
        if self._exact_re is not None:
            for m in regex_matches(self._exact_re, text, places):
                found = m.group(0)
                target = self._exact_target(found)
                if target is not None:
                    candidates.append((m.start(), -len(found), target, found))
        if self._folded_re is not None:
            if same_length:
                matches = regex_matches(self._folded_re, lowered, places)
            else:
                matches = self._folded_fallback.finditer(text)
            for m in matches:
                target = self._folded_target(m.group(0))
                if target is not None:
                    start, end = m.span()
                    candidates.append((start, start - end, target, text[start:end]))
        candidates.sort(key=itemgetter(0, 1))  # stable: of two as long, the case-sensitive one first
        chosen: list[Match] = []
        end = 0
        for start, negative_length, target, found in candidates:
            if start >= end:
                end = start - negative_length
                chosen.append(Match(start, end, target, found))
        return chosen
