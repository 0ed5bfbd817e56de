"""Which search the site gets (built-in below the threshold and offline, Pagefind above it),
and the Pagefind service that indexes pages as MkDocs renders them."""

from __future__ import annotations

import base64
import gzip
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator import search_hook
from generator.pagefind_client import PagefindError, PagefindService
from generator.search_hook import (
    BUILTIN,
    EXCLUDE_SELECTORS,
    PAGEFIND,
    ROOT_SELECTOR,
    choose_search,
    count_papers,
    searched_part,
)
from tests.conftest import copy_project


def config(plugins: dict, threshold: int | None = 100):
    extra = {"search": {"pagefind_above": threshold}} if threshold is not None else {}
    return SimpleNamespace(plugins=plugins, extra=extra)


def plugin(enabled: bool = True):
    return SimpleNamespace(config=SimpleNamespace(enabled=enabled))


def test_threshold_decides_online(monkeypatch):
    monkeypatch.delenv("PAPER_ATLAS_SEARCH", raising=False)
    plugins = {"material/search": plugin()}
    assert choose_search(config(plugins), 100) == BUILTIN
    assert choose_search(config(plugins), 101) == PAGEFIND
    assert choose_search(config(plugins, None), 5000) == BUILTIN
    assert choose_search(config(plugins, None), 5001) == PAGEFIND


def test_offline_keeps_builtin_and_the_environment_can_force(monkeypatch):
    monkeypatch.delenv("PAPER_ATLAS_SEARCH", raising=False)
    offline = {"material/search": plugin(), "material/offline": plugin()}
    assert choose_search(config(offline), 10**6) == BUILTIN
    monkeypatch.setenv("PAPER_ATLAS_SEARCH", "pagefind")
    assert choose_search(config({"material/search": plugin()}), 1) == PAGEFIND


def test_count_papers(tmp_path):
    assert count_papers(tmp_path) == 0
    (tmp_path / "papers").mkdir()
    for name in ("a.md", "b.md", "notes.txt"):
        (tmp_path / "papers" / name).write_text("x")
    assert count_papers(tmp_path) == 2


def page(title: str, text: str) -> str:
    return (f"<html lang='en'><head><title>{title}</title></head><body><nav>menu words</nav>"
            f"<article class='md-content__inner'><h1>{title}</h1><p>{text}</p>"
            f"<ul><li>a linked title elsewhere</li></ul></article></body></html>")


