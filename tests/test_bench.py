"""The benchmark: its corpus is deterministic and realistic, and `python -m bench` runs end to end at 1k papers.

No timing is asserted (the machine is shared and noisy); the figures are checked for being there and sane.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter

from bench.corpus import make_corpus
from generator import sources
from generator.pipeline import BuildOptions, build_atlas
from tests.browser import chromium_path
from tests.conftest import ROOT, SEEDS


def test_corpus_is_deterministic_and_reads_back_as_n_papers(tmp_path):
    first = make_corpus(SEEDS, tmp_path / "a", 600)
    second = make_corpus(SEEDS, tmp_path / "b", 600)
    assert first == second and first["papers"] == 600
    for path in sorted((tmp_path / "a").glob("*.txt")):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()
    atlas, report = build_atlas(BuildOptions(seeds=tmp_path / "a"))
    assert report.papers == 600 and report.rejected == [] and report.entries_read == first["entries"]
    assert report.merged, "some entries repeat a paper of an earlier listing, as in the seeds"
    layouts = Counter(sources.read_listing(p).listing.layout for p in sorted((tmp_path / "a").glob("s*.txt")))
    assert set(layouts) == {"compact", "spaced"}
    with_topic = sum(1 for slugs in atlas.paper_topics.values() if slugs) / report.papers
    with_benchmark = sum(1 for ms in atlas.paper_benchmarks.values() if ms) / report.papers
    assert with_topic > 0.8 and 0.15 < with_benchmark < 0.7
    titles = [p.title for p in atlas.papers]
    assert sum(": " in t for t in titles) > 0.4 * len(titles)


def test_make_bench_runs_at_1k_papers(tmp_path):
    output = tmp_path / "results.json"
    command = [sys.executable, "-m", "bench", "--sizes", "1000", "--full-max", "1000", "--search-at", "1000",
               "--work", str(tmp_path / "work"), "--json", str(output)]
    if chromium_path() is None:
        command.append("--no-browser")
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert all(row in result.stdout for row in ("ratio atlas / floor", "unchanged re-run", "CPU, user + system"))
    assert re.search(r"ratio MkDocs part / floor +\d+\.\d\d", result.stdout)
    data = json.loads(output.read_text())
    run = data["results"][0]
    assert run["papers"] == 1000
    stages = [s["name"] for s in run["generator"]["stages"]]
    assert {"read", "merge", "topics", "benchmarks", "related", "render", "write"} <= set(stages)
    assert run["generator"]["files_written"] > 1000 and run["generator"]["peak_mb"] > 0
    assert 0 < run["generator"]["cpu"] <= run["generator"]["wall"] * os.cpu_count()
    assert run["rerun_unchanged"]["files_written"] == 0
    assert 1 <= run["rerun_one_entry_changed"]["files_written"] < 200  # a few pages, not the 1,000+ of a first run
    assert run["full_build"]["seconds"] > 0 and run["floor"]["seconds"] > 0 and run["ratio_full_to_floor"] > 0
    assert run["site"]["paper_html_mean"] > 0 and run["site"]["search_index_bytes"] > 0
    assert run["full_build"]["search"] == "builtin" and run["site_pagefind"]["search_index_bytes"] > 0
    if chromium_path() is not None:
        for engine in ("builtin", "pagefind"):
            measured = run["search_bytes"][engine]
            assert "error" not in measured, measured
            assert measured["engine"] == engine and measured["bytes"] > 0 and measured["first_result"]
