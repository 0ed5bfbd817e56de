"""Which search the site gets: built-in below the threshold and offline, Pagefind above it."""

from __future__ import annotations

from types import SimpleNamespace

from generator.search_hook import BUILTIN, PAGEFIND, choose_search, count_papers


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
