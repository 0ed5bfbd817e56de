"""Benchmarks the registry does not know: found in the text, given a page, listed in the build report."""

from __future__ import annotations

import json

import pytest

from generator.benchmarks import annotate
from generator.discovery import discover, name_like
from generator.model import Paper
from generator.roles import INTRODUCES
from tests.test_benchmarks import matcher, registry


def paper(abstract: str, title: str = "A paper", slug: str = "p") -> Paper:
    return Paper(key=slug, slug=slug, title=title, abstract=abstract)


def discovered(*papers: Paper) -> dict[str, dict]:
    return {d.benchmark.name: d.report() for d in discover(list(papers), registry())}


@pytest.mark.parametrize("abstract, title, name", [
    ("We introduce CREPE, a QA dataset containing a natural distribution of presupposition failures.", "X", "CREPE"),
    ("We study things.", "JuICe: A Large Scale Distantly Supervised Dataset for Code Generation", "JuICe"),
    ("We study things.", "ANALOGICAL -- A Novel Benchmark for Long Text Analogy Evaluation", "ANALOGICAL"),
    ("To facilitate this study, we introduce a dynamic benchmark WIKIMIA that uses data created before training.",
     "X", "WIKIMIA"),
    ("We construct a 1.4 trillion-token datastore named MassiveDS, the largest open datastore.", "X", "MassiveDS"),
    ("The BioInstruct dataset serves as a valuable resource.", "X", "BioInstruct"),
    ("Evaluations on 16 datasets, including a newly introduced RemoteCount benchmark, show gains.", "X",
     "RemoteCount"),
    ("This paper introduces ExMix (Extreme Mixture): a massive collection of 107 supervised NLP tasks.", "X",
     "ExMix"),
    ("First, we build CopyCat, an evaluation suite consisting of diverse copyrighted characters.", "X", "CopyCat"),
    ("We train on our curated large-scale text pair dataset (called CCPairs).", "X", "CCPairs"),
])
def test_a_paper_presenting_a_benchmark_gets_it_recognised(abstract, title, name):
    assert name in discovered(paper(abstract, title))


def test_spelled_out_names_become_aliases():
    found = discovered(paper("We introduce the VernAcular Language Understanding Evaluation (VALUE) benchmark, a "
                             "challenging variant of GLUE."))
    assert found["VALUE"]["aliases"] == ["VernAcular Language Understanding Evaluation"]
    found = discovered(paper("SILO trains a model on Open License Corpus (OLC), a new corpus we curate."))
    assert list(found) == ["Open License Corpus"] and found["Open License Corpus"]["aliases"] == ["OLC"]


@pytest.mark.parametrize("abstract", [
    "We introduce LLaMA, a collection of foundation language models ranging from 7B to 65B parameters.",
    "We present ROSCOE, a suite of interpretable, unsupervised automatic scores.",
    "We present TarGEN, a multi-step prompting strategy for generating high-quality synthetic datasets.",
    "We introduce ART, a new corpus-level autoencoding approach for training dense retrievers.",
    "We introduce ARES, an Automated RAG Evaluation System, for evaluating RAG systems.",
    "We find that 25% of questions contain false presuppositions, and provide a QA dataset of them.",
    "We evaluate on a Supplement benchmark from the BabyLM challenge.",
    "When applied to the Google's Voice Search traffic dataset, our model wins.",
    "We introduce Codex, a GPT language model fine-tuned on publicly available code.",
])
def test_models_methods_and_generic_words_are_not_discovered(abstract):
    assert discovered(paper(abstract)) == {}


def test_registry_benchmarks_are_not_discovered_again():
    assert discovered(paper("We introduce DS-1000, a code generation benchmark.",
                            "DS-1000: A Natural and Reliable Benchmark for Data Science Code Generation")) == {}
    assert discovered(paper("We introduce Benchmarking-IR (BEIR), a robust and heterogeneous evaluation benchmark.")) \
        == {}


def test_name_like():
    assert all(name_like(n) for n in ["CREPE", "JuICe", "M2D2", "DS-1000", "DIMSUM+", "Tele-Eval", "PuzzleBen"])
    assert not any(name_like(n) for n in ["Supplement", "Benchmark", "a", "Corpus"])


def test_a_discovery_is_matched_in_every_paper_and_introduced_by_its_own():
    first = paper("We introduce CREPE, a QA dataset of presupposition failures.", "CREPE: Questions", "crepe")
    second = paper("Our model improves on CREPE by 5 points.", "Another paper", "other")
    found = annotate([first, second], registry(), matcher())
    benchmark = found.registry.by_slug["crepe"]
    assert benchmark.discovered and benchmark.found_as.startswith("a QA dataset")
    assert found.mentions["crepe"][0].role == INTRODUCES
    assert [m.benchmark for m in found.mentions["other"]] == ["crepe"]
    report = found.report()
    assert report[0]["slug"] == "crepe" and report[0]["introduced_by"] == ["crepe"]
    assert report[0]["named_in"] == ["crepe", "other"]
    assert report[0]["domain"] == "qa"


def test_discovered_slug_never_takes_a_registry_slug():
    assert "ami" in registry().by_slug and "AMI" not in registry().by_slug["ami"].names
    found = discover([paper("We introduce GLUE-X, a new benchmark."),
                      paper("We present AMI, a new dataset of agent tasks.", slug="q")], registry())
    slugs = {d.benchmark.name: d.benchmark.slug for d in found}
    assert slugs["GLUE-X"] == "glue-x"
    assert slugs["AMI"].startswith("ami-") and len(slugs["AMI"]) == len("ami-") + 6
    assert not set(slugs.values()) & set(registry().by_slug)


def test_build_report_lists_discoveries(tmp_path):
    from generator.pipeline import BuildOptions, build
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "one.txt").write_text(
        "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\n"
        "SubscribeCREPE: Open-Domain Question Answering with False Presuppositions\n"
        "We introduce CREPE, a QA dataset containing a natural distribution of presupposition failures. "
        "Baselines on CREPE and on Natural Questions are weak.\n")
    report = build(BuildOptions(seeds=seeds, docs=tmp_path / "docs"))
    assert [d["name"] for d in report.benchmarks_discovered] == ["CREPE"]
    saved = json.loads((tmp_path / "docs/data/build-report.json").read_text())
    assert saved["benchmarks_discovered"][0]["evidence"]["text"].startswith("a QA dataset")
    page = (tmp_path / "docs/benchmarks/crepe.md").read_text()
    assert "Found in the text, not in the registry" in page
    assert "<li><strong>Introduced by:</strong> <a href=\"../../papers/crepe-" in page
