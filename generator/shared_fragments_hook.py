"""MkDocs hook: the parts of Material's page that are the same on many pages are rendered once.

Material renders its navigation (tabs and sidebar), the palette toggle and its configuration
script anew for every page: for 10,000 paper pages that was a fifth of the build. On a page
outside the navigation (which marks no entry active) these parts differ from page to page
only by their relative links, and a relative link depends only on the page's folder. So for
such pages each part is rendered once per folder and reused; a page in the navigation gets a
rendering of its own, as without this hook.

The header is the same for such pages but for the page's title: it is rendered once per
folder with a placeholder for the title (`TitleSlot`), and each page puts its own in.

The parts are the templates in overrides/ that call `shared_fragment`: partials/nav.html,
partials/tabs.html, partials/palette.html and partials/header.html render the theme's own
partial of that name (reached as "theme/partials/…"), and main.html's `config` block renders
the theme's block. `PAPER_ATLAS_SHARED_FRAGMENTS=0` renders every page in full (the test
compares the two).
"""

from __future__ import annotations

import os

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, pass_context

THEME_PREFIX = "theme"  # overrides reach the theme's own partial "partials/x.html" as "theme/partials/x.html"
RENDERED: dict[tuple[str, str], str] = {}  # (part, folder) -> its rendering, for the build under way
NAV_URLS: set[str] = set()
TITLE_SLOT = "\x1fpaper-atlas:page-title\x1f"  # a control character: never in a title the generator wrote


class TitleSlot:
    """The page as a shared part sees it: the same page, but its title (and its front matter's) is TITLE_SLOT."""

    def __init__(self, page) -> None:
        self._page = page
        self.title = TITLE_SLOT
        self.meta = {**page.meta, "title": TITLE_SLOT} if front_matter_title(page) else page.meta

    def __getattr__(self, name: str):
        return getattr(self._page, name)


def front_matter_title(page) -> object:
    return page.meta.get("title") if page.meta else None


def printed_title(page) -> str:
    """The title as Material's header prints it: the front matter's, else the page's."""
    return str(front_matter_title(page) or page.title)


def folder_of(page, nav_urls: set[str]) -> str | None:
    """The folder whose pages share the parts with `page`; None if it needs its own rendering.

    A page in the navigation needs its own (its entry is marked active), and so does a page
    with navigation entries below its own URL (its links to them are relative to it).
    """
    if page is None or page.url in nav_urls:
        return None
    if page.url.endswith("/") and any(url.startswith(page.url) for url in nav_urls):
        return None
    folder, _, _ = page.url.rstrip("/").rpartition("/")
    return folder


@pass_context
def shared_fragment(context, name: str, block=None, title_slot: bool = False) -> str:
    """The theme's partial `name` (or, with `block`, that block's rendering) for this page's folder.

    `title_slot`: the partial prints the page's title once, and is shared with a placeholder there."""
    page = context.get("page")
    folder = folder_of(page, NAV_URLS) if os.environ.get("PAPER_ATLAS_SHARED_FRAGMENTS") != "0" else None
    if folder is not None and (name, folder) in RENDERED:
        html = RENDERED[name, folder]
        return html.replace(TITLE_SLOT, printed_title(page)) if title_slot else html
    if block is not None:
        return keep(name, folder, block())
    template = context.environment.get_template(f"{THEME_PREFIX}/{name}")
    if not title_slot:
        return keep(name, folder, template.render(context.get_all()))
    if folder is not None:
        html = template.render({**context.get_all(), "page": TitleSlot(page)})
        if html.count(TITLE_SLOT) == 1:
            return keep(name, folder, html).replace(TITLE_SLOT, printed_title(page))
    return template.render(context.get_all())  # a page of its own, or a title not printed once


def keep(name: str, folder: str | None, html: str) -> str:
    """`html`, kept for the other pages of `folder` (unless None)."""
    if folder is not None:
        RENDERED[name, folder] = html
    return html


def on_nav(nav, config, files):
    NAV_URLS.clear()
    NAV_URLS.update(page.url for page in nav.pages)
    return nav


def on_env(env, config, files):
    RENDERED.clear()
    theme_dirs = [folder for folder in config.theme.dirs if folder != config.theme.custom_dir]
    env.loader = ChoiceLoader([env.loader, PrefixLoader({THEME_PREFIX: FileSystemLoader(theme_dirs)})])
    env.globals["shared_fragment"] = shared_fragment
    return env
