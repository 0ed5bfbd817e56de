"""Merging: entries with the same normalised title become one paper."""

from __future__ import annotations

from .model import Appearance, Entry, Paper, Report
from .slugs import assign_slugs, title_key


def same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def merge_entries(entries: list[Entry], report: Report) -> list[Paper]:
    """One paper per title key, remembering every listing and position it came from.

    The first entry seen (listings in name order) gives the displayed title and
    abstract. Every later entry of the same paper goes to `report.merged` (with the
    title as it was written there and all the paper's listings); a different abstract
    under the same title is kept out of the page and recorded whole in `report.conflicts`.
    Papers come back sorted by slug, so output never depends on input order.
    """
    papers: dict[str, Paper] = {}
    joined: list[tuple[Entry, Paper]] = []
    for entry in entries:
        key = title_key(entry.title)
        paper = papers.get(key)
        if paper is None:
            papers[key] = Paper(key=key, slug="", title=entry.title, abstract=entry.abstract,
                                appearances=[Appearance(entry.listing, entry.position)])
            continue
        paper.appearances.append(Appearance(entry.listing, entry.position))
        joined.append((entry, paper))
    slugs = assign_slugs({key: paper.title for key, paper in papers.items()})
    for key, paper in papers.items():
        paper.slug = slugs[key]
    for entry, paper in joined:
        report.merged.append({
            "title": entry.title, "listing": entry.listing, "position": entry.position, "line": entry.line,
            "paper": paper.slug, "paper_title": paper.title, "listings": list(dict.fromkeys(paper.listings)),
        })
        if not same_text(entry.abstract, paper.abstract):
            report.conflicts.append({
                "paper": paper.slug, "title": entry.title, "listing": entry.listing, "line": entry.line,
                "reason": "same title, different abstract: kept the first one read",
                "kept_from": paper.appearances[0].listing, "abstract": entry.abstract,
            })
    return sorted(papers.values(), key=lambda p: p.slug)
