"""End to end: the real seeds built with `mkdocs build --strict`, read back as a browser would."""

from __future__ import annotations

import json
import re
from collections import deque

import pytest

from generator.config import site_url_from_mkdocs
from tests.conftest import ROOT
from tests.sitecheck import broken_links, is_external, parse, resolve


@pytest.fixture(scope="module")
def site(built_site):
    return built_site / "site"


@pytest.fixture(scope="module")
def data(site):
    return json.loads((site / "data/papers.json").read_text(encoding="utf-8"))


def test_export_follows_the_contract(data):
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", data["generated"])
    assert len(data["papers"]) == 276
    for paper in data["papers"]:
        assert set(paper) >= {"slug", "url", "title", "abstract", "listings", "topics", "benchmarks", "code",
                              "related", "mentions"}
        assert paper["url"] == f"papers/{paper['slug']}/"
    slugs = {p["slug"] for p in data["papers"]}
    assert len(slugs) == 276
    for topic in data["topics"]:
        assert set(topic) >= {"slug", "name", "papers"} and set(topic["papers"]) <= slugs
    for benchmark in data["benchmarks"]:
        assert set(benchmark) >= {"slug", "name", "aliases", "papers"} and set(benchmark["papers"]) <= slugs
    lora = next(p for p in data["papers"] if p["title"].startswith("LoRA:"))
    assert lora["slug"] == "lora-low-rank-adaptation-of-large-language-models"
    assert lora["code"] == ["https://github.com/microsoft/LoRA"]
    assert len(lora["related"]) == 5


def test_every_page_exists(site, data):
    for paper in data["papers"]:
        assert (site / paper["url"] / "index.html").is_file(), paper["url"]
    for topic in data["topics"]:
        assert (site / "topics" / topic["slug"] / "index.html").is_file()
    for benchmark in data["benchmarks"]:
        assert (site / "benchmarks" / benchmark["slug"] / "index.html").is_file()
    listings = {listing for p in data["papers"] for listing in p["listings"]}
    assert len(listings) == 5
    for name in ["topics", "benchmarks", "listings"]:
        assert (site / name / "index.html").is_file()
    assert len(list((site / "listings").glob("*/index.html"))) == 5


def test_every_internal_link_and_anchor_resolves(site):
    assert broken_links(site) == []


def test_no_request_to_any_other_host(site):
    offenders = []
    for page in site.rglob("*.html"):
        for url in parse(page).resources:
            if is_external(url):
                offenders.append(f"{page.relative_to(site)}: {url}")
    for css in site.rglob("*.css"):
        if re.search(r"@import\s+url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")):
            offenders.append(str(css))
    assert offenders == []
    assert "fonts.googleapis" not in (site / "index.html").read_text(encoding="utf-8")


def test_every_paper_within_three_clicks_of_home(site, data):
    home = site / "index.html"
    depth = {home: 0}
    queue = deque([home])
    while queue:
        page = queue.popleft()
        if depth[page] == 3:
            continue
        for href in parse(page).links:
            target = resolve(site, page, href)
            if target and target[0].suffix == ".html" and target[0].exists() and target[0] not in depth:
                depth[target[0]] = depth[page] + 1
                queue.append(target[0])
    unreachable = [p["url"] for p in data["papers"] if (site / p["url"] / "index.html") not in depth]
    assert unreachable == []


def test_search_index_holds_every_paper(site, data):
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    for paper in data["papers"]:
        assert paper["url"] in locations
    qlora = next(doc for doc in index["docs"] if doc["location"].startswith("papers/qlora"))
    assert "QLoRA" in qlora["title"]
    abstracts = {doc["location"].split("#")[0]: doc["text"] for doc in index["docs"]
                 if doc["location"].endswith("#abstract")}
    assert len(abstracts) == len(data["papers"])
    assert "backpropagates gradients through a frozen, 4-bit quantized" in abstracts[qlora["location"]]


def test_search_index_holds_what_search_needs_once(site, data):
    """A paper's words are indexed on its own page only: the facts list and the related papers of a
    paper page, and the paper lists of topic, benchmark, listing and what's-new pages, are left out."""
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    text = {doc["location"]: doc["text"] for doc in index["docs"]}
    assert not [loc for loc, words in text.items() if "Permanent link" in words and loc.startswith("papers/")]
    title = "QLoRA: Efficient Finetuning of Quantized LLMs"
    holding = sorted({loc.split("#")[0] for loc, words in text.items() if title in words})
    assert holding == [], holding  # titles are in "title", each on its own page
    quoted = "backpropagates gradients through a frozen"
    assert [loc for loc, words in text.items() if quoted in words] == [
        next(loc for loc in text if loc.startswith("papers/qlora") and loc.endswith("#abstract"))]


def test_paper_page_content(site):
    html = (site / "papers/lora-low-rank-adaptation-of-large-language-models/index.html").read_text()
    assert '<meta name="description" content="An important paradigm of natural language processing' in html
    assert "<title>LoRA: Low-Rank Adaptation of Large Language Models - Paper Atlas</title>" in html
    assert 'href="https://github.com/microsoft/LoRA"' in html
    assert 'id="s4"' in html
    assert "Related papers" in html and "../../listings/000-3be0c5bcb98af4c5/" in html


def test_nav_does_not_list_papers(site):
    home = (site / "topics/index.html").read_text()
    nav = home.split('md-nav--primary', 1)[1].split("</nav>", 1)[0]
    assert "papers/" not in nav


def test_benchmark_page_lists_each_paper_as_a_list_item(site):
    html = (site / "benchmarks/superglue/index.html").read_text()
    count = int(re.search(r'id="papers">Papers \((\d+)\)', html).group(1))
    section = html.split('id="papers"', 1)[1].split("<h2", 1)[0]
    assert len(re.findall(r'<li>\s*<a href="../../papers/', section)) == count


def test_every_preview_image_a_page_names_exists(site):
    missing = []
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for url in re.findall(r'<meta property="og:image" content="([^"]+)"', html):
            path = url.removeprefix(site_url_from_mkdocs(ROOT / "mkdocs.yml"))
            if not (site / path).is_file():
                missing.append(f"{page.relative_to(site)} → {path}")
    assert missing == []
