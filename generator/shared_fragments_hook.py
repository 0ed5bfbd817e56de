"""MkDocs hook: the parts of Material's page that are the same on many pages are rendered once.

Material renders its navigation (tabs and sidebar), the palette toggle and its configuration
script anew for every page: for 10,000 paper pages that was a fifth of the build. On a page
outside the navigation (which marks no entry active) these parts differ from page to page
only by their relative links, and a relative link depends only on the page's folder. So for
such pages each part is rendered once per folder and reused; a page in the navigation gets a
rendering of its own, as without this hook.

The parts are the templates in overrides/ that call `shared_fragment`: partials/nav.html,
partials/tabs.html and partials/palette.html render the theme's own partial of that name
(reached as "theme/partials/…"), and main.html's `config` block renders the theme's block.
`PAPER_ATLAS_SHARED_FRAGMENTS=0` renders every page in full (the test compares the two).
"""

from __future__ import annotations

import os

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, pass_context

THEME_PREFIX = "theme"  # overrides reach the theme's own partial "partials/x.html" as "theme/partials/x.html"
RENDERED: dict[tuple[str, str], str] = {}  # (part, folder) -> its rendering, for the build under way
NAV_URLS: set[str] = set()


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
def shared_fragment(context, name: str, block=None) -> str:
    """The theme's partial `name` (or, with `block`, that block's rendering) for this page's folder."""
    folder = folder_of(context.get("page"), NAV_URLS) if os.environ.get("PAPER_ATLAS_SHARED_FRAGMENTS") != "0" \
        else None
    if folder is not None and (name, folder) in RENDERED:
        return RENDERED[name, folder]
    if block is not None:
        html = block()
    else:
        html = context.environment.get_template(f"{THEME_PREFIX}/{name}").render(context.get_all())
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
