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
    if directory_urls and _own_folder(from_page) and _plain(to_file) and to_file != from_page and \
            not to_file.startswith(from_page[:-3] + "/"):
        # With directory URLs a page `f/x.md` is the folder `f/x/`: from every such page of `f`, a file
        # outside the page's own folder has the same link (a paper page links to other papers, its
        # listings, topics and benchmarks), worked out once per folder and target.
        return _link_from_folder_page(posixpath.dirname(from_page), to_file)
    return _page_link(from_page, to_file, directory_urls)


def _own_folder(path: str) -> bool:
    """Whether a file is a page whose directory URL is a folder of its own (`f/x.md` → `f/x/`)."""
    return path.endswith(".md") and not (path == "index.md" or path.endswith("/index.md")) and _plain(path[:-3])


def _plain(path: str) -> bool:
    """No `.` or `..` segment, nor one ending with a dot (where a path and its normal form differ)."""
    return "./" not in f"/{path}/"


@lru_cache(maxsize=1 << 16)
def _link_from_folder_page(folder: str, to_file: str) -> str:
    """The link from any page `folder/<name>.md` (directory URLs) to `to_file`, outside that page's folder."""
    return _page_link(posixpath.join(folder, "\x00.md"), to_file, True)


def _page_link(from_page: str, to_file: str, directory_urls: bool) -> str:
    there = page_url(to_file, directory_urls)
    here = _url_folder(from_page, directory_urls)
    folder, name = posixpath.split(there.rstrip("/"))
    folder_url = there == "" or there.endswith("/")
    if folder_url and name and here.startswith(there):
        # A folder the page is in (`benchmarks/` from `benchmarks/x/`): up to it, as MkDocs writes it (`../`).
        relative = _relative_folder(there[:-1], here)
    else:
        up = _relative_folder(folder, here)
        relative = (name if up == "." else f"{up}/{name}") if name else up
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
