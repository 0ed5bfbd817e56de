"""Links written as raw HTML (paper pages) point where MkDocs would have pointed them."""

from __future__ import annotations

import posixpath

import pytest

from generator.links import _page_link, _relative_folder, page_link, page_url
from generator.render import environment


@pytest.mark.parametrize(("page", "target", "directory_urls", "expected"), [
    ("map.md", "papers/x.md", True, "../papers/x/"),
    ("map.md", "papers/x.md", False, "papers/x.html"),
    ("topics/t.md", "papers/x.md", True, "../../papers/x/"),
    ("topics/t.md", "papers/x.md", False, "../papers/x.html"),
    ("topics/index.md", "papers/x.md", True, "../papers/x/"),
    ("topics/index.md", "papers/x.md", False, "../papers/x.html"),
    ("index.md", "map.md", True, "map/"),
    ("index.md", "map.md", False, "map.html"),
    ("papers/x.md", "papers/y.md", True, "../y/"),
    ("papers/x.md", "papers/y.md", False, "y.html"),
    ("papers/x.md", "topics/t.md", True, "../../topics/t/"),
    ("papers/x.md", "topics/t.md", False, "../topics/t.html"),
    ("papers/x.md", "topics/index.md", True, "../../topics/"),
    ("papers/x.md", "topics/index.md", False, "../topics/index.html"),
    ("papers/x.md", "index.md", True, "../../"),
    ("papers/x.md", "index.md", False, "../index.html"),
    ("papers/x.md", "data/papers.json", True, "../../data/papers.json"),
    ("papers/x.md", "data/papers.json", False, "../data/papers.json"),
    ("index.md", "papers/x.md", True, "papers/x/"),
    ("topics/t/page-2.md", "topics/t.md", True, "../"),  # as MkDocs writes it, not ../../t/
    ("benchmarks/b.md", "benchmarks/index.md", True, "../"),
    ("benchmarks/b.md", "benchmarks/index.md", False, "index.html"),
    ("topics/t/page-3.md", "topics/t/page-2.md", True, "../page-2/"),
    ("topics/t/page-2.md", "topics/t.md", False, "../t.html"),
])
def test_page_link(page, target, directory_urls, expected):
    assert page_link(page, target, directory_urls) == expected


def test_page_url_keeps_files_that_are_not_pages():
    assert page_url("previews/x.png", True) == "previews/x.png"
    assert page_url("index.md", True) == "" and page_url("index.md", False) == "index.html"


def test_url_in_a_template_links_anchors_on_the_same_page_directly():
    template = environment().from_string('{{ url("papers/x.md#s2") }} {{ url("papers/y.md#s1") }}')
    assert template.render(page_path="papers/x.md", directory_urls=True) == "#s2 ../y/#s1"
    with pytest.raises(ValueError, match="not an internal path"):
        environment().from_string('{{ url("javascript:alert(1)") }}').render(page_path="x.md", directory_urls=True)


FOLDERS = ["", ".", "papers", "papers/x", "papers/x/y", "topics", "topics/t", "topics/t/page-2", "data", "a/b/c",
           "papers/xy", "papers/x/../y", "./papers"]


@pytest.mark.parametrize("folder", FOLDERS)
@pytest.mark.parametrize("here", FOLDERS)
def test_relative_folder_is_posix_relpath(folder, here):
    # Found from the parent of `here` when it can be: the answer must still be relpath's.
    assert _relative_folder(folder, here) == posixpath.relpath(folder or ".", here or ".")


PAGES = ["index.md", "map.md", "papers/x.md", "papers/y.md", "papers/index.md", "papers/x/page-2.md", "topics/t.md",
         "topics/t/page-2.md", "topics/index.md", "a/b/c.md", "papers/xy.md", "papers/x.y.md", "papers/..md",
         "papers/x/../y.md", "./papers/x.md", "papers/x/../../topics/t.md", "papers/z/../x/page-2.md",
         "data/papers.json", "previews/papers/x.png"]


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("page", [p for p in PAGES if p.endswith(".md")])
def test_links_shared_by_the_pages_of_a_folder_are_the_links_worked_out_in_full(page, directory_urls):
    # page_link works a link out once for every page of a folder (directory URLs): it must be each page's own.
    for target in PAGES:
        assert page_link(page, target, directory_urls) == _page_link(page, target, directory_urls), (page, target)
