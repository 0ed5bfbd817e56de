"""Addresses of generated pages as the browser sees them, for either URL style of MkDocs."""

from __future__ import annotations

import posixpath
from functools import lru_cache


def page_url(path: str, directory_urls: bool) -> str:
    """The URL MkDocs gives a file under docs/: `papers/x.md` → `papers/x/` (or `papers/x.html`);
    `index.md` → `` (or `index.html`); any other file keeps its path."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if directory_urls:
        if stem == "index" or stem.endswith("/index"):
            return stem[:-len("index")]
        return stem + "/"
    return stem + ".html"


def page_link(from_page: str, to_file: str, directory_urls: bool) -> str:
    """A relative link, as a browser resolves it, from one page's URL to another file's."""
    there = page_url(to_file, directory_urls)
    folder, name = posixpath.split(there.rstrip("/"))
    up = _relative_folder(folder, _url_folder(from_page, directory_urls))
    relative = (name if up == "." else f"{up}/{name}") if name else up
    folder_url = there == "" or there.endswith("/")
    return relative + "/" if folder_url and relative != "." else relative


@lru_cache(maxsize=64)  # a page asks for it once per link
def _url_folder(page: str, directory_urls: bool) -> str:
    """The folder a browser resolves a page's relative links from (`.` for the site's root)."""
    here = page_url(page, directory_urls)
    base = here if here.endswith("/") else posixpath.dirname(here) + "/"
    return base.rstrip("/") or "."


def relative_path(path: str, here: str) -> str:
    """posixpath.relpath(path, here or "."), with the folder part cached (pages link to a few folders)."""
    folder, name = posixpath.split(path)
    if name in ("", ".", ".."):
        return posixpath.relpath(path, here or ".")
    up = _relative_folder(folder, here)
    return name if up == "." else f"{up}/{name}"


def _relative_folder(folder: str, here: str) -> str:
    """posixpath.relpath(folder or ".", here or "."). Every paper page is a folder of its own (`papers/x/`),
    so for a `folder` outside `here` the path is found from here's parent, which pages share (and the cache hits)."""
    normal = "./" not in f"{folder}/{here}/"  # no "." or ".." segment (nor one ending with a dot: relpath then)
    if normal and here and folder != here and not folder.startswith(here + "/"):
        up = _relpath(folder, posixpath.dirname(here))
        return ".." if up == "." else f"../{up}"
    return _relpath(folder, here)


@lru_cache(maxsize=4096)
def _relpath(folder: str, here: str) -> str:
    return posixpath.relpath(folder or ".", here or ".")
