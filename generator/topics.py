"""Assigning topics to papers from the match rules in topics.yml."""

from __future__ import annotations

from .model import Paper
from .taxonomy import Topic
from .terms import TermIndex

TITLE_WEIGHT = 3


def topic_index(topics: list[Topic]) -> tuple[TermIndex, TermIndex]:
    """One index for the terms that put a paper in a topic, one for the exclusions."""
    include = [(t, topic.slug, False) for topic in topics for t in topic.terms]
    include += [(t, topic.slug, True) for topic in topics for t in topic.exact_terms]
    exclude = [(t, topic.slug, False) for topic in topics for t in topic.exclude]
    return TermIndex.build(include), TermIndex.build(exclude)


def topic_scores(paper: Paper, include: TermIndex) -> dict[str, int]:
    """A score per topic: each term hit in the title counts TITLE_WEIGHT, in the abstract 1."""
    scores: dict[str, int] = {}
    for match in include.find(paper.title):
        scores[match.target] = scores.get(match.target, 0) + TITLE_WEIGHT
    for match in include.find(paper.abstract):
        scores[match.target] = scores.get(match.target, 0) + 1
    return scores


def assign_topics(papers: list[Paper], topics: list[Topic]) -> dict[str, list[str]]:
    """paper slug → topic slugs (in taxonomy order) whose score reaches the topic's minimum."""
    include, exclude = topic_index(topics)
    order = {topic.slug: i for i, topic in enumerate(topics)}
    minimum = {topic.slug: topic.min_score for topic in topics}
    result: dict[str, list[str]] = {}
    for paper in papers:
        scores = topic_scores(paper, include)
        excluded = {m.target for m in exclude.find(f"{paper.title}\n{paper.abstract}")}
        chosen = [slug for slug, score in scores.items() if score >= minimum[slug] and slug not in excluded]
        result[paper.slug] = sorted(chosen, key=order.__getitem__)
    return result
