"""Benchmark pages, the benchmark index, evidence on paper pages, and benchmark data in papers.json."""

from __future__ import annotations

import json
import re
from functools import lru_cache

import markdown

from generator.export import papers_json
from generator.model import Appearance, Listing, Paper
from generator.pages import SitePages
from generator.pipeline import BuildOptions, build_atlas, enrich
from tests.conftest import SEEDS

EXTENSIONS = ["tables", "attr_list", "md_in_html", "toc"]


@lru_cache(maxsize=1)
def seed_site():
    atlas, _ = build_atlas(BuildOptions(seeds=SEEDS))
    return atlas, SitePages(atlas, "https://example.org/atlas/")


def page(slug: str) -> str:
    atlas, pages = seed_site()
    return pages.benchmark(next(b for b in atlas.benchmarks if b.slug == slug))


def section(text: str, heading: str) -> str:
    return text.split(heading, 1)[1].split("\n## ", 1)[0]


def test_benchmark_page_has_name_description_domain_aliases_variants_and_permalink():
    text = page("superglue")
    assert text.startswith('---\ntitle: "SuperGLUE"')
    assert "# SuperGLUE\n" in text and "A harder successor to GLUE" in text
    assert "- **Domain:** [Language understanding and generation](index.md#language)" in text
    assert "- **Also written:** Super GLUE" in text
    assert "[BoolQ](boolq.md) (3)" in text and "[WSC](wsc.md)" in text
    assert "https://example.org/atlas/benchmarks/superglue/" in text


def test_papers_are_listed_with_their_role_the_sentence_and_a_link_to_it():
    atlas, _ = seed_site()
    text = page("superglue")
    papers = section(text, "## Papers (")
    assert len(re.findall(r"^<li>", papers, re.MULTILINE)) == len(atlas.benchmark_family_papers["superglue"])
    gpt = '<a href="../../papers/gpt-understands-too/">'
    row = next(line for line in papers.split("\n<li>") if line.startswith(gpt))
    assert "<strong>evaluates on</strong>" in row and "On the SuperGlue benchmark, GPTs achieve comparable" in row
    assert '<a href="../../papers/gpt-understands-too/#s3" ' in row


def test_introduced_by_names_the_papers_that_present_the_benchmark():
    assert "- **Introduced by:** [CLUE: A Chinese Language Understanding Evaluation Benchmark]" in page("clue")
    assert "- **Introduced by:** not among the papers of this atlas" in page("glue")


def test_a_parent_page_lists_its_variants_papers():
    text = page("squad")
    assert "[SQuAD 2.0](squad-2-0.md)" in text
    assert ">DeBERTa: Decoding-enhanced BERT with Disentangled Attention</a>" in text  # names SQuAD v2.0 only
    assert "<strong>evaluates on</strong> (SQuAD 2.0)" in text
    assert "- **Variant of:** [SQuAD](squad.md)" in page("squad-2-0")


def test_stated_results_are_marked_unverified_and_quote_their_sentence():
    text = page("superglue")
    results = section(text, "## Stated results")
    assert "**Stated in the abstract, not verified.**" in results and "{: .pa-unverified }" in results
    html = markdown.markdown(text, extensions=EXTENSIONS)
    row = next(r for r in html.split("<tr>") if "<td>91.3</td>" in r)
    assert "<td>average score</td>" in row and "sitting atop the SuperGLUE leaderboard" in row
    assert "#s6" in row
    assert "<td>+0.8% (90.6% vs. 89.8%)</td>" in html  # ERNIE 3.0
    assert 'class="pa-unverified"' in html


def test_a_page_without_stated_results_has_no_table():
    assert "## Stated results" not in page("clue")


def test_benchmarks_named_together_are_listed_most_frequent_first():
    together = section(page("superglue"), "## Often named together with")
    names = re.findall(r"\[([^\]]+)\]\([^)]+\) \((\d+)\)", together)
    assert names[0][0] == "GLUE" and int(names[0][1]) >= 20
    counts = [int(n) for _, n in names]
    assert counts == sorted(counts, reverse=True)


