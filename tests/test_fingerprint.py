"""A build with nothing to do writes nothing and skips the work; anything else is a full build."""

from __future__ import annotations

import shutil

from generator.pipeline import BuildOptions, build
from generator.stages import Stages
from tests.conftest import SEEDS


def stage_names(stages: Stages) -> list[str]:
    return [record.name for record in stages.records]


def test_unchanged_inputs_skip_the_build_and_report_as_before(tmp_path):
    docs = tmp_path / "docs"
    first = build(BuildOptions(seeds=SEEDS, docs=docs))
    stages = Stages()
    again = build(BuildOptions(seeds=SEEDS, docs=docs), stages)
    assert stage_names(stages) == ["check"]
    assert again.files_written == 0 and again.files_removed == 0
    assert (again.papers, again.entries_read, len(again.rejected)) == (first.papers, first.entries_read,
                                                                     len(first.rejected))


def test_an_edited_seed_a_touched_output_or_another_site_url_rebuild(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    docs = tmp_path / "docs"
    build(BuildOptions(seeds=seeds, docs=docs))

    page = next((docs / "papers").glob("*.md"))
    original = page.read_bytes()
    page.write_bytes(original + b"edited by hand\n")
    report = build(BuildOptions(seeds=seeds, docs=docs))
    assert report.files_written == 1 and page.read_bytes() == original

    page.unlink()
    assert build(BuildOptions(seeds=seeds, docs=docs)).files_written == 1 and page.exists()

    listing = sorted(seeds.glob("*.txt"))[0]
    listing.write_text(listing.read_text(encoding="utf-8").replace("In this work", "In this study", 1),
                       encoding="utf-8")
    stages = Stages()
    report = build(BuildOptions(seeds=seeds, docs=docs), stages)
    assert "render" in stage_names(stages) and 1 <= report.files_written < 100  # its pages, not all 1,000+

    report = build(BuildOptions(seeds=seeds, docs=docs, site_url="https://example.org/atlas/"))
    assert report.files_written > report.papers
