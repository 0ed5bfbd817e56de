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

from .model import Paper
from .parallel import map_chunks
from .taxonomy import Topic
from .terms import Match, TermIndex, phrase_key
from .text import sentence_spans, word_cues

TITLE_WEIGHT = 3.0
CLAIM_WEIGHT = 1.0
REMARK_WEIGHT = 0.5
# A paper in no topic joins its best one if that has at least this much evidence
# (one sentence about its own work, never a passing remark alone).
FALLBACK_SCORE = 1.0
# A sentence that speaks of the paper's own work ...
CLAIM = word_cues(r"we|our|us|this (?:paper|work|study|article|survey|review|report|thesis|manuscript)")
# ... or names the paper's own method: the short name before the title's colon.
OWN_NAME = re.compile(r"^\s*([^:]{2,40}):")
# Targets of a phrase listed under several topics, joined into one TermIndex target.
TARGETS = "\x1f"


@dataclass(frozen=True)
class TopicIndex:
    """The match rules of every topic, compiled: terms for the abstract, terms for the title
    (with the title-only ones), and the shields."""

    abstract: TermIndex
    title: TermIndex
    exclude: TermIndex

    @classmethod
    def build(cls, topics: list[Topic]) -> TopicIndex:
        rules = [(t, topic.slug, False) for topic in topics for t in topic.terms]
        rules += [(t, topic.slug, True) for topic in topics for t in topic.exact_terms]
        title = rules + [(t, topic.slug, False) for topic in topics for t in topic.title_terms]
        exclude = [(t, topic.slug, False) for topic in topics for t in topic.exclude]
        return cls(TermIndex.build(shared(rules)), TermIndex.build(shared(title)), TermIndex.build(shared(exclude)))


def shared(rules: list[tuple[str, str, bool]]) -> list[tuple[str, str, bool]]:
    """One rule per phrase, its target naming every topic that lists it (TermIndex keeps one
    target per phrase; a phrase listed under two topics is evidence for both)."""
    groups: dict[tuple[str, bool], tuple[str, list[str]]] = {}
    for phrase, target, case_sensitive in rules:
        key = phrase_key(phrase) if case_sensitive else phrase_key(phrase).lower()
        groups.setdefault((key, case_sensitive), (phrase, []))[1].append(target)
    return [(phrase, TARGETS.join(dict.fromkeys(targets)), case_sensitive)
            for (_, case_sensitive), (phrase, targets) in groups.items()]


def term_hits(text: str, index: TermIndex, exclude: TermIndex) -> list[tuple[Match, str]]:
    """The topic terms found in `text` (the longest where terms overlap), each with a topic it stands
    for, without those inside an excluded phrase of the same topic."""
    found = index.find(text)
    if not found:
        return []
    shields = [(m.start, m.end, topic) for m in exclude.find(text) for topic in m.target.split(TARGETS)]
    return [(m, topic) for m in found for topic in m.target.split(TARGETS)
            if not any(t == topic and start < m.end and m.start < end for start, end, t in shields)]


def topic_scores(paper: Paper, index: TopicIndex) -> dict[str, float]:
    """A score per topic: TITLE_WEIGHT if the title has one of its terms, plus, for every
    sentence of the abstract that has one, CLAIM_WEIGHT or REMARK_WEIGHT."""
    scores: dict[str, float] = {}
    for _, target in term_hits(paper.title, index.title, index.exclude):
        scores[target] = TITLE_WEIGHT
    hits = term_hits(paper.abstract, index.abstract, index.exclude)
    if not hits:
        return scores
    name = own_name(paper.title)
    spans = sentence_spans(paper.abstract)
    starts = [start for start, _ in spans]
    weights: dict[int, float] = {}  # sentence → its weight
    for number, target in sorted({(bisect_right(starts, match.start) - 1, target) for match, target in hits}):
        if number not in weights:
            start, end = spans[number]
            claim = CLAIM.search(paper.abstract, start, end) or (name and names_in(paper.abstract, name, start, end))
            weights[number] = CLAIM_WEIGHT if claim else REMARK_WEIGHT
        scores[target] = scores.get(target, 0.0) + weights[number]
    return scores


def own_name(title: str) -> str | None:
    """The paper's short name ("QLoRA" in "QLoRA: Efficient Finetuning…"), if it has one."""
    match = OWN_NAME.match(title)
    if not match or len(match.group(1).split()) > 3:
        return None
    return match.group(1).strip()


def names_in(text: str, name: str, start: int, end: int) -> bool:
    """Whether `name` stands as a word of its own in text[start:end] (as the regex `(?<![\\w-])name(?![\\w])`
    searched from `start` to `end` would find it; compiling one regex per paper cost more than the search)."""
    at = text.find(name, start, end)
    while at != -1:
        before, after = text[at - 1:at], text[at + len(name):at + len(name) + 1] if at + len(name) < end else ""
        if not (before and (before.isalnum() or before in "_-")) and not (after and (after.isalnum() or after == "_")):
            return True
        at = text.find(name, at + 1, end)
    return False


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
    return dict(zip((p.slug for p in papers), map_chunks(ranked_topics, papers, index, topics), strict=True))


def ranked_topics(papers: list[Paper], index: TopicIndex, topics: list[Topic]) -> list[list[str]]:
    """The topics of each paper (`ranked`), in the order of the papers."""
    return [ranked(topic_scores(paper, index), topics) for paper in papers]
