"""In a real browser, on the site served from localhost and on the offline bundle opened via file://:
the home page, navigation, search, shared sentence links, meta tags, copy link — and no other host."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from generator.manifest import page_url
from tests.browser import CHROMIUM_ARGS, require_chromium, serve
from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"
SITE_URL = "https://paper-atlas.github.io/paper-atlas/"
QLORA = "papers/qlora-efficient-finetuning-of-quantized-llms.md"
QLORA_TITLE = "QLoRA: Efficient Finetuning of Quantized LLMs"


@dataclass
class Target:
    """Where the site is opened from, and how its pages are addressed there."""

    name: str
    base: str
    requests: list[str] = field(default_factory=list)

    @property
    def offline(self) -> bool:
        return self.base.startswith("file://")

    def url(self, source: str, anchor: str = "") -> str:
        """The address of the page made from `source` (e.g. `papers/x.md`)."""
        path = source.removesuffix(".md") + ".html" if self.offline else page_url(source)
        return self.base + path + (f"#{anchor}" if anchor else "")

    def foreign_requests(self) -> list[str]:
        if self.offline:
            return [url for url in self.requests if urlsplit(url).scheme not in ("file", "data", "blob", "about")]
        local = urlsplit(self.base).netloc
        return [url for url in self.requests
                if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).netloc != local]


@pytest.fixture(params=["served", "file"])
def target(request, built_site) -> Iterator[Target]:
    if request.param == "served":
        with serve(built_site / "site") as base:
            yield Target("served", base)
    else:
        unzipped = request.getfixturevalue("unzipped_bundle")
        yield Target("file", unzipped.as_uri() + "/")


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module (Debian's, through Playwright); each test gets a fresh context."""
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, target):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("request", lambda request: target.requests.append(request.url))
    yield page
    context.close()
    assert target.foreign_requests() == [], "requests to another host"
    assert target.requests, "the network log recorded nothing"


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def heading(page) -> str:
    return page.locator("article h1").first.inner_text().rstrip("¶").strip()


RESULT_LINKS = ".md-search-result__item > a.md-search-result__link"
FOUND_WITHIN = """([selector, expected, within]) => [...document.querySelectorAll(selector)]
    .slice(0, within).some(link => link.href.includes(expected))"""


def search(page, query: str, expected: str, within: int = 1):
    """Type `query` into the search box as a person would (typing again while the index still loads)
    and return the link of the result whose address holds `expected`, which must be among the first `within`."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    deadline = time.monotonic() + 60
    while True:
        box.fill("")
        box.press_sequentially(query)
        try:
            page.wait_for_function(FOUND_WITHIN, arg=[RESULT_LINKS, expected, within], timeout=5000)
            break
        except Exception:
            if time.monotonic() > deadline:
                hrefs = [link.get_attribute("href") for link in page.locator(RESULT_LINKS).all()[:5]]
                raise AssertionError(f"{query!r}: {expected} not among the first {within} results {hrefs}") from None
    return page.locator(f"{RESULT_LINKS}[href*='{expected}']").first


def test_home_renders_and_navigation_works(target, page):
    page.goto(target.url("index.md"))
    assert heading(page) == "Paper Atlas"
    assert page.locator(".md-tabs__link").count() >= 4
    screenshot(page, f"{target.name}-home.png")
    page.locator(".md-tabs__link", has_text="Topics").click()
    page.wait_for_load_state()
    assert heading(page) == "Topics"
    first_topic = page.locator("article table a").first
    name = first_topic.inner_text()
    first_topic.click()
    page.wait_for_load_state()
    assert heading(page) == name and "/topics/" in page.url
    page.locator("article a[href*='papers/']").first.click()
    page.wait_for_load_state()
    assert "/papers/" in page.url and page.locator(".pa-abstract").count() == 1
    page.locator(".md-tabs__link", has_text="Benchmarks").click()
    page.wait_for_load_state()
    first_benchmark = page.locator("article table a").first
    name = first_benchmark.inner_text()
    first_benchmark.click()
    page.wait_for_load_state()
    assert heading(page) == name and "/benchmarks/" in page.url
    screenshot(page, f"{target.name}-benchmark.png")


def test_search_finds_an_acronym_and_an_abstract_phrase(target, page):
    page.goto(target.url("index.md"))
    search(page, "QLoRA", "qlora-efficient-finetuning-of-quantized-llms").click()
    page.wait_for_load_state()
    assert heading(page) == QLORA_TITLE
    page.goto(target.url("index.md"))
    search(page, "weak length extrapolation", "papers/megalodon-", within=3).click()
    page.wait_for_load_state()
    assert heading(page).startswith("Megalodon:")


def test_shared_sentence_link_scrolls_to_it_and_marks_it(target, page):
    page.goto(target.url(QLORA, anchor="s3"))
    page.wait_for_load_state()
    time.sleep(0.3)
    box = page.evaluate("""() => {
        const s = document.getElementById('s3'), r = s.getBoundingClientRect();
        const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
        const style = getComputedStyle(s);
        return {top: r.top, bottom: r.bottom, header, height: innerHeight, scrolled: scrollY,
                target: s.matches(':target'), background: style.backgroundColor, outline: style.outlineStyle};
    }""")
    assert box["target"] and box["scrolled"] > 0
    assert box["header"] <= box["top"] < box["height"] / 2, box  # below the header, near the top
    assert box["background"] not in ("rgba(0, 0, 0, 0)", "transparent") and box["outline"] == "solid", box
    assert "Guanaco" in page.locator("#s3").inner_text()
    screenshot(page, f"{target.name}-sentence.png")


def test_paper_meta_tags_are_present_and_correct(target, page):
    page.goto(target.url(QLORA))
    online = SITE_URL + "papers/qlora-efficient-finetuning-of-quantized-llms/"

    def meta(attribute: str, name: str) -> str | None:
        return page.locator(f'meta[{attribute}="{name}"]').get_attribute("content")

    assert page.locator('link[rel="canonical"]').get_attribute("href") == online
    assert meta("property", "og:url") == online
    assert meta("property", "og:title") == meta("name", "twitter:title") == QLORA_TITLE
    description = meta("property", "og:description")
    assert description.startswith("We present QLoRA, an efficient finetuning approach")
    assert description == meta("name", "description") == meta("name", "twitter:description")
    assert meta("property", "og:image") == meta("name", "twitter:image") == \
        SITE_URL + "previews/papers/qlora-efficient-finetuning-of-quantized-llms.png"
    assert meta("name", "twitter:card") == "summary_large_image"
    assert page.title() == f"{QLORA_TITLE} - Paper Atlas"
    screenshot(page, f"{target.name}-paper.png")


def test_copy_link_copies_the_published_address(target, page):
    if not target.offline:  # a file:// page has no origin to grant clipboard access to
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(target.url(QLORA))
    page.locator("button.pa-copy-link").click()
    page.locator(".md-dialog", has_text="Copied to clipboard").wait_for(timeout=5000)
    if not target.offline:
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == SITE_URL + "papers/qlora-efficient-finetuning-of-quantized-llms/"


def test_map_page_renders(request, target, built_site):
    """The topic map, once the atlas has one (issue 4)."""
    candidates = [p for p in ("map/index.md", "map.md", "topics/map.md")
                  if (built_site / "docs" / p).is_file()]
    if not candidates:
        pytest.skip("the atlas has no map page yet")
    page = request.getfixturevalue("page")
    page.goto(target.url(candidates[0]))
    page.wait_for_load_state()
    assert page.locator("article svg, article img, article object").count() >= 1
    screenshot(page, f"{target.name}-map.png")
