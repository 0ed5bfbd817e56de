import random

from generator import sources
from generator.merge import merge_entries
from generator.model import Entry, Report
from tests.conftest import SEEDS


def seed_entries():
    return [e for p in sources.listing_files(SEEDS) for e in sources.read_listing(p).listing.entries]


def test_288_entries_become_276_papers_with_provenance():
    report = Report()
    papers = merge_entries(seed_entries(), report)
    assert len(papers) == 276
    assert len(report.merged) == 12
    assert report.conflicts == []
    by_title = {p.title: p for p in papers}
    triple = by_title["Impossible Distillation: from Low-Quality Model to High-Quality Dataset & Model "
                      "for Summarization and Paraphrasing"]
    assert triple.listings == ["000_3be0c5bcb98af4c5", "001_fa63631bb118ddfc", "004_b23187ffd35b906f"]
    replug = by_title["REPLUG: Retrieval-Augmented Black-Box Language Models"]
    assert [(a.listing, a.position) for a in replug.appearances] == [
        ("000_3be0c5bcb98af4c5", next(e.position for e in seed_entries()
                                      if e.listing == "000_3be0c5bcb98af4c5" and e.title.startswith("REPLUG"))),
        ("002_ab332fe4af831534", next(e.position for e in seed_entries()
                                      if e.listing == "002_ab332fe4af831534" and e.title.startswith("REPLUG"))),
    ]
    counts = sorted(len(p.appearances) for p in papers)
    assert counts.count(3) == 1 and counts.count(2) == 10


def test_merge_ignores_case_punctuation_and_spacing():
    entries = [Entry("Deep Learning: A Study", "Abstract one.", "a", 1, 1),
               Entry("deep learning -- a study ", "Abstract one.", "b", 4, 7)]
    report = Report()
    papers = merge_entries(entries, report)
    assert len(papers) == 1 and papers[0].listings == ["a", "b"]


def test_same_title_different_abstract_is_a_reported_conflict():
    entries = [Entry("A Paper", "First abstract.", "a", 1, 1), Entry("A Paper", "Second abstract.", "b", 1, 1)]
    report = Report()
    papers = merge_entries(entries, report)
    assert len(papers) == 1 and papers[0].abstract == "First abstract."
    assert report.conflicts[0]["listing"] == "b"


def test_output_order_does_not_depend_on_input_order():
    entries = seed_entries()
    shuffled = entries[:]
    random.Random(7).shuffle(shuffled)
    first = [(p.slug, p.title) for p in merge_entries(entries, Report())]
    second = [(p.slug, p.title) for p in merge_entries(shuffled, Report())]
    assert first == second
