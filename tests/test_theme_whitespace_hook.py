"""Material's templates without their tags' whitespace (generator/theme_whitespace_hook.py)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from generator import theme_whitespace_hook as hook
from tests.browser import CHROMIUM_ARGS, require_chromium, serve

TEMPLATE = "<ul>\n  {% for item in items %}\n  <li>{{ item }}</li>\n  {% endfor %}\n</ul>\n<pre>{{ code }}</pre>"
CODE = "  x\n\n  {% y %}  "  # printed text keeps its own spacing


def rendered(monkeypatch, switch: str | None) -> str:
    if switch is None:
        monkeypatch.delenv("PAPER_ATLAS_TRIM_THEME", raising=False)
    else:
        monkeypatch.setenv("PAPER_ATLAS_TRIM_THEME", switch)
    env = hook.on_env(Environment(loader=DictLoader({"page.html": TEMPLATE})), config=None, files=None)
    return env.get_template("page.html").render(items=["a", "b"], code=CODE)


def test_the_tags_lines_go_and_what_is_printed_stays(monkeypatch):
    assert rendered(monkeypatch, None) == f"<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n<pre>{CODE}</pre>"


def test_the_switch_keeps_them(monkeypatch):
    assert rendered(monkeypatch, "0") == f"<ul>\n  \n  <li>a</li>\n  \n  <li>b</li>\n  \n</ul>\n<pre>{CODE}</pre>"


@pytest.fixture(scope="module")
def untrimmed_site(built_site) -> Path:
    """The real seeds' site built again with the theme's whitespace kept."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site-untrimmed"],
                            cwd=built_site, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PAPER_ATLAS_TRIM_THEME": "0"})
    assert result.returncode == 0, result.stderr
    return built_site / "site-untrimmed"


def test_pages_are_smaller_and_search_reads_the_same(built_site, untrimmed_site):
    trimmed = built_site / "site"
    papers = sorted(path.relative_to(trimmed) for path in (trimmed / "papers").glob("*/index.html"))
    assert len(papers) > 200
    saved = [(untrimmed_site / p).stat().st_size - (trimmed / p).stat().st_size for p in papers]
    assert min(saved) > 0
    assert statistics.fmean(saved) > 1500  # bytes of a paper page (about 21 KB)
    index = "search/search_index.json"  # the search index is made from the pages' content, which is untouched
    assert (trimmed / index).read_bytes() == (untrimmed_site / index).read_bytes()


def sample_pages(site: Path) -> list[str]:
    """Every kind of page: the home page, each section's index and its first page, and the others."""
    pages = ["", "map/", "whats-new/", "about/", "404.html"]
    for section in ("papers", "topics", "benchmarks", "listings"):
        if (site / section / "index.html").exists():
            pages.append(f"{section}/")
        pages.append(f"{section}/{sorted(p.name for p in (site / section).iterdir() if p.is_dir())[0]}/")
    return pages


# Every element's box (in tenths of a pixel) and the visible text, whitespace runs as one space. The search
# results' status line is left out: the search index loads meanwhile and changes it.
MEASURE = """() => {
  document.querySelectorAll('.md-search-result__meta').forEach(e => e.textContent = '');
  const boxes = Array.from(document.querySelectorAll('body *'), e => {
    const r = e.getBoundingClientRect();
    return [e.tagName, e.className, ...[r.x, r.y, r.width, r.height].map(v => Math.round(v * 10))].join(' ');
  });
  return {boxes, text: document.body.innerText.split(/\\s+/).join(' ')};
}"""


def settled(tab) -> dict:
    """MEASURE once the page has settled: Material's scripts size the sidebars after the page loads."""
    measured = tab.evaluate(MEASURE)
    for _ in range(30):
        tab.wait_for_timeout(100)
        again = tab.evaluate(MEASURE)
        if again == measured:
            break
        measured = again
    return measured


def test_no_element_moves_and_no_text_changes(built_site, untrimmed_site):
    """Each kind of page, on a desktop and a phone, with and without the theme's whitespace."""
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    pages = sample_pages(built_site / "site")
    with serve(built_site / "site") as trimmed, serve(untrimmed_site) as untrimmed, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            for width in (1280, 400):
                context = browser.new_context(viewport={"width": width, "height": 900}, reduced_motion="reduce")
                tab = context.new_page()
                for page in pages:
                    measured = []
                    for base in (trimmed, untrimmed):
                        tab.goto(base + page)
                        measured.append(settled(tab))
                    assert len(measured[0]["boxes"]) > 50, page
                    assert measured[0]["boxes"] == measured[1]["boxes"], (width, page)
                    assert measured[0]["text"] == measured[1]["text"], (width, page)
                context.close()
        finally:
            browser.close()
