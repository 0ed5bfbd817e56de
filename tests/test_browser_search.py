"""A new user's first minute in a real browser: the home page, then search for a paper."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.browser import browser_page, serve


def test_home_renders_and_search_finds_a_paper_by_a_title_word(built_site):
    requests: list[str] = []
    with serve(built_site / "site") as base, browser_page(requests) as page:
        page.goto(base)
        assert page.locator("h1").first.inner_text().startswith("Paper Atlas")
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").fill("Megalodon")
        result = page.locator(".md-search-result__item a").first
        result.wait_for(timeout=15000)
        assert "Megalodon" in result.inner_text()
        result.click()
        page.wait_for_load_state()
        assert "/papers/megalodon" in page.url
        assert page.locator("h1").first.inner_text().startswith("Megalodon")
        hosts = {urlsplit(url).netloc for url in requests if urlsplit(url).scheme in ("http", "https")}
        assert hosts == {urlsplit(base).netloc}
