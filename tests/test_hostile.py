"""Hostile titles and abstracts stay text: a real `mkdocs build --strict` of a hostile listing
(tests/fixtures/hostile/hostile.txt, under a hostile file name), read back page by page."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import sources
from generator.text import first_sentence
from tests.conftest import FIXTURES, HOSTILE_LISTING

ENTRIES = sources.read_listing(FIXTURES / "hostile" / "hostile.txt").listing.entries
LISTING_ID = HOSTILE_LISTING.removesuffix(".txt")
SITE_NAME = "Paper Atlas"
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href", "srcdoc")


class Page(HTMLParser):
    """One HTML page as a browser's parser sees it: elements, texts by element, comments."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.comments: list[str] = []
        self.scripts: list[str] = []
        self.title = ""
        self.stack: list[tuple[str, dict]] = []
        self.texts: dict[str, list[str]] = {}  # key → text pieces (key: "h1", "title", "a:<href>")
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if tag not in ("meta", "link", "img", "br", "hr", "input", "source"):
            self.stack.append((tag, attributes))

    def handle_endtag(self, tag):
        if any(open_tag == tag for open_tag, _ in self.stack):  # a stray end tag closes nothing
            while self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data):
        if not self.stack:
            return
        tag, attributes = self.stack[-1]
        if tag == "script":
            self.scripts.append(data)
        keys = [t if t != "a" else f"a:{a.get('href', '')}" for t, a in self.stack
                if "headerlink" not in a.get("class", "")]
        if any("headerlink" in a.get("class", "") for _, a in self.stack):
            return
        for key in dict.fromkeys(keys):
            self.texts.setdefault(key, []).append(data)
        for _, a in self.stack:
            for css in a.get("class", "").split():
                self.texts.setdefault(f".{css}", []).append(data)

    def handle_comment(self, data):
        self.comments.append(data)

    def text(self, key: str) -> str:
        return " ".join("".join(self.texts.get(key, [])).split())

    def link_texts(self) -> dict[str, str]:
        return {key[2:]: self.text(key) for key in self.texts if key.startswith("a:")}

    def meta(self) -> dict[str, str]:
        return {a.get("name") or a.get("property"): a.get("content", "") for t, a in self.elements
                if t == "meta" and (a.get("name") or a.get("property"))}


@pytest.fixture(scope="module")
def site(hostile_site) -> Path:
    return hostile_site / "site"


@pytest.fixture(scope="module")
def pages(site) -> dict[str, Page]:
    return {str(p.relative_to(site)): Page(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def data(site) -> dict:
    return json.loads((site / "data/papers.json").read_text(encoding="utf-8"))


def paper_page(pages, data, title: str) -> Page:
    slug = next(p["slug"] for p in data["papers"] if p["title"] == title)
    return pages[f"papers/{slug}/index.html"]


def test_the_fixture_is_hostile_and_read_whole(hostile_site):
    assert len(ENTRIES) == 5
    report = json.loads((hostile_site / "site/data/build-report.json").read_text(encoding="utf-8"))
    assert report["rejected"] == [] and report["entries_read"] == 5
    text = " ".join(e.title + e.abstract for e in ENTRIES)
    for needle in ["<script>", "<img src=x onerror=", "javascript:", "](", "![", "<!--", "{{", "{%", ": ", " # ", '"',
                   "'", "---", "|", "`", " < "]:
        assert needle in text, needle


def test_no_page_has_an_element_comment_or_script_from_the_input(pages):
    assert len(pages) > 12
    for path, page in pages.items():
        for tag, attributes in page.elements:
            # the elements the input names (Material's own pages use none of them)
            assert tag not in ("iframe", "style", "img", "embed", "object"), (path, tag, attributes)
            for name, value in attributes.items():
                assert not name.startswith("on") and name != "http-equiv", (path, tag, name, value)
                assert not (name in URL_ATTRIBUTES and value.strip().lower().startswith("javascript:")), (path, tag)
        assert not any("hidden comment" in c for c in page.comments), path
        assert not any("alert(" in s for s in page.scripts), path


def test_paper_pages_show_title_abstract_and_meta_exactly(pages, data):
    for entry in ENTRIES:
        page = paper_page(pages, data, entry.title)
        assert page.text("h1") == entry.title
        assert page.text(".pa-abstract") == entry.abstract
        assert page.text("title") == f"{entry.title} - {SITE_NAME}"
        meta = page.meta()
        assert meta["description"] == first_sentence(entry.abstract)
        for name, content in meta.items():  # and any tag issue 5 adds (og:, twitter:): text, never double-escaped
            assert not re.search(r"&(lt|gt|amp|quot|#x?\w+);", content), (name, content)


def test_every_page_kind_links_titles_as_exact_text(pages, data):
    """Topic, benchmark, listing and related-paper links carry the title exactly."""
    titles = {p["slug"]: p["title"] for p in data["papers"]}
    seen_on: dict[str, set[str]] = {}
    for path, page in pages.items():
        kind = path.split("/")[0] if "/" in path else "home"
        for href, text in page.link_texts().items():
            match = re.search(r"([^/#]+)/$", href)
            if match and match.group(1) in titles and text and not href.startswith("http"):  # not the permalink
                assert text == titles[match.group(1)], (path, href, text)
                seen_on.setdefault(kind, set()).add(match.group(1))
    assert set(seen_on) >= {"papers", "topics", "benchmarks", "listings"}, seen_on
    assert seen_on["listings"] == set(titles)


def test_benchmark_evidence_sentence_is_text(pages, data):
    glue = pages["benchmarks/glue/index.html"]
    hostile_sentence = 'We evaluate LoRA adapters on GLUE <script>alert("glue-script")</script> and MMLU.'
    assert hostile_sentence in glue.text("main")


def test_hostile_listing_file_name_is_text(pages):
    label = f"Trending papers ({LISTING_ID})"
    listing = next(page for path, page in pages.items()
                   if path.startswith("listings/") and path != "listings/index.html")
    assert listing.text("h1") == label
    assert listing.text("title") == f"{label} - {SITE_NAME}"
    assert label in pages["listings/index.html"].text("table")
    assert label in pages["index.html"].text("main")


def test_search_index_holds_the_text_escaped_once(site):
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith("papers/")]
    for entry in ENTRIES:
        doc = next(d for d in docs if html.unescape(d["title"]) == entry.title)
        assert "<script" not in doc["title"] and "<img" not in doc["title"]
    for doc in docs:  # Material renders these fields as HTML: nothing from the input may be markup
        assert not re.search(r"<(script|img|iframe|svg|style|meta|a )", doc["text"] + doc["title"]), doc


def test_open_data_holds_the_text_unchanged(data):
    exported = {(p["title"], p["abstract"]) for p in data["papers"]}
    assert exported == {(e.title, e.abstract) for e in ENTRIES}
    assert all(p["listings"] == [LISTING_ID] for p in data["papers"])
