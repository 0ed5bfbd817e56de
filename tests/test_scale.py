"""Behaviour that changes with the size of the atlas (see issue 6 and `make bench`)."""

from __future__ import annotations

import re

from mkdocs.utils.meta import get_data

from generator import pages
from generator.pipeline import BuildOptions, build
from tests.conftest import SEEDS


def test_above_the_limit_papers_share_the_site_card(tmp_path, monkeypatch):
    monkeypatch.setattr(pages, "PAPER_CARDS_UP_TO", 100)
    docs = tmp_path / "docs"
    build(BuildOptions(seeds=SEEDS, docs=docs))
    assert not (docs / "previews/papers").exists()
    assert (docs / "previews/site.png").is_file() and any((docs / "previews/topics").glob("*.png"))
    page = next((docs / "papers").glob("*.md")).read_text(encoding="utf-8")
    assert "\nimage: previews/site.png\n" in page or '\nimage: "previews/site.png"\n' in page


def test_below_the_limit_every_paper_has_its_card(tmp_path):
    docs = tmp_path / "docs"
    report = build(BuildOptions(seeds=SEEDS, docs=docs))
    assert len(list((docs / "previews/papers").glob("*.png"))) == report.papers


def test_long_index_pages_go_on_over_numbered_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(pages, "PER_PAGE", 10)
    docs = tmp_path / "docs"
    report = build(BuildOptions(seeds=SEEDS, docs=docs))
    assert report.papers == 276
    topic = max((docs / "topics").glob("*.md"), key=lambda p: p.stat().st_size)
    continued = sorted((docs / "topics" / topic.stem).glob("page-*.md"))
    assert continued, "a topic with more than 10 papers has a second page"
    first = topic.read_text(encoding="utf-8")
    assert "page 1 of" in first and '<a href="page-2/">next →</a>' in first
    paper_link = re.compile(r'^<li><a href="(?:\.\./)+papers/', re.MULTILINE)
    listed = len(paper_link.findall(first)) + sum(len(paper_link.findall(p.read_text(encoding="utf-8")))
                                                  for p in continued)
    total = int(re.search(r"<strong>(\d+) papers</strong>", first).group(1))
    assert listed == total
    last = continued[-1].read_text(encoding="utf-8")
    assert "previous" in last and "next →" not in last and "image: " in last


def test_page_paths_and_continuations():
    assert pages.page_paths("topics/x.md", 0) == ["topics/x.md"]
    assert pages.page_paths("topics/x.md", pages.PER_PAGE) == ["topics/x.md"]
    assert pages.page_paths("topics/x.md", pages.PER_PAGE + 1) == ["topics/x.md", "topics/x/page-2.md"]
    assert pages.is_continuation("topics/x/page-2.md") and not pages.is_continuation("topics/page-2.md")


def test_listings_go_on_over_numbered_pages_and_home_names_a_few(tmp_path, monkeypatch):
    monkeypatch.setattr(pages, "PER_PAGE", 2)
    monkeypatch.setattr(pages, "HOME_LISTINGS", 3)
    docs = tmp_path / "docs"
    build(BuildOptions(seeds=SEEDS, docs=docs))
    index = [docs / "listings/index.md", *sorted((docs / "listings/index").glob("page-*.md"))]
    assert [p.relative_to(docs).as_posix() for p in index[1:]] == ["listings/index/page-2.md",
                                                                   "listings/index/page-3.md"]
    linked = [link for page in index for link in re.findall(r"^\| \[[^]]+\]\(([^)]+)\)",
                                                            page.read_text(encoding="utf-8"), re.MULTILINE)]
    assert len(linked) == len(set(linked)) == len(list(SEEDS.glob("*.txt")))
    assert "Listings 1–2 of 5 · page 1 of 3" in index[0].read_text(encoding="utf-8")
    home = (docs / "index.md").read_text(encoding="utf-8")
    listed = section_lines(home, "## Listings")
    assert len([line for line in listed if line.startswith("- [")]) == 3
    assert "The 3 most recently added of 5; [all listings](listings/index.md)." in home


def section_lines(text: str, heading: str) -> list[str]:
    return text.split(heading, 1)[1].split("\n## ", 1)[0].splitlines()


def test_only_the_first_page_of_a_long_index_is_searched(tmp_path, monkeypatch):
    """The pages after the first repeat its title and description: search would find each one again."""
    monkeypatch.setattr(pages, "PER_PAGE", 4)  # 5 listings: two pages
    docs = tmp_path / "docs"
    build(BuildOptions(seeds=SEEDS, docs=docs))
    indexes = [path for folder in ("topics", "benchmarks", "listings") for path in (docs / folder).rglob("*.md")]
    excluded = {path.relative_to(docs).as_posix(): get_data(path.read_text(encoding="utf-8"))[1].get("search")
                == {"exclude": True} for path in indexes}
    continued = {path for path in excluded if pages.is_continuation(path)}
    assert len(continued) > 10 and "listings/index/page-2.md" in continued
    assert {path for path, out in excluded.items() if out} == continued
