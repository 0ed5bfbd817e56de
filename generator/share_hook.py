"""MkDocs hook: a page's canonical URL is always its address on the published site.

The offline bundle names its pages as files (`papers/x.html`, since `use_directory_urls`
is off), but a link copied or shared from it must work for whoever receives it.
"""

from __future__ import annotations

from urllib.parse import urljoin

from mkdocs.structure.files import File


def online_url(site_url: str, src_uri: str) -> str:
    """The published address of the page made from `src_uri` (as MkDocs makes it with directory URLs)."""
    return urljoin(site_url, File(src_uri, "", "", use_directory_urls=True).url)


def on_page_context(context, page, config, nav):
    if config.site_url and not config.use_directory_urls:  # with directory URLs MkDocs set the online one
        page.canonical_url = online_url(config.site_url, page.file.src_uri)
    return context
