"""In a real browser (Debian's Chromium via Playwright), the pages built from a hostile
listing run none of its scripts and hold none of the elements it names; its text shows as
written — in the page, the tab title and the search results."""

from __future__ import annotations

import json

import pytest

from tests.browser import browser_page, serve
from tests.test_hostile import ENTRIES

# Every element or attribute the hostile listing tries to create, as CSS selectors.
INJECTED = ['img[src="x"]', "[onerror]", "[onload]", '[href^="javascript:" i]', '[src^="javascript:" i]', "iframe",
            "meta[http-equiv]", "#injected", "style:not([data-md-component])", "object", "embed"]

COUNT_INJECTED = """selectors => selectors.filter(s => document.querySelector(s) !== null)"""


def visit(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(150)  # time for an injected onerror/onload handler to fire


@pytest.fixture(scope="module")
def paper_urls(hostile_site) -> dict[str, str]:
    data = json.loads((hostile_site / "site/data/papers.json").read_text(encoding="utf-8"))
    return {p["title"]: p["url"] for p in data["papers"]}


def test_no_script_runs_and_no_named_element_exists_on_any_page_kind(hostile_site, paper_urls):
    site = hostile_site / "site"
    others = ["", "listings/", "topics/", "benchmarks/", "benchmarks/glue/", "benchmarks/mmlu/",
              "topics/parameter-efficient-fine-tuning/", "topics/retrieval-augmented-models/",
              "topics/knowledge-distillation/",
              next(f"listings/{p.parent.name}/" for p in site.glob("listings/*/index.html"))]
    dialogs: list[str] = []
    errors: list[str] = []
    with serve(site) as base, browser_page() as page:
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: errors.append(str(error)))
        for entry in ENTRIES:
            visit(page, base + paper_urls[entry.title])
            assert page.evaluate(COUNT_INJECTED, INJECTED) == [], entry.title
            assert page.locator("h1").first.inner_text().rstrip("¶").strip() == entry.title
            assert page.title() == f"{entry.title} - Paper Atlas"
            shown = " ".join(page.locator(".pa-abstract").inner_text().split())
            assert shown == entry.abstract
        for path in others:
            assert (site / path / "index.html").is_file(), path
            visit(page, base + path)
            assert page.evaluate(COUNT_INJECTED, INJECTED) == [], path
    assert dialogs == [] and errors == []


def test_search_results_show_hostile_text_as_text(hostile_site):
    dialogs: list[str] = []
    with serve(hostile_site / "site") as base, browser_page() as page:
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for query, expected in [("LoRA", '<script>alert("title-script")</script> LoRA'),
                                ("teacher", "<svg onload=alert(\"svg\")>"), ("javascript", "javascript:alert(")]:
            visit(page, base)
            page.keyboard.press("/")  # Material's shortcut to the search box; then type as a user does
            page.locator("input.md-search__input").press_sequentially(query, delay=20)
            results = page.locator(".md-search-result__list")
            page.locator(".md-search-result__item").first.wait_for(timeout=15000)
            page.wait_for_timeout(150)
            assert expected in results.inner_text(), query
            assert page.evaluate(COUNT_INJECTED, INJECTED) == [], query
            assert results.locator("script, img, iframe, svg[onload], a[href^='javascript:']").count() == 0
    assert dialogs == []
