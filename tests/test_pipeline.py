import gc
import json
import multiprocessing
import shutil

import pytest

from generator import parallel
from generator.cli import main
from generator.pipeline import BuildError, BuildOptions, build, build_atlas
from tests.conftest import FIXTURES, SEEDS


def test_generator_runs_on_its_own_and_a_rerun_writes_nothing(tmp_path):
    docs = tmp_path / "docs"
    first = build(BuildOptions(seeds=SEEDS, docs=docs))
    assert first.entries_read == 288 and first.papers == 276
    assert first.files_written > 276
    assert len(list((docs / "papers").glob("*.md"))) == 276
    again = build(BuildOptions(seeds=SEEDS, docs=docs))
    assert again.files_written == 0 and again.files_removed == 0


def test_removed_listing_removes_its_pages(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    docs = tmp_path / "docs"
    build(BuildOptions(seeds=seeds, docs=docs))
    (seeds / "003_85da79b115b2d647.txt").unlink()
    report = build(BuildOptions(seeds=seeds, docs=docs))
    assert report.files_removed > 0
    assert not (docs / "listings/003-85da79b115b2d647.md").exists()
    assert len(list((docs / "papers").glob("*.md"))) == report.papers


def test_cli_build_with_options(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(FIXTURES / "compact.txt", seeds)
    assert main(["build", "--seeds", str(seeds), "--out", str(tmp_path / "out"), "--site-url", "https://x.org/"]) == 0
    assert "2 entries read" in capsys.readouterr().out
    data = json.loads((tmp_path / "out/data/papers.json").read_text())
    assert len(data["papers"]) == 2


def test_cli_missing_seeds_folder_is_one_clear_sentence(tmp_path, capsys):
    assert main(["build", "--seeds", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "nope" in err and "does not exist" in err and "Traceback" not in err


def test_cli_broken_taxonomy_names_file_and_line(tmp_path, capsys):
    taxonomy = tmp_path / "taxonomy"
    taxonomy.mkdir()
    (taxonomy / "topics.yml").write_text("topics:\n  - name: A\n    terms: [unclosed\n")
    (taxonomy / "benchmarks.yml").write_text("benchmarks: []\n")
    code = main(["build", "--seeds", str(SEEDS), "--out", str(tmp_path / "out"), "--taxonomy", str(taxonomy)])
    err = capsys.readouterr().err
    assert code == 2
    assert "topics.yml:" in err and "invalid YAML" in err


def test_build_report_of_the_real_seeds(tmp_path, capsys):
    assert main(["build", "--seeds", str(SEEDS), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    report = json.loads((tmp_path / "out/data/build-report.json").read_text(encoding="utf-8"))
    assert report["files_read"] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert (report["entries_read"], report["papers"], len(report["merged"])) == (288, 276, 12)
    assert report["rejected"] == [] and report["conflicts"] == [] and report["files_ignored"] == []
    triple = [m for m in report["merged"] if m["title"].startswith("Impossible Distillation")]
    assert [m["listing"] for m in triple] == ["001_fa63631bb118ddfc", "004_b23187ffd35b906f"]
    assert triple[0]["listings"] == ["000_3be0c5bcb98af4c5", "001_fa63631bb118ddfc", "004_b23187ffd35b906f"]
    slugs = {p["slug"] for p in json.loads((tmp_path / "out/data/papers.json").read_text())["papers"]}
    assert set(report["papers_without_topic"]) < slugs and set(report["papers_without_benchmark"]) < slugs
    crepe = next(b for b in report["benchmarks_discovered"] if b["slug"] == "crepe")  # not in the registry
    assert crepe["introduced_by"] == ["crepe-open-domain-question-answering-with-false-presuppositions"]
    assert "glue" not in {b["slug"] for b in report["benchmarks_discovered"]}  # in the registry
    assert "files_written" not in report  # per-run counters stay out, so a rebuild rewrites nothing
    assert "5 files, 288 entries read, 276 papers after merging (12 merged into a paper read before)" in out
    assert f"{len(report['benchmarks_discovered'])} benchmarks discovered" in out
    assert "merged 001_fa63631bb118ddfc.txt:71 " in out and "rejected" not in out.replace("0 entries rejected", "")


def test_a_build_gives_what_it_froze_back_to_the_collector_even_when_it_fails(tmp_path):
    manifest = tmp_path / "urls.yml"
    manifest.write_text("papers: [not a mapping\n", encoding="utf-8")
    with pytest.raises(BuildError):  # after the atlas is made (and frozen): the URL manifest cannot be read
        build(BuildOptions(seeds=SEEDS, docs=tmp_path / "docs", manifest=manifest))
    assert gc.get_freeze_count() == 0
    assert not multiprocessing.active_children()  # nor is the map still drawn (in a process of its own)
    build(BuildOptions(seeds=SEEDS, docs=tmp_path / "docs"))
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("forked", [False, True])
def test_the_map_can_be_drawn_while_the_build_goes_on(forked, monkeypatch):
    """`map_later`: the atlas comes back while the map is drawn (in a process of its own when forked),
    and the layout it waits for is the one an atlas made at once has."""
    now, _ = build_atlas(BuildOptions(seeds=SEEDS))
    monkeypatch.setattr(parallel, "worker_count", lambda size, *threshold: 2 if forked else 0)
    later, _ = build_atlas(BuildOptions(seeds=SEEDS), map_later=True)
    assert later.layout is None and (later.map_job.process is not None) == forked
    later.wait_for_map()
    assert later.map_job is None and later.layout == now.layout and len(now.layout.points) > 100
