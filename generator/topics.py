"""Assigning topics to papers from the match rules in topics.yml.

A paper joins a topic because it is about it, not because a word appears once in
passing: a term in the title weighs most, a sentence of the abstract that states the
paper's own work ("we propose…", "this paper…") weighs more than a background remark,
and each sentence counts once per topic however often it repeats a term. Phrases listed
under `exclude` shield the words inside them ("part-of-speech" is not speech).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from .model import Paper
from .taxonomy import Topic
from .terms import Match, TermIndex
from .text import sentence_spans

TITLE_WEIGHT = 3.0
CLAIM_WEIGHT = 1.0
REMARK_WEIGHT = 0.5
# A paper in no topic joins its best one if that has at least this much evidence
# (one sentence about its own work, never a passing remark alone).
FALLBACK_SCORE = 1.0
# A sentence that speaks of the paper's own work ...
CLAIM = re.compile(r"\b(?:we|our|us|this (?:paper|work|study|article|survey|review|report|thesis|manuscript)"
                   r")\b", re.IGNORECASE)
# ... or names the paper's own method: the short name before the title's colon.
OWN_NAME = re.compile(r"^\s*([^:]{2,40}):")
# Words as TermIndex sees them: a hyphenated compound is one word ("prompt" is not in
# "prompt-based"), and a word right after a hyphen is part of the compound.
SPLIT = re.compile(r"((?<![\w-])\w+(?:-\w+)*)")
PLAIN_PHRASE = re.compile(r"^\w+(?:-\w+)*(?:\s+\w+(?:-\w+)*)*$")


@dataclass
class PhraseIndex:
    """Phrases found word by word with dictionary look-ups, so the cost of `find` does not
    grow with the number of phrases (one big regex alternation does: 1.5 ms an abstract for
    the shipped topics). Same word boundaries and case rules as terms.TermIndex, which still
    handles the few phrases that are not plain words (punctuation inside: "V&L"). Every
    match is returned, overlapping ones too (term_hits picks among them)."""

    exact: dict[tuple[str, ...], set[str]]
    folded: dict[tuple[str, ...], set[str]]
    prefixes: set[tuple[str, ...]]  # every proper prefix of a phrase ...
    firsts: tuple[set[str], set[str]]  # ... and every first word (exact, folded): the fast way out
    other: TermIndex

    @classmethod
    def build(cls, phrases: list[tuple[str, str, bool]]) -> PhraseIndex:
        """`phrases`: (phrase, target, case_sensitive)."""
        exact: dict[tuple[str, ...], set[str]] = {}
        folded: dict[tuple[str, ...], set[str]] = {}
        prefixes: set[tuple[str, ...]] = set()
        other = []
        for phrase, target, case_sensitive in phrases:
            if not PLAIN_PHRASE.match(phrase.strip()):
                other.append((phrase, target, case_sensitive))
                continue
            words = tuple(phrase.split()) if case_sensitive else tuple(phrase.casefold().split())
            (exact if case_sensitive else folded).setdefault(words, set()).add(target)
            prefixes.update(words[:n] for n in range(1, len(words)))
        firsts = ({words[0] for words in exact}, {words[0] for words in folded})
        return cls(exact, folded, prefixes, firsts, TermIndex.build(other))

    def find(self, text: str) -> list[Match]:
        parts = SPLIT.split(text)  # separator, word, separator, word, …, separator
        words = parts[1::2]
        tables = ((self.exact, words, self.firsts[0]),
                  (self.folded, [w.casefold() for w in words], self.firsts[1]))
        offsets: list[int] = []  # where each part starts, computed on the first match
        matches = self.other.find(text)
        for i in range(len(words)):
            for table, seq, firsts in tables:
                if seq[i] not in firsts:
                    continue
                key: tuple[str, ...] = ()
                for j in range(i, len(words)):
                    if j > i and parts[2 * j].strip():
                        break  # only spaces may separate the words of a phrase
                    key += (seq[j],)
                    targets = table.get(key, ())
                    if targets:
                        offsets = offsets or [0, *accumulate(map(len, parts))]
                        start, end = offsets[2 * i + 1], offsets[2 * j + 2]
                        matches += [Match(start, end, target, text[start:end]) for target in targets]
                    if key not in self.prefixes:
                        break
        return matches


SHIELD = "!"  # the target of an excluded phrase is its topic's slug after this mark


@dataclass(frozen=True)
class TopicIndex:
    """The match rules of every topic, compiled: one index for the abstract, one for the title
    (with the title-only terms); both hold the shields, as SHIELD + topic slug."""

    abstract: PhraseIndex
    title: PhraseIndex

    @classmethod
    def build(cls, topics: list[Topic]) -> TopicIndex:
        rules = [(t, topic.slug, False) for topic in topics for t in topic.terms]
        rules += [(t, topic.slug, True) for topic in topics for t in topic.exact_terms]
        rules += [(t, SHIELD + topic.slug, False) for topic in topics for t in topic.exclude]
        title = rules + [(t, topic.slug, False) for topic in topics for t in topic.title_terms]
        return cls(PhraseIndex.build(rules), PhraseIndex.build(title))


def term_hits(text: str, index: PhraseIndex) -> list[Match]:
    """The topic terms found in `text`: where terms overlap the longest wins (all the topics
    of that phrase count), as in terms.TermIndex; then those inside an excluded phrase of
    the same topic are dropped."""
    found = index.find(text)
    shields = [m for m in found if m.target.startswith(SHIELD)]
    terms = sorted((m for m in found if not m.target.startswith(SHIELD)), key=lambda m: (m.start, m.start - m.end))
    kept: list[Match] = []
    for match in terms:
        if kept and match.start < kept[-1].end and (match.start, match.end) != (kept[-1].start, kept[-1].end):
            continue
        kept.append(match)
    return [m for m in kept
            if not any(s.target[1:] == m.target and s.start < m.end and m.start < s.end for s in shields)]


def topic_scores(paper: Paper, index: TopicIndex) -> dict[str, float]:
    """A score per topic: TITLE_WEIGHT if the title has one of its terms, plus, for every
    sentence of the abstract that has one, CLAIM_WEIGHT or REMARK_WEIGHT."""
    scores: dict[str, float] = {}
    for target in {m.target for m in term_hits(paper.title, index.title)}:
        scores[target] = TITLE_WEIGHT
    name = own_name(paper.title)
    spans = sentence_spans(paper.abstract)
    starts = [start for start, _ in spans]
    found: set[tuple[int, str]] = set()
    for match in term_hits(paper.abstract, index.abstract):
        found.add((bisect_right(starts, match.start) - 1, match.target))
    for number, target in sorted(found):
        start, end = spans[number]
        claim = CLAIM.search(paper.abstract, start, end) or (name and name.search(paper.abstract, start, end))
        weight = CLAIM_WEIGHT if claim else REMARK_WEIGHT
        scores[target] = scores.get(target, 0.0) + weight
    return scores


def own_name(title: str) -> re.Pattern | None:
    """The paper's short name ("QLoRA" in "QLoRA: Efficient Finetuning…") as a pattern, if it has one."""
    match = OWN_NAME.match(title)
    if not match or len(match.group(1).split()) > 3:
        return None
    return re.compile(rf"(?<![\w-]){re.escape(match.group(1).strip())}(?![\w])")


def ranked(scores: dict[str, float], topics: list[Topic]) -> list[str]:
    """The topics whose score reaches their minimum, best first (taxonomy order among equals);
    if there is none, the best topic with at least FALLBACK_SCORE."""
    chosen = [(i, topic.slug) for i, topic in enumerate(topics) if scores.get(topic.slug, 0.0) >= topic.min_score]
    if not chosen:
        best = [(i, topic.slug) for i, topic in enumerate(topics) if scores.get(topic.slug, 0.0) >= FALLBACK_SCORE]
        chosen = sorted(best, key=lambda pair: (-scores[pair[1]], pair[0]))[:1]
    return [slug for _, slug in sorted(chosen, key=lambda pair: (-scores[pair[1]], pair[0]))]


def assign_topics(papers: list[Paper], topics: list[Topic]) -> dict[str, list[str]]:
    """paper slug → topic slugs, the paper's main topic first (highest score; taxonomy order breaks ties)."""
    index = TopicIndex.build(topics)
    return {paper.slug: ranked(topic_scores(paper, index), topics) for paper in papers}
