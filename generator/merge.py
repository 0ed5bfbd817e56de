"""Merging: entries with the same normalised title become one paper."""

from __future__ import annotations

from .model import Appearance, Entry, Paper, Report
from .slugs import assign_slugs, title_key


def merge_entries(entries: list[Entry], report: Report) -> list[Paper]:
    """One paper per title key, remembering every listing and position it came from.

    The first entry seen (listings in name order) gives the displayed title and
    abstract; a different abstract under the same title is kept out and reported.
    Papers come back sorted by slug, so output never depends on input order.
    """
    papers: dict[str, Paper] = {}
    for entry in entries:
        key = title_key(entry.title)
        paper = papers.get(key)
        if paper is None:
            papers[key] = Paper(key=key, slug="", title=entry.title, abstract=entry.abstract,
                                appearances=[Appearance(entry.listing, entry.position)])
            continue
        paper.appearances.append(Appearance(entry.listing, entry.position))
        report.merged.append({"title": paper.title, "listing": entry.listing, "position": entry.position,
                              "line": entry.line, "merged_into": key})
        if " ".join(entry.abstract.split()) != " ".join(paper.abstract.split()):
            report.conflicts.append({
                "title": paper.title, "listing": entry.listing, "line": entry.line,
                "reason": "same title, different abstract: kept the first one read",
                "kept_from": paper.appearances[0].listing,
            })
    slugs = assign_slugs({key: paper.title for key, paper in papers.items()})
    for key, paper in papers.items():
        paper.slug = slugs[key]
    return sorted(papers.values(), key=lambda p: p.slug)
