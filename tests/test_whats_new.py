"""The what's-new page: papers by first-seen day, newest first, with a bound on its size."""

from __future__ import annotations

from generator import pages
from generator.pipeline import BuildOptions, build
from tests.gitrepo import commit, init, write_listing

WORDS = ("Apples", "Bridges", "Canals", "Dolphins", "Engines", "Forests", "Gardens", "Harbours", "Islands")


def test_days_newest_first_and_the_page_stays_bounded(tmp_path, monkeypatch):
    repo = init(tmp_path / "repo")
    for number, day in enumerate(("2024-01-01", "2024-02-01", "2024-03-01")):
        titles = [f"Paper {number} {i} {WORDS[number * 3 + i]}" for i in range(3)]
        write_listing(repo / "seeds", f"{number}.txt", *titles)
        commit(repo, day)
    monkeypatch.setattr(pages, "WHATS_NEW_LIMIT", 4)
    build(BuildOptions(seeds=repo / "seeds", docs=tmp_path / "docs", site_url="https://atlas.example.org/"))
    page = (tmp_path / "docs/whats-new.md").read_text("utf-8")
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings == ["## 2024\\-03-01 — latest update", "## 2024\\-02-01", "## 2024\\-01-01"]
    assert "This page shows the newest 4 of the atlas's 9 papers" in page
    shown = [name for name in (f"Paper {n} {i} {WORDS[n * 3 + i]}" for n in range(3) for i in range(3))
             if f">{name}</a>" in page]
    assert shown == ["Paper 1 0 Dolphins", "Paper 2 0 Gardens", "Paper 2 1 Harbours", "Paper 2 2 Islands"]
    assert "3 papers first seen on this day; listing added: [Trending papers \\(2\\)](listings/2.md)." in page
    assert "Not shown here: 2 of them (see the listings)." in page
    assert "Not shown here: 3 of them (see the listings)." in page
    assert page.count('class="pa-new"') == 1 + 3  # the legend, then the latest day's papers
    assert "[Follow the atlas (Atom feed)](feeds/atlas.xml){ .pa-follow }" in page
