"""Listing pages carry what the listing itself says: its date line as written, its file, its papers and
which of them other listings share."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.pipeline import BuildOptions, build
from tests.gitrepo import write_listing


class Text(HTMLParser):
    """The visible text of a page's article."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth, self.parts = 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "article" or self.depth:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def article_text(page: Path) -> str:
    parser = Text()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site / "site"


@pytest.fixture(scope="module")
def papers(site) -> list[dict]:
    return json.loads((site / "data/papers.json").read_text(encoding="utf-8"))["papers"]


def shared(papers: list[dict], listing: str) -> dict[str, int]:
    """Other listing → how many of `listing`'s papers it also holds (from the open data)."""
    counts: dict[str, int] = {}
    for paper in papers:
        if listing in paper["listings"]:
            for other in set(paper["listings"]) - {listing}:
                counts[other] = counts.get(other, 0) + 1
    return counts


def test_a_listing_page_shows_its_date_line_as_written_and_its_file(site, papers):
    text = article_text(site / "listings/001-fa63631bb118ddfc/index.html")
    assert "dated Mar 13 (as written there: the listing gives no year)" in text
    assert "File: 001_fa63631bb118ddfc.txt, added to the atlas on 2026-11-22" in text
    count = sum(1 for p in papers if "001_fa63631bb118ddfc" in p["listings"])
    assert f"Papers: {count} " in text
    assert "a \"trending papers\" listing" in text
    undated = article_text(site / "listings/000-3be0c5bcb98af4c5/index.html")
    assert "(it gives no date)" in undated and "2025" not in undated and "2026-03" not in undated


@pytest.mark.parametrize("listing", ["000_3be0c5bcb98af4c5", "001_fa63631bb118ddfc", "004_b23187ffd35b906f"])
def test_a_listing_page_says_how_many_papers_other_listings_share_and_which(site, papers, listing):
    text = article_text(site / f"listings/{listing.replace('_', '-')}/index.html")
    counts = shared(papers, listing)
    in_others = sum(1 for p in papers if listing in p["listings"] and len(set(p["listings"])) > 1)
    assert f"Shared with other listings: {in_others} of its papers — " in text
    for other, count in counts.items():
        assert re.search(rf"\({re.escape(other)}\) \({count}\)", text), (other, count)


def test_the_listings_index_has_date_papers_new_shared_and_added(site, papers):
    text = article_text(site / "listings/index.html")
    assert "Listing Date Papers New Shared Added" in text
    for listing in ("001_fa63631bb118ddfc", "004_b23187ffd35b906f"):
        count = sum(1 for p in papers if listing in p["listings"])
        in_others = sum(1 for p in papers if listing in p["listings"] and len(set(p["listings"])) > 1)
        assert re.search(rf"\({listing}\) Mar 1\d {count} {count} {in_others} 2026-11-22", text)


def test_a_paper_listed_twice_in_one_listing_is_counted_once(tmp_path):
    seeds = tmp_path / "seeds"
    write_listing(seeds, "a.txt", "Alpha Models", "Beta Models", "Alpha Models")
    write_listing(seeds, "b.txt", "Beta Models")
    write_listing(seeds, "c.txt", "Gamma Models")
    build(BuildOptions(seeds=seeds, docs=tmp_path / "docs", fallback_day="2024-01-01"))
    page = (tmp_path / "docs/listings/a.md").read_text("utf-8")
    assert "<li><strong>Papers:</strong> 2 (3 entries: some papers are listed twice) · 2 new</li>" in page
    assert ('<li><strong>Shared with other listings:</strong> 1 of its papers — '
            '<a href="../b/">Trending papers (b)</a> (1)</li>') in page
    assert ("<li><strong>Shared with other listings:</strong> none</li>"
            in (tmp_path / "docs/listings/c.md").read_text("utf-8"))
