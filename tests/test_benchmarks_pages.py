"""Benchmark pages, the benchmark index, evidence on paper pages, and benchmark data in papers.json."""

from __future__ import annotations

import dataclasses
import json
import re
from functools import lru_cache
from types import SimpleNamespace

import markdown

from generator import pages as site_pages
from generator.export import papers_json
from generator.html_blocks_hook import on_page_content, on_page_markdown, only_blocks, set_aside
from generator.model import Appearance, Listing, Paper
from generator.pages import SitePages
from generator.pipeline import BuildOptions, build_atlas, enrich
from generator.render import markdown_text
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


def html_section(text: str, anchor: str) -> str:
    """The part of a benchmark page (raw HTML) after its heading of id `anchor`, up to the next one."""
    return text.split(f' id="{anchor}">', 1)[1].split("\n<h2", 1)[0]


def test_benchmark_page_has_name_description_domain_aliases_variants_and_permalink():
    text = page("superglue")
    assert text.startswith('---\ntitle: "SuperGLUE"')
    assert '<h1 id="superglue">SuperGLUE<a class="headerlink" href="#superglue"' in text
    assert "<p>A harder successor to GLUE" in text
    assert '<li><strong>Domain:</strong> <a href="../#language">Language understanding and generation</a></li>' in text
    assert "<li><strong>Also written:</strong> Super GLUE</li>" in text
    assert '<a href="../boolq/">BoolQ</a> (3)' in text and '<a href="../wsc/">WSC</a>' in text
    assert ('<li><strong>Permanent link:</strong> <a href="https://example.org/atlas/benchmarks/superglue/">'
            "https://example.org/atlas/benchmarks/superglue/</a></li>") in text


def test_papers_are_listed_with_their_role_the_sentence_and_a_link_to_it():
    atlas, _ = seed_site()
    text = page("superglue")
    papers = html_section(text, "papers")
    assert len(re.findall(r"^<li>", papers, re.MULTILINE)) == len(atlas.benchmark_family_papers["superglue"])
    gpt = '<a href="../../papers/gpt-understands-too/">'
    row = next(line for line in papers.split("\n<li>") if line.startswith(gpt))
    assert "<strong>evaluates on</strong>" in row and "On the SuperGlue benchmark, GPTs achieve comparable" in row
    assert '<a href="../../papers/gpt-understands-too/#s3" ' in row


def test_introduced_by_names_the_papers_that_present_the_benchmark():
    assert re.search(r'<li><strong>Introduced by:</strong> <a href="\.\./\.\./papers/[a-z0-9-]+/">'
                     r"CLUE: A Chinese Language Understanding Evaluation Benchmark</a>", page("clue"))
    assert "<li><strong>Introduced by:</strong> not among the papers of this atlas</li>" in page("glue")


def test_a_parent_page_lists_its_variants_papers():
    text = page("squad")
    assert '<a href="../squad-2-0/">SQuAD 2.0</a>' in text
    assert ">DeBERTa: Decoding-enhanced BERT with Disentangled Attention</a>" in text  # names SQuAD v2.0 only
    assert "<strong>evaluates on</strong> (SQuAD 2.0)" in text
    assert '<li><strong>Variant of:</strong> <a href="../squad/">SQuAD</a></li>' in page("squad-2-0")


def test_stated_results_are_marked_unverified_and_quote_their_sentence():
    text = page("superglue")
    results = html_section(text, "stated-results")
    assert '<p class="pa-unverified"><strong>Stated in the abstract, not verified.</strong>' in results
    html = markdown.markdown(text, extensions=EXTENSIONS)
    row = next(r for r in html.split("<tr>") if "<td>91.3</td>" in r)
    assert "<td>average score</td>" in row and "sitting atop the SuperGLUE leaderboard" in row
    assert "#s6" in row
    assert "<td>+0.8% (90.6% vs. 89.8%)</td>" in html  # ERNIE 3.0
    assert 'class="pa-unverified"' in html


def test_a_page_without_stated_results_has_no_table():
    assert "Stated results" not in page("clue") and "<table" not in page("clue")


def test_benchmarks_named_together_are_listed_most_frequent_first():
    together = html_section(page("superglue"), "cooccurring")
    names = re.findall(r'<a href="[^"]+">([^<]+)</a> \((\d+)\)', together)
    assert names[0][0] == "GLUE" and int(names[0][1]) >= 20
    counts = [int(n) for _, n in names]
    assert counts == sorted(counts, reverse=True)


