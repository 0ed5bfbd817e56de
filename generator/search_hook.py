"""MkDocs hook: which search the site gets, and Pagefind's index when it is the chunked one.

Material's built-in search is one JSON index of every page that each visitor downloads
before the first result. That is fine for a few thousand papers; above
`extra.search.pagefind_above` papers (mkdocs.yml) the online site uses Pagefind instead:
its index is split into small compressed chunks and a query fetches only the chunks
holding its words. Pagefind (`pagefind[bin]` from PyPI) indexes the built HTML after the
build. It does not work from `file://`, so an offline build (Material's `offline` plugin)
always keeps the built-in search. `PAPER_ATLAS_SEARCH=builtin|pagefind` overrides the choice.

List this hook after `generator/mkdocs_hook.py`: it counts the papers the generator wrote.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.exceptions import Abort

log = logging.getLogger("mkdocs.hooks.paper_atlas.search")

DEFAULT_PAGEFIND_ABOVE = 5000
BUILTIN, PAGEFIND = "builtin", "pagefind"
# What Pagefind indexes: the article of each page (a paper's title and abstract, a topic's or
# benchmark's name and description), without permalink marks, buttons, the sections the
# templates keep out of search, and lists and tables (links to other pages, whose own text is
# indexed on those pages).
ROOT_SELECTOR = "article.md-content__inner"
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


def pagefind_config() -> str:
    """pagefind.yml: the root and the excluded selectors (JSON is YAML)."""
    return json.dumps({"root_selector": ROOT_SELECTOR, "exclude_selectors": list(EXCLUDE_SELECTORS)}) + "\n"


def on_post_build(config) -> None:
    if not config.extra.get("pagefind"):
        return
    command = [sys.executable, "-m", "pagefind", "--site", str(Path(config.site_dir).resolve()), "--silent"]
    try:
        with tempfile.TemporaryDirectory() as folder:  # Pagefind reads a list of selectors from its config file
            (Path(folder) / "pagefind.yml").write_text(pagefind_config(), encoding="utf-8")
            result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=folder)
    except OSError as error:
        raise Abort(f"paper-atlas: cannot run Pagefind ({error})") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise Abort(f"paper-atlas: Pagefind failed to index the site: {detail[0]}")
