"""The theme parts rendered once per folder (generator/shared_fragments_hook.py)."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from types import SimpleNamespace

import pytest
from jinja2 import DictLoader, Environment

from generator import shared_fragments_hook as hook

NAV = {"", "topics/", "map/", "papers/highlights/"}


def page(url: str) -> SimpleNamespace:
    return SimpleNamespace(url=url)


@pytest.mark.parametrize(("url", "folder"), [
    ("papers/attention/", "papers"),  # directory URLs: the published site
    ("papers/attention.html", "papers"),  # file URLs: the offline bundle
    ("topics/vision/page-2/", "topics/vision"),
    ("about-this/", ""),
    ("topics/", None),  # in the navigation: its tab is marked active
    ("", None),
    ("papers/", None),  # a navigation entry below it: links to it are relative to this page
])
def test_pages_outside_the_navigation_share_by_folder(url, folder):
    assert hook.folder_of(page(url), NAV) == folder


def test_no_page_no_sharing():
    assert hook.folder_of(None, NAV) is None


def render_twice(monkeypatch, first: str, second: str) -> list[str]:
    """Render a template calling `shared_fragment` for two pages; the block renderings it asked for."""
    monkeypatch.setattr(hook, "NAV_URLS", set(NAV))
    monkeypatch.setattr(hook, "RENDERED", {})
    monkeypatch.delenv("PAPER_ATLAS_SHARED_FRAGMENTS", raising=False)
    calls: list[str] = []

    def block(url: str):
        return lambda: calls.append(url) or f"<nav>{url}</nav>"

    env = Environment(loader=DictLoader({"page.html": "{{ shared_fragment('nav', block(page.url)) }}"}))
    env.globals.update(shared_fragment=hook.shared_fragment, block=block)
    outputs = [env.get_template("page.html").render(page=page(url)) for url in (first, second)]
    assert outputs[0] == f"<nav>{first}</nav>"
    return calls


def test_a_folder_renders_once(monkeypatch):
    assert render_twice(monkeypatch, "papers/a/", "papers/b/") == ["papers/a/"]


def test_other_folders_and_navigation_pages_render_their_own(monkeypatch):
    assert render_twice(monkeypatch, "papers/a/", "topics/b/") == ["papers/a/", "topics/b/"]
    assert render_twice(monkeypatch, "topics/", "map/") == ["topics/", "map/"]


HEADER = "{{ count() }}<a href='{{ page.url }}'>{% if page.meta and page.meta.title %}{{ page.meta.title }}" \
         "{% else %}{{ page.title }}{% endif %}</a>"


def header_pages(monkeypatch, pages: list[SimpleNamespace]) -> tuple[list[str], int]:
    """Render a header like Material's (it prints the page's title once) for `pages`; (outputs, renderings)."""
    monkeypatch.setattr(hook, "NAV_URLS", set(NAV))
    monkeypatch.setattr(hook, "RENDERED", {})
    monkeypatch.delenv("PAPER_ATLAS_SHARED_FRAGMENTS", raising=False)
    renderings: list[int] = []
    page_template = "{{ shared_fragment('partials/header.html', title_slot=true) }}"
    templates = {f"{hook.THEME_PREFIX}/partials/header.html": HEADER, "page.html": page_template}
    env = Environment(loader=DictLoader(templates))
    env.globals.update(shared_fragment=hook.shared_fragment, count=lambda: renderings.append(1) or "")
    return [env.get_template("page.html").render(page=p) for p in pages], len(renderings)


def test_a_shared_header_gets_each_pages_title(monkeypatch):
    hostile = '<b>"A" & {{ b }}</b>'
    pages = [SimpleNamespace(url="papers/a/", title="A", meta={}),
             SimpleNamespace(url="papers/b/", title="B", meta={"title": hostile}),
             SimpleNamespace(url="papers/c/", title=hostile, meta={"title": ""})]
    outputs, renderings = header_pages(monkeypatch, pages)
    # Printed as the theme prints it (escaping is the theme's business), the link shared by the folder's pages.
    assert outputs == ["<a href='papers/a/'>A</a>", f"<a href='papers/a/'>{hostile}</a>",
                       f"<a href='papers/a/'>{hostile}</a>"]
    assert renderings == 1


def test_a_header_of_its_own_in_the_navigation(monkeypatch):
    pages = [SimpleNamespace(url="topics/", title="Topics", meta={}), SimpleNamespace(url="map/", title="Map", meta={})]
    assert header_pages(monkeypatch, pages) == (["<a href='topics/'>Topics</a>", "<a href='map/'>Map</a>"], 2)


def test_the_switch_renders_every_page(monkeypatch):
    monkeypatch.setenv("PAPER_ATLAS_SHARED_FRAGMENTS", "0")
    monkeypatch.setattr(hook, "NAV_URLS", set(NAV))
    monkeypatch.setattr(hook, "RENDERED", {})
    assert hook.folder_of(page("papers/a/"), NAV) == "papers"
    env = Environment(loader=DictLoader({"page.html": "{{ shared_fragment('nav', block) }}"}))
    calls: list[int] = []
    env.globals.update(shared_fragment=hook.shared_fragment, block=lambda: calls.append(1) or "x")
    for url in ("papers/a/", "papers/b/"):
        env.get_template("page.html").render(page=page(url))
    assert len(calls) == 2


@pytest.mark.parametrize(("site", "least_pages"), [("built_site", 300), ("hostile_site", 10)])
def test_the_site_is_the_same_as_rendered_page_by_page(request, site, least_pages):
    """Every page of the real site (and of the hostile one: markup, entities and Jinja in its titles), byte for
    byte, with the parts shared and with each page rendered in full."""
    built_site = request.getfixturevalue(site)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site-unshared"],
                            cwd=built_site, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PAPER_ATLAS_SHARED_FRAGMENTS": "0"})
    assert result.returncode == 0, result.stderr
    shared, unshared = built_site / "site", built_site / "site-unshared"
    pages = sorted(path.relative_to(shared) for path in shared.rglob("*.html"))
    assert len(pages) > least_pages
    assert sorted(path.relative_to(unshared) for path in unshared.rglob("*.html")) == pages
    _, mismatch, errors = filecmp.cmpfiles(shared, unshared, [p.as_posix() for p in pages], shallow=False)
    assert (mismatch, errors) == ([], [])
    paper = next((shared / "papers").iterdir()) / "index.html"
    assert 'class="md-tabs"' in paper.read_text(encoding="utf-8")  # the shared parts are there
