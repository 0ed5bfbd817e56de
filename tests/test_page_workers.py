"""Pages rendered and written in forked workers are the pages one process writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.run import change_one_entry
from generator import parallel
from generator.fingerprint import MANIFEST
from generator.pipeline import BuildOptions, build
from tests.conftest import SEEDS

pytestmark = pytest.mark.skipif(parallel.sys.platform != "linux", reason="workers are forked on Linux only")


def tree(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file()
            and p.name != MANIFEST}


def test_pages_written_in_workers_are_the_pages_written_in_process(tmp_path, monkeypatch):
    alone = build(BuildOptions(seeds=SEEDS, docs=tmp_path / "alone"))
    monkeypatch.setattr(parallel, "worker_count", lambda items, *threshold: 2)
    forked = build(BuildOptions(seeds=SEEDS, docs=tmp_path / "forked"))
    assert tree(tmp_path / "forked") == tree(tmp_path / "alone")
    assert (forked.files_written, forked.files_removed) == (alone.files_written, alone.files_removed)


def test_workers_write_only_the_pages_that_changed(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "worker_count", lambda items, *threshold: 2)
    seeds, docs = tmp_path / "seeds", tmp_path / "docs"
    shutil.copytree(SEEDS, seeds)
    build(BuildOptions(seeds=seeds, docs=docs))
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (docs / "papers").glob("*.md")}
    (docs / MANIFEST).unlink()  # a full build, not the shortcut of an unchanged one
    assert build(BuildOptions(seeds=seeds, docs=docs)).files_written == 0
    change_one_entry(seeds)
    report = build(BuildOptions(seeds=seeds, docs=docs))
    rewritten = {p for p, (mtime, _) in before.items() if p.stat().st_mtime_ns != mtime}
    changed = {p for p, (_, text) in before.items() if p.read_bytes() != text}
    assert rewritten == changed and 0 < len(changed) < len(before) // 10
    assert report.files_removed == 0
