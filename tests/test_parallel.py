"""Per-paper work split over forked workers gives what one process gives, in order."""

from __future__ import annotations

import pytest

from generator import parallel, topics
from generator.model import Paper
from generator.taxonomy import TAXONOMY_DIR, load_topics


def lengths(items: list[str], extra: int) -> list[int]:
    return [len(item) + extra for item in items]


@pytest.mark.skipif(parallel.sys.platform != "linux", reason="workers are forked on Linux only")
def test_chunks_in_workers_come_back_in_order():
    items = [f"item {i}" * (i % 7) for i in range(1001)]
    assert parallel.map_chunks(lengths, items, 3, workers=2) == lengths(items, 3)
    assert parallel.map_chunks(lengths, [], 3, workers=2) == []


@pytest.mark.skipif(parallel.sys.platform != "linux", reason="workers are forked on Linux only")
def test_topics_assigned_in_workers_are_the_same(monkeypatch):
    papers = [Paper(f"k{i}", f"p{i}", f"Speech recognition with transformers {i}",
                    "We propose a speech model. It improves machine translation and image segmentation.")
              for i in range(200)]
    taxonomy = load_topics(TAXONOMY_DIR / "topics.yml")
    alone = topics.assign_topics(papers, taxonomy)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)
    assert parallel.worker_count(len(papers)) in (0, len(parallel.os.sched_getaffinity(0)))
    monkeypatch.setattr(parallel, "worker_count", lambda items: 2)
    assert topics.assign_topics(papers, taxonomy) == alone


def test_small_jobs_stay_in_this_process():
    assert parallel.worker_count(parallel.PARALLEL_FROM - 1) == 0