def fragments(folder: Path) -> list[dict]:
    found = []
    for path in sorted((folder / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        found.append(json.loads(data[data.index(b"{"):]))
    return found


def test_pagefind_service_indexes_pages_as_they_come(tmp_path):
    service = PagefindService(ROOT_SELECTOR, list(EXCLUDE_SELECTORS))
    try:
        for number in range(300):  # more answers than a pipe buffer holds unread
            service.add_page(page(f"Paper {number}", f"zebra{number} quokka text"), f"/papers/p{number}/")
        assert service.write(tmp_path / "pagefind") == 300
    finally:
        service.close()
    entry = json.loads((tmp_path / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 300
    found = {f["url"]: f["content"] for f in fragments(tmp_path / "pagefind")}
    assert set(found) == {f"/papers/p{n}/" for n in range(300)}
    assert "zebra7 quokka text" in found["/papers/p7/"]
    assert "menu words" not in found["/papers/p7/"] and "linked title" not in found["/papers/p7/"]


def test_handing_pages_over_never_waits_for_a_busy_service(tmp_path):
    """MkDocs goes on rendering while Pagefind catches up: pages queue up instead of filling the pipe."""
    service = PagefindService(ROOT_SELECTOR, list(EXCLUDE_SELECTORS))
    try:
        os.kill(service.process.pid, signal.SIGSTOP)  # a service too busy to read its input
        handing_over = threading.Thread(target=lambda: [
            service.add_page(page(f"Paper {n}", "filler " * 500), f"/papers/p{n}/") for n in range(200)])
        handing_over.start()
        handing_over.join(timeout=20)
        finished = not handing_over.is_alive()  # 200 pages of 4 KB: more than a pipe holds
        os.kill(service.process.pid, signal.SIGCONT)
        handing_over.join()
        assert finished
        assert service.write(tmp_path / "pagefind") == 200
    finally:
        os.kill(service.process.pid, signal.SIGCONT)
        service.close()
    assert len(fragments(tmp_path / "pagefind")) == 200


def test_no_page_is_taken_once_the_index_is_being_built(tmp_path):
    service = PagefindService(ROOT_SELECTOR, list(EXCLUDE_SELECTORS))
    try:
        service.add_page(page("Paper", "zebra"), "/papers/p/")
        service.finish()
        with pytest.raises(PagefindError, match="already being built"):
            service.add_page(page("Late", "quokka"), "/papers/late/")
        assert service.write(tmp_path / "pagefind") == 1
    finally:
        service.close()
    assert [f["url"] for f in fragments(tmp_path / "pagefind")] == ["/papers/p/"]


class Chunks:
    """A service's stdout that hands out the given chunks, then the end."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = iter(chunks)

    def read1(self, size: int) -> bytes:
        return next(self.chunks, b"")


def test_responses_are_read_whatever_the_chunks(monkeypatch):
    """A response split over many chunks, several in one chunk, a chunk ending on the separator."""
    messages = [{"message_id": n, "payload": {"type": "Error", "message": f"error {n}" + "x" * (n * 7000)}}
                for n in range(1, 8)]
    stream = b"".join(base64.b64encode(json.dumps(m).encode()) + b"," for m in messages)
    cuts = [0, 3, 4, 5000, 5001, stream.index(b",") + 1, 40000, 40001, 90000, len(stream) - 1, len(stream)]
    service = PagefindService.__new__(PagefindService)
    service.process = SimpleNamespace(stdout=Chunks([stream[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]))
    service.changed, service.awaited, service.answers, service.errors = threading.Condition(), {2}, {}, []
    service._read()
    assert service.answers == {2: messages[1]["payload"]}
    assert service.errors == [m["payload"]["message"] for m in messages if m["message_id"] != 2]


def test_pagefind_service_reports_a_dead_service(tmp_path):
    service = PagefindService(ROOT_SELECTOR, list(EXCLUDE_SELECTORS))
    service.process.kill()
    service.process.wait()
    with pytest.raises(PagefindError, match="stopped"):
        for number in range(50):
            service.add_page(page("x", "y"), f"/p{number}/")
        service.write(tmp_path / "pagefind")
    service.close()


def index_of(pages: list[tuple[str, str]], folder: Path) -> dict[str, bytes]:
    """Pagefind's index of `pages` (html, url), file by file."""
    service = PagefindService(ROOT_SELECTOR, list(EXCLUDE_SELECTORS))
    try:
        for html, url in pages:
            service.add_page(html, url)
        service.write(folder)
    finally:
        service.close()
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_pagefind_gets_only_the_article_and_makes_the_same_index(built_site, tmp_path):
    site = built_site / "site"
    paths = sorted(site.glob("papers/*/index.html"))[:40] + sorted(site.glob("topics/*/index.html"))[:10]
    pages = [(path.read_text(encoding="utf-8"), "/" + path.parent.relative_to(site).as_posix() + "/")
             for path in paths]
    parts = [searched_part(html) for html, _ in pages]
    assert all(part.startswith('<html lang="en"') and part.endswith("</article></body></html>") for part in parts)
    assert sum(map(len, parts)) < sum(len(html) for html, _ in pages) / 2
    whole = index_of(pages, tmp_path / "whole")
    assert len([name for name in whole if name.startswith("fragment/")]) == len(pages)
    assert index_of([(part, url) for part, (_, url) in zip(parts, pages, strict=True)], tmp_path / "part") == whole


def test_a_page_without_an_article_is_sent_whole():
    assert searched_part("<html><body><p>x</p></body></html>") == "<html><body><p>x</p></body></html>"


def hook_config(site_name: str = "Atlas"):
    return SimpleNamespace(theme=SimpleNamespace(locale="en"), site_name=site_name)


def test_pages_excluded_from_search_are_not_sent(monkeypatch):
    sent = []
    monkeypatch.setitem(search_hook.STREAM, "index", SimpleNamespace(add_page=lambda html, url: sent.append(url)))
    for url, meta in (("topics/x/", {}), ("topics/x/page-2/", {"search": {"exclude": True}}),
                      ("map/", {"search": {"exclude": True}, "hide": ["toc"]}), ("about/", {"search": "odd"})):
        search_hook.on_page_content("<h1>x</h1>", SimpleNamespace(url=url, meta=meta, title="x"), hook_config(), None)
    assert sent == ["/topics/x/", "/about/"]


def test_the_article_sent_has_the_heading_material_adds():
    page = SimpleNamespace(title="A & B", meta={})
    assert search_hook.article("<p>text</p>", page, hook_config()) == (
        '<html lang="en"><body><article class="md-content__inner md-typeset"><h1>A & B</h1><p>text</p>'
        "</article></body></html>")
    assert "<h1>Atlas</h1>" in search_hook.article("<p>text</p>", SimpleNamespace(title=None), hook_config())
    assert search_hook.article("<h1 id='t'>T</h1>", page, hook_config()).count("<h1") == 1


def test_a_rendered_page_that_differs_from_what_was_indexed_is_reported(monkeypatch, caplog):
    monkeypatch.setitem(search_hook.STREAM, "index", SimpleNamespace())
    page = SimpleNamespace(content="<h1>T</h1><p>text</p>", meta={}, file=SimpleNamespace(src_uri="papers/t.md"))
    rendered = '<html lang="en" class="no-js"><body><article class="md-content__inner md-typeset">{}</article>'
    with caplog.at_level("WARNING"):
        search_hook.on_post_page(rendered.format("<div>\n" + page.content + "</div>"), page, hook_config())
        assert not caplog.records
        search_hook.on_post_page(rendered.format("<h1>T</h1><p>other text</p>"), page, hook_config())
        search_hook.on_post_page(rendered.replace('"en"', '"de"').format(page.content), page, hook_config())
    assert len(caplog.records) == 2 and "papers/t.md" in caplog.records[0].getMessage()


def test_the_index_is_written_only_inside_its_folder(tmp_path, monkeypatch):
    service = PagefindService(ROOT_SELECTOR, list(EXCLUDE_SELECTORS))
    try:
        monkeypatch.setattr(service, "wait", lambda message_id: {"files": [{"path": "../outside.js", "content": ""}]})
        with pytest.raises(PagefindError, match="outside the index"):
            service.write(tmp_path / "pagefind")
    finally:
        service.close()
    assert not (tmp_path / "outside.js").exists()


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory) -> Path:
    """The real seeds built with Pagefind's search (forced: they are fewer than the threshold)."""
    project = copy_project(tmp_path_factory.mktemp("pagefind-project"))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, capture_output=True,
                            text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin",
                                            "PAPER_ATLAS_SEARCH": "pagefind"})
    assert result.returncode == 0, result.stderr
    assert "search: pagefind" in result.stderr
    return project / "site"


def without_search_box(fragment: dict) -> dict:
    """A fragment without the anchor of overrides/main.html's empty search box (an id, no text)."""
    return {**fragment, "anchors": [anchor for anchor in fragment["anchors"] if anchor["id"] != "pa-search"]}


def test_pages_indexed_before_rendering_are_indexed_as_rendered(pagefind_site, tmp_path):
    """Each page went to Pagefind before the theme rendered it; indexing the rendered pages
    instead gives the same fragments (title, text, word count, headings) for every page."""
    built = {fragment["url"]: fragment for fragment in fragments(pagefind_site / "pagefind")}
    assert len(built) > 400 and "/about/" in built and "/papers/" not in built
    rendered = [(searched_part((pagefind_site / url.lstrip("/") / "index.html").read_text(encoding="utf-8")), url)
                for url in sorted(built)]
    index_of(rendered, tmp_path / "rendered")
    again = {fragment["url"]: without_search_box(fragment) for fragment in fragments(tmp_path / "rendered")}
    assert again == built
    assert all(fragment["meta"]["title"] and fragment["content"] for fragment in built.values())
