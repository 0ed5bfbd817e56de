"""Bytes a visitor downloads for search before the first result appears, measured in Chromium.

The built site is served on loopback; a headless Chromium (Debian's, driven by Playwright)
opens a paper page, types a query into whichever search box the site has (Material's or
Pagefind's) and waits for the first result. Every request made until then that belongs to
search (Material's worker and index, everything under `pagefind/`) is counted with the
size of the file served, raw and as gzip would send it (Pagefind's chunks are gzipped
already, so gzip gains nothing on them).
"""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.browser import CHROMIUM_ARGS, chromium_path, serve

SEARCH_PARTS = ("/search/", "/workers/search", "/pagefind/")


def served_file(site: Path, url: str) -> Path | None:
    path = unquote(urlsplit(url).path).lstrip("/")
    target = site / path
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def search_bytes(site: Path, page_url: str, query: str, timeout_ms: int = 60_000) -> dict:
    """Open `page_url` (relative to the site), search `query`, count the search requests until a result shows."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        return {"error": "no Chromium installed (apt-get install chromium)"}
    requests: list[str] = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda request: requests.append(request.url))
            page.goto(base + page_url)
            if page.locator("#pa-search").count():
                engine = "pagefind"
                box = page.locator(".pagefind-ui__search-input")
                box.wait_for(timeout=timeout_ms)
                box.fill(query)
                result = page.locator(".pagefind-ui__result-link").first
            else:
                engine = "builtin"
                page.locator("label.md-search__icon, .md-search__input").first.click()
                page.locator("input.md-search__input").fill(query)
                result = page.locator(".md-search-result__item a").first
            result.wait_for(timeout=timeout_ms)
            first = result.inner_text().strip()
            counted = list(requests)
        finally:
            browser.close()
    files = []
    for url in dict.fromkeys(counted):
        if any(part in urlsplit(url).path for part in SEARCH_PARTS):
            path = served_file(site, url)
            if path is not None:
                files.append({"url": urlsplit(url).path, "bytes": path.stat().st_size, "gzip": gzip_size(path)})
    return {"engine": engine, "query": query, "first_result": first, "requests": len(files),
            "bytes": sum(f["bytes"] for f in files), "gzip_bytes": sum(f["gzip"] for f in files), "files": files}
