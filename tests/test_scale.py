"""Behaviour that changes with the size of the atlas (see issue 6 and `make bench`)."""

from __future__ import annotations

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
