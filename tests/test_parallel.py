"""Per-paper work split over forked workers gives what one process gives, in order."""

from __future__ import annotations

import gc
import time

import pytest

from generator import parallel, progress, topics
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


def collector_states(items: list[str]) -> list[bool]:
    return [gc.isenabled() for _ in items]


@pytest.mark.skipif(parallel.sys.platform != "linux", reason="workers are forked on Linux only")
def test_the_collector_pauses_only_while_results_come_back():
    assert parallel.map_chunks(collector_states, ["a"] * 8, workers=2) == [True] * 8  # on in the workers
    assert gc.isenabled()
    gc.disable()
    try:
        parallel.map_chunks(collector_states, ["a"] * 8, workers=2)
        assert not gc.isenabled()  # left as it was
    finally:
        gc.enable()


def test_small_jobs_stay_in_this_process():
    assert parallel.worker_count(parallel.PARALLEL_FROM - 1) == 0


def fail(message: str) -> None:
    raise ValueError(message)


@pytest.mark.skipif(parallel.sys.platform != "linux", reason="workers are forked on Linux only")
def test_a_job_in_the_background_gives_its_result_or_its_error(monkeypatch):
    items = [f"item {i}" for i in range(100)]
    monkeypatch.setattr(parallel, "worker_count", lambda items, *threshold: 2)
    with parallel.in_background(lengths, items, 1, size=len(items)) as job:
        assert job.process is not None and job.process.pid != parallel.os.getpid()
        assert job.result() == lengths(items, 1)
    with parallel.in_background(fail, "no luck", size=len(items)) as job, pytest.raises(ValueError, match="no luck"):
        job.result()
    with parallel.in_background(time.sleep, 60, size=len(items)) as job:
        process = job.process
    assert not process.is_alive()  # a job nobody waited for is stopped with its block


def test_a_small_job_runs_in_this_process():
    with parallel.in_background(lengths, ["ab"], 1, size=parallel.PARALLEL_FROM - 1) as job:
        assert job.process is None and job.result() == [3]


@pytest.mark.skipif(parallel.sys.platform != "linux" or parallel.cores() < 2, reason="forked on Linux, with 2 cores")
def test_a_job_can_have_a_process_of_its_own_below_the_usual_size():
    """The map's t-SNE is worth a process from a hundred papers (map.PARALLEL_FROM), not only from thousands."""
    job = parallel.Background(parallel.os.getpid, (), size=10, parallel_from=10)
    assert job.process is not None and job.result() != parallel.os.getpid()
    assert parallel.Background(parallel.os.getpid, (), size=9, parallel_from=10).result() == parallel.os.getpid()


@pytest.mark.parametrize("workers", [0, 2])
def test_a_bar_counts_the_items_as_their_chunks_are_done(monkeypatch, capsys, workers):
    if workers and parallel.sys.platform != "linux":
        pytest.skip("workers are forked on Linux only")
    updates: list[int] = []

    class Recording(progress.tqdm):
        def update(self, n=1):
            updates.append(n)
            return super().update(n)

    monkeypatch.setattr(progress, "tqdm", Recording)
    monkeypatch.setenv("PAPER_ATLAS_PROGRESS", "1")
    items = [f"item {i}" for i in range(500)]
    assert parallel.map_chunks(lengths, items, 1, workers=workers, description="render", unit=" papers") == \
        lengths(items, 1)
    assert "render" in capsys.readouterr().err
    assert sum(updates) == 500 and len(updates) > 2  # chunk by chunk
    monkeypatch.setenv("PAPER_ATLAS_PROGRESS", "0")
    assert parallel.map_chunks(lengths, items, 1, workers=workers, description="render") == lengths(items, 1)
    assert capsys.readouterr().err == ""
