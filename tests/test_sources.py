from pathlib import Path

import pytest

from generator import sources
from tests.conftest import FIXTURES, SEEDS

SEED_COUNTS = {
    "000_3be0c5bcb98af4c5": (29, "compact", None),
    "001_fa63631bb118ddfc": (63, "spaced", "Mar 13"),
    "002_ab332fe4af831534": (74, "compact", None),
    "003_85da79b115b2d647": (60, "compact", None),
    "004_b23187ffd35b906f": (62, "spaced", "Mar 18"),
}


def test_compact_layout_fixture():
    result = sources.read_listing(FIXTURES / "compact.txt")
    assert result.rejections == ()
    listing = result.listing
    assert listing.layout == "compact"
    assert [e.title for e in listing.entries] == ["First Paper: A Study of Things",
                                                  "Second Paper? Yes! A Title With Marks"]
    assert listing.entries[0].abstract.startswith("We study things.")
    assert [e.position for e in listing.entries] == [1, 2]
    assert listing.entries[1].line == 5


def test_spaced_layout_fixture():
    result = sources.read_listing(FIXTURES / "spaced.txt")
    assert result.rejections == ()
    listing = result.listing
    assert listing.layout == "spaced"
    assert listing.date_line == "Mar 13"
    assert [e.title for e in listing.entries] == ["First Paper: A Study of Things", "Third Paper"]
    assert listing.entries[1].abstract.endswith("SuperGLUE and GLUE.")
    assert listing.entries[0].line == 11


@pytest.mark.parametrize("name", sorted(SEED_COUNTS))
def test_real_seeds_read_completely(name):
    count, layout, date_line = SEED_COUNTS[name]
    result = sources.read_listing(SEEDS / f"{name}.txt")
    assert result.rejections == ()
    assert result.listing.layout == layout
    assert result.listing.date_line == date_line
    assert len(result.listing.entries) == count


def test_all_288_entries_pair_title_with_abstract():
    entries = [e for p in sources.listing_files(SEEDS) for e in sources.read_listing(p).listing.entries]
    assert len(entries) == 288
    for entry in entries:
        assert sources.is_title(entry.title), entry.title
        assert not sources.is_title(entry.abstract), entry.abstract[:80]
    by_title = {e.title: e.abstract for e in entries}
    # Spot checks across both layouts, including the first entry glued to "Subscribe".
    assert by_title["AlexaTM 20B: Few-Shot Learning Using a Large-Scale Multilingual Seq2Seq Model"].startswith(
        "In this work, we demonstrate that multilingual large-scale sequence-to-sequence")
    assert by_title["Babel-ImageNet: Massively Multilingual Evaluation of Vision-and-Language Representations"] \
        .startswith("Vision-and-language (VL) models with separate encoders")
    assert by_title["Guess the Instruction! Flipped Learning Makes Language Models Stronger Zero-Shot Learners"] \
        .startswith("Meta-training, which fine-tunes the language model")
    assert by_title["Who's Harry Potter? Approximate Unlearning in LLMs"].startswith("Large language models (LLMs)")
    assert by_title["LoRA: Low-Rank Adaptation of Large Language Models"].startswith("An important paradigm")


def test_orphans_are_reported_not_guessed(tmp_path: Path):
    path = tmp_path / "odd.txt"
    path.write_text("A Title Alone\nAnother Title\nThe abstract of another title. It has two sentences.\n"
                    "A stray abstract line with no title before it. It is long enough to be prose.\n"
                    "Last Title\n", encoding="utf-8")
    result = sources.read_listing(path)
    assert [e.title for e in result.listing.entries] == ["Another Title"]
    reasons = [(r.line, r.reason.split(" (")[0]) for r in result.rejections]
    assert reasons == [(1, "title with no abstract"), (4, "abstract with no title before it"),
                       (5, "title with no abstract")]
