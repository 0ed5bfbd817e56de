"""Measured against hand-checked lists: every seed paper, and well-known papers of other fields."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from generator.benchmarks import annotate
from generator.merge import merge_entries
from generator.model import Report
from generator.pipeline import read_seeds
from generator.roles import INTRODUCES
from generator.sources import read_listing
from tests.conftest import FIXTURES, SEEDS
from tests.test_benchmarks import matcher, registry

GOLD = FIXTURES / "benchmarks" / "gold.yml"
OTHER_FIELDS = FIXTURES / "benchmarks" / "other_fields.yml"


@lru_cache(maxsize=1)
def seed_papers():
    report = Report()
    return merge_entries([e for listing in read_seeds(SEEDS, report) for e in listing.entries], report)


@lru_cache(maxsize=1)
def seed_annotations():
    return annotate(seed_papers(), registry(), matcher())


def score(expected: dict[str, set[str]], found: dict[str, set[str]]) -> tuple[float, float, list[str]]:
    tp = fp = fn = 0
    differences = []
    for key, want in expected.items():
        got = found[key]
        tp, fp, fn = tp + len(want & got), fp + len(got - want), fn + len(want - got)
        if want != got:
            differences.append(f"{key}: missing {sorted(want - got)}, extra {sorted(got - want)}")
    return tp / (tp + fp), tp / (tp + fn), differences


def test_gold_list_covers_at_least_sixty_papers_read_by_hand():
    gold = yaml.safe_load(GOLD.read_text())["papers"]
    assert len(gold) >= 60
    assert set(gold) == {p.slug for p in seed_papers()}
    assert sum(1 for g in gold.values() if g["benchmarks"]) >= 60


def test_precision_and_recall_on_the_seed_papers():
    gold = yaml.safe_load(GOLD.read_text())["papers"]
    found = seed_annotations().mentions
    precision, recall, differences = score({k: set(v["benchmarks"]) for k, v in gold.items()},
                                           {k: {m.benchmark for m in found[k]} for k in gold})
    assert precision >= 0.95 and recall >= 0.95, differences


def test_the_papers_that_introduce_a_benchmark_are_named_as_its_introducers():
    gold = yaml.safe_load(GOLD.read_text())["papers"]
    found = seed_annotations().mentions
    precision, recall, differences = score(
        {k: set(v.get("introduces", [])) for k, v in gold.items()},
        {k: {m.benchmark for m in found[k] if m.role == INTRODUCES} for k in gold})
    assert precision >= 0.95 and recall >= 0.95, differences


def test_benchmarks_found_only_in_the_text_are_those_the_seed_papers_introduce():
    discovered = {d.benchmark.slug for d in seed_annotations().discoveries}
    gold = yaml.safe_load(GOLD.read_text())["papers"]
    named = {b for v in gold.values() for b in v["benchmarks"]}
    assert discovered <= named
    assert len(discovered) >= 20


def other_fields():
    entries = []
    for path in sorted((FIXTURES / "benchmarks").glob("other-*.txt")):
        result = read_listing(Path(path))
        assert not result.rejections and result.listing is not None
        entries.extend(result.listing.entries)
    papers = merge_entries(entries, Report())
    return papers, annotate(papers, registry(), matcher())


def test_well_known_benchmarks_of_other_fields_are_found_with_the_registry_as_it_is():
    expected = yaml.safe_load(OTHER_FIELDS.read_text())["papers"]
    papers, found = other_fields()
    by_title = {p.title: p.slug for p in papers}
    assert set(expected) == set(by_title)
    discovered = {d.benchmark.slug for d in found.discoveries}
    precision, recall, differences = score(
        {title: set(v["benchmarks"]) for title, v in expected.items()},
        {title: {m.benchmark for m in found.mentions[by_title[title]]} - discovered for title in expected})
    assert precision == 1.0 and recall >= 0.95, differences
    introduced = {title: {m.benchmark for m in found.mentions[by_title[title]] if m.role == INTRODUCES}
                  for title in expected}
    for title, v in expected.items():
        assert set(v.get("introduces", [])) <= introduced[title], title
    assert sorted(d.benchmark.name for d in found.discoveries) == sorted(
        n for v in expected.values() for n in v.get("discovered", []))