def test_index_groups_by_domain_ordered_by_papers():
    atlas, pages = seed_site()
    text = pages.benchmarks_index()
    domains = re.findall(r"^## (.+) \{ #([a-z-]+) \}$", text, re.MULTILINE)
    assert domains[0] == ("Language understanding and generation", "language")
    for _, key in domains:
        rows = re.findall(r"^\| \[[^\]]+\]\(([a-z0-9-]+)\.md\) \| (\d+) \|",
                          section(text, f"{{ #{key} }}"), re.MULTILINE)
        counts = [int(n) for _, n in rows]
        assert counts == sorted(counts, reverse=True), key
        for slug, n in rows:
            assert int(n) == len(atlas.benchmark_family_papers[slug])
    assert "*found in text:* “a QA dataset containing" in text  # CREPE


def test_paper_page_links_each_benchmark_to_its_evidence_sentence():
    atlas, pages = seed_site()
    paper = atlas.by_slug["gpt-understands-too"]
    text = pages.paper(paper)
    assert ('<a href="../../benchmarks/superglue/">SuperGLUE</a> (<a href="#s3" '
            'title="The sentence in the abstract">evaluates on</a>)') in text
    html = markdown.markdown(text, extensions=EXTENSIONS)
    assert '<span class="pa-evidence" id="s3">' in html and '<span id="s1">' in html


def test_papers_json_carries_benchmarks_roles_claims_and_aliases():
    atlas, _ = seed_site()
    data = json.loads(papers_json(atlas, "2024-01-01T00:00:00Z"))
    vega = next(p for p in data["papers"] if p["title"].startswith("Toward Efficient Language Model Pretraining"))
    assert vega["benchmarks"] == ["superglue", "glue"]
    superglue = next(m for m in vega["benchmark_mentions"] if m["benchmark"] == "superglue")
    assert superglue["role"] == "evaluates on"
    assert {"value": "91.3", "measure": "average score", "sentence": 6} in superglue["claims"]
    squad = next(b for b in data["benchmarks"] if b["slug"] == "squad")
    assert "SQuAD 1.1" in squad["aliases"] and squad["domain"] == "qa"
    assert set(squad["papers"]) < set(squad["papers_with_variants"])
    crepe = next(b for b in data["benchmarks"] if b["slug"] == "crepe")
    assert crepe["discovered"] is True and crepe["found_as"].startswith("a QA dataset")


def test_text_from_papers_stays_text_on_benchmark_pages(tmp_path):
    hostile = Paper(key="k", slug="evil", title="EVIL-1: A <b>Bold</b> Benchmark for *Stars*",
                    abstract="We introduce EVIL-1, a benchmark <script>alert(1)</script> of [links](javascript:x) "
                             "| pipes |. Our model gets 91.3% accuracy on EVIL-1 and on GLUE {{ 7*7 }}.",
                    appearances=[Appearance("l", 1)])
    atlas = enrich([hostile], [Listing(id="l", path="l.txt", layout="compact")],
                   BuildOptions().taxonomy)
    pages = SitePages(atlas)
    evil = next(b for b in atlas.benchmarks if b.slug == "evil-1")
    for text in (pages.benchmark(evil), pages.benchmarks_index(),
                 pages.benchmark(next(b for b in atlas.benchmarks if b.slug == "glue"))):
        html = markdown.markdown(text, extensions=EXTENSIONS)
        assert "<script>" not in html and "<b>" not in html and 'href="javascript' not in html
        assert "49" not in html  # template syntax in the data is shown, never evaluated
        if "7*7" in text or "7\\*7" in text:
            assert "{{ 7*7 }}" in html
    assert "&lt;script&gt;" in markdown.markdown(pages.benchmark(evil), extensions=EXTENSIONS)
