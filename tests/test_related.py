from generator import sources
from generator.merge import merge_entries
from generator.model import Report
from generator.related import related_papers
from tests.conftest import SEEDS


def test_related_papers_are_five_distinct_others_and_sensible():
    entries = [e for p in sources.listing_files(SEEDS) for e in sources.read_listing(p).listing.entries]
    papers = merge_entries(entries, Report())
    related = related_papers(papers)
    by_title = {p.title.split(":")[0]: p.slug for p in papers}
    for slug, others in related.items():
        assert len(others) == 5 and slug not in others and len(set(others)) == 5
    assert by_title["LightGlue"] in related[by_title["SuperGlue"]]
    assert by_title["SuperCLUE"] in related[by_title["CLUE"]]