def through_the_hook(path: str, text: str) -> tuple[str, SimpleNamespace]:
    """A generated page as MkDocs builds it with generator/html_blocks_hook.py: its HTML and the page."""
    body = text.split("---\n", 2)[2]
    _, blocks = set_aside(body)
    assert only_blocks(_, blocks), path  # nothing but raw HTML blocks ...
    page = SimpleNamespace(meta={"html_blocks": True}, file=SimpleNamespace(src_uri=path),
                           present_anchor_ids=set(), toc=None)
    assert on_page_markdown(body, page, None, None) == ""  # ... so no Markdown is made of the page
    page.render(None, None)  # render_whole, as MkDocs calls it next
    return on_page_content(page.content, page, None, None), page


def test_a_benchmark_page_is_all_html_blocks_and_skips_markdown_with_its_table_of_contents():
    for slug, sections in [("superglue", ["papers", "stated-results", "cooccurring"]),
                           ("clue", ["papers", "cooccurring"]),
                           ("squad-2-0", ["papers", "stated-results", "cooccurring"]), ("crepe", ["papers"])]:
        text = page(slug)
        html, built = through_the_hook(f"benchmarks/{slug}.md", text)
        (title,) = built.toc
        assert title.level == 1 and f'<h1 id="{title.id}">' in html
        assert [(c.id, c.level) for c in title.children] == [(s, 2) for s in sections], slug
        assert all(f'<h2 data-search-exclude id="{s}">' in html for s in sections)
        assert {title.id, *sections} <= built.present_anchor_ids
        assert "{:" not in html and "{ ." not in html and "](" not in html and "**" not in html  # no Markdown left


def test_a_benchmark_heading_gets_the_id_markdown_would_give_it_next_to_the_sections_own():
    atlas, pages = seed_site()
    superglue = next(b for b in atlas.benchmarks if b.slug == "superglue")
    for name in ("Papers", "Stated results", "Often named together with", "Cooccurring", "SuperGLUE & co. *"):
        text = pages.benchmark(dataclasses.replace(superglue, name=name))
        in_markdown = markdown.Markdown(extensions=EXTENSIONS)
        in_markdown.convert(f"# {markdown_text(name)}\n\n## Papers {{ #papers }}\n\n"
                            "## Stated results { #stated-results }\n\n## Often named together with { #cooccurring }\n")
        expected = in_markdown.toc_tokens[0]["id"]
        assert f'<h1 id="{expected}">' in text, (name, expected)


def test_a_long_benchmark_page_goes_on_over_numbered_pages_with_a_pager(monkeypatch):
    monkeypatch.setattr(site_pages, "PER_PAGE", 20)
    atlas, pages = seed_site()
    superglue = next(b for b in atlas.benchmarks if b.slug == "superglue")
    numbered = dict(pages.benchmark_pages(superglue))
    assert list(numbered) == ["benchmarks/superglue.md", "benchmarks/superglue/page-2.md",
                              "benchmarks/superglue/page-3.md"]
    first, second, last = numbered.values()
    assert ('<p>Papers 1–20 of 54 · page 1 of 3 · <a href="page-2/">next →</a> · <a href="page-3/">last</a></p>'
            in first)
    assert ('<p>Papers 21–40 of 54 · page 2 of 3 · <a href="../">← previous</a> · <a href="../page-3/">next →</a></p>'
            in second)
    assert ('<p>Papers 41–54 of 54 · page 3 of 3 · <a href="../page-2/">← previous</a> · <a href="../">first</a></p>'
            in last)
    assert "search:\n  exclude: true" in second and "search:" not in first
    for path, text in numbered.items():
        html, _ = through_the_hook(path, text)
        assert html.count("<li><a href=") <= 20


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
    built = {}
    for slug in ("evil-1", "glue"):  # the pages as built: raw HTML that skips Markdown, so text shows as written
        html, _ = through_the_hook(f"benchmarks/{slug}.md", pages.benchmark(next(b for b in atlas.benchmarks
                                                                                 if b.slug == slug)))
        assert "EVIL-1: A &lt;b&gt;Bold&lt;/b&gt; Benchmark for *Stars*</a>" in html
        assert "<script>" not in html and "<b>" not in html and 'href="javascript' not in html and "49" not in html
        assert "\\" not in html  # no Markdown escape (\*, \[) left to show
        assert "on GLUE {{ 7*7 }}." in html
        built[slug] = html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; of [links](javascript:x) | pipes |." in built["evil-1"]
