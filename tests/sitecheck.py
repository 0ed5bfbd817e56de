"""Reading a built site as a browser would: links, anchors, external requests."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

RESOURCE_ATTRS = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"), ("video", "src"),
                  ("audio", "src"), ("embed", "src"), ("object", "data")}


class PageLinks(HTMLParser):
    """Collects hyperlinks, loaded resources and element ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.resources: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes and attributes["id"]:
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "link" and attributes.get("href"):
            rel = (attributes.get("rel") or "").lower()
            if any(word in rel for word in ("stylesheet", "icon", "preload", "manifest", "modulepreload")):
                self.resources.append(attributes["href"])
        for element, attribute in RESOURCE_ATTRS:
            if tag == element and attributes.get(attribute):
                self.resources.append(attributes[attribute])


def parse(path: Path) -> PageLinks:
    parser = PageLinks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme and parts.scheme not in ("file",)) or url.startswith("//")


def resolve(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file a relative href points to from `page`, and its fragment; None if external."""
    if is_external(href) or href.startswith(("mailto:", "javascript:", "data:")):
        return None
    parts = urlsplit(href)
    if parts.path.startswith("/"):
        return None
    base = page.parent.relative_to(site).as_posix()
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path))) if parts.path else \
        page.relative_to(site).as_posix()
    path = site / target
    if path.is_dir() or href.endswith("/") or parts.path == "":
        path = path / "index.html" if path.is_dir() or href.endswith("/") else path
    return path, parts.fragment


def broken_links(site: Path, folders_allowed: bool = True) -> list[str]:
    """Every internal link or resource of the site's pages that does not resolve, as "page → href (why)".

    With `folders_allowed=False` (a bundle opened from file://) a link to a folder counts as broken too,
    since a browser shows a directory listing there, not the folder's index.html."""
    parsed = {page: parse(page) for page in sorted(site.rglob("*.html"))}
    broken = []
    for page, links in parsed.items():
        for href in links.links + links.resources:
            target = resolve(site, page, href)
            if target is None:
                continue
            path, fragment = target
            address = href.split("#")[0]
            names_folder = address.endswith("/") or (address and path.name == "index.html"
                                                     and not address.endswith("index.html"))
            where = f"{page.relative_to(site)} → {href}"
            if not folders_allowed and names_folder:
                broken.append(f"{where} (a folder)")
            elif not path.is_file():
                broken.append(where)
            elif fragment and path.suffix == ".html":
                ids = parsed[path].ids if path in parsed else parse(path).ids
                if fragment not in ids:
                    broken.append(f"{where} (no anchor)")
    return broken
