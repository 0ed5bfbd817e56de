"""MkDocs hook: which search the site gets, and Pagefind's index when it is the chunked one.

Material's built-in search is one JSON index of every page that each visitor downloads
before the first result. That is fine for a few thousand papers; above
`extra.search.pagefind_above` papers (mkdocs.yml) the online site uses Pagefind instead:
its index is split into small compressed chunks and a query fetches only the chunks
holding its words. Pagefind (`pagefind[bin]` from PyPI) indexes each page's article: MkDocs
converts every page's Markdown before it renders any page with the theme, and each page goes
to Pagefind's indexing service (its Rust binary, in a process of its own) as soon as it is
converted; the service builds the index while MkDocs renders the pages, on another core
(generator/pagefind_client.py), and the index is written once the build ends. Pagefind
does not work from `file://`, so an offline build (Material's `offline` plugin) always
keeps the built-in search. `PAPER_ATLAS_SEARCH=builtin|pagefind` overrides the choice.

List this hook after `generator/mkdocs_hook.py`: it counts the papers the generator wrote.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from mkdocs.exceptions import Abort

from generator.pagefind_client import PagefindError, PagefindService

log = logging.getLogger("mkdocs.hooks.paper_atlas.search")

DEFAULT_PAGEFIND_ABOVE = 5000
BUILTIN, PAGEFIND = "builtin", "pagefind"
# What Pagefind indexes: the article of each page (a paper's title and abstract, a topic's or
# benchmark's name and description), without permalink marks, buttons, the sections the
# templates keep out of search, and lists and tables (links to other pages, whose own text is
# indexed on those pages).
ROOT_SELECTOR = "article.md-content__inner"
ARTICLE_START, ARTICLE_END = '<article class="md-content__inner', "</article>"  # ROOT_SELECTOR in Material's HTML
EXCLUDE_SELECTORS = (".headerlink", ".md-content__button", "[data-search-exclude]", "[data-pagefind-ignore]",
                     "ul", "ol", "table")


def count_papers(docs: Path) -> int:
    """The paper pages the generator wrote (one Markdown file each)."""
    try:
        with os.scandir(docs / "papers") as scan:
            return sum(1 for entry in scan if entry.name.endswith(".md"))
    except FileNotFoundError:
        return 0


def offline(config) -> bool:
    plugin = config.plugins.get("material/offline")
    return plugin is not None and bool(getattr(plugin.config, "enabled", True))


def choose_search(config, papers: int) -> str:
    forced = os.environ.get("PAPER_ATLAS_SEARCH", "").strip().lower()
    if forced in (BUILTIN, PAGEFIND):
        return forced
    if offline(config) or "material/search" not in config.plugins:
        return BUILTIN
    settings = config.extra.get("search") or {}
    threshold = settings.get("pagefind_above", DEFAULT_PAGEFIND_ABOVE) if isinstance(settings, dict) else \
        DEFAULT_PAGEFIND_ABOVE
    return PAGEFIND if papers > int(threshold) else BUILTIN


def on_pre_build(config) -> None:
    papers = count_papers(Path(config.docs_dir))
    engine = choose_search(config, papers)
    search = config.plugins.get("material/search")
    if engine == PAGEFIND and offline(config):
        raise Abort("paper-atlas: Pagefind does not work offline (file://); the offline build keeps built-in search")
    if search is not None:
        search.config.enabled = engine == BUILTIN  # Material hides its search box and writes no index
    config.extra["pagefind"] = engine == PAGEFIND
    log.info(f"paper-atlas: {papers} papers, search: {engine}")
    start_index(config)


STREAM: dict[str, PagefindService] = {}  # the index of the build under way (MkDocs hooks are module functions)


def start_index(config) -> None:
    """Start Pagefind's service for this build when the site uses it."""
    previous = STREAM.pop("index", None)
    if previous is not None:  # a build that ended in an error (mkdocs serve goes on)
        previous.close()
    if config.extra.get("pagefind"):
        try:
            STREAM["index"] = PagefindService(ROOT_SELECTOR, list(EXCLUDE_SELECTORS))
        except PagefindError as error:
            raise Abort(f"paper-atlas: cannot start Pagefind: {error}") from None


def searched_part(html: str) -> str:
    """The part of a rendered page Pagefind reads: its `<html>` tag (the language) and the article."""
    start, end = html.find(ARTICLE_START), html.rfind(ARTICLE_END)
    html_tag = html.find("<html")
    if start < 0 or end < start or html_tag < 0:
        return html
    return f"{html[html_tag:html.index('>', html_tag) + 1]}<body>{html[start:end + len(ARTICLE_END)]}</body></html>"


def article(content: str, page, config) -> str:
    """What Pagefind reads of a page, made from its content before the theme renders the page.

    Material's article is the content, after the page's title as a heading if the content has
    none (partials/content.html); what the theme and overrides/main.html add around it there
    holds no text Pagefind reads (buttons it excludes, an empty search box). `on_post_page`
    checks each rendered page against this.
    """
    heading = "" if "<h1" in content else f"<h1>{page.title or config.site_name}</h1>"
    return (f'<html lang="{config.theme.locale}"><body><article class="md-content__inner md-typeset">'
            f"{heading}{content}</article></body></html>")


def excluded_from_search(page) -> bool:
    """Front matter `search: {exclude: true}`, which Material's built-in search honours too."""
    search = page.meta.get("search")
    return isinstance(search, dict) and bool(search.get("exclude"))


def on_page_content(html: str, page, config, files) -> str:
    """Hand the page to Pagefind now: MkDocs converts every page before it renders any, so the
    index is built on another core while MkDocs renders (`on_env`)."""
    index = STREAM.get("index")
    if index is not None and not excluded_from_search(page):
        index.add_page(article(html, page, config), "/" + page.url)
    return html


def on_env(env, config, files):
    index = STREAM.get("index")
    if index is not None:
        index.finish()
    return env


def on_post_page(output: str, page, config) -> str:
    """A page whose rendered article is not what Pagefind indexed fails a strict build."""
    if STREAM.get("index") is not None and not excluded_from_search(page):
        rendered = searched_part(output)
        if page.content not in rendered or not rendered.startswith(f'<html lang="{config.theme.locale}"'):
            log.warning(f"paper-atlas: Pagefind indexed {page.file.src_uri} as it was before the theme rendered it, "
                        "and the rendered page differs: see generator/search_hook.py")
    return output


def on_post_build(config) -> None:
    index = STREAM.pop("index", None)
    if index is None:
        return
    started = time.perf_counter()
    try:
        pages = index.write(Path(config.site_dir) / "pagefind")
    except PagefindError as error:
        raise Abort(f"paper-atlas: Pagefind failed to index the site: {error}") from None
    finally:
        index.close()
    log.info(f"paper-atlas: Pagefind indexed {pages} pages "
             f"({time.perf_counter() - started:.1f} s after the last page)")


def on_build_error(error) -> None:
    index = STREAM.pop("index", None)
    if index is not None:
        index.close()
