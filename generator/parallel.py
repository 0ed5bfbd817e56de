"""Per-paper work of a big atlas split over the machine's cores.

`map_chunks(func, papers, *args)` is `func(papers, *args)` (a list, one result per paper)
computed chunk by chunk in forked worker processes, which inherit the papers and the
arguments instead of receiving them pickled; the results come back in order, so the
output is the same as in one process. Small atlases, machines with one core and systems
without `fork` run it in the build's own process.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from multiprocessing import get_all_start_methods, get_context

# Below this many papers a pool costs about what it saves (forking, returning the results).
PARALLEL_FROM = 5_000
CHUNKS_PER_WORKER = 4  # smaller chunks even out the workers' loads

_job: tuple[Callable, Sequence, tuple] | None = None  # what the forked workers run, inherited from the parent


def _run(bounds: tuple[int, int]) -> list:
    func, items, args = _job
    return func(items[bounds[0]:bounds[1]], *args)


def worker_count(items: int) -> int:
    """Worker processes for `items` papers: one per core above PARALLEL_FROM papers where fork exists, else 0."""
    if items < PARALLEL_FROM or sys.platform != "linux" or "fork" not in get_all_start_methods():
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores if cores > 1 else 0


def map_chunks(func: Callable[..., list], items: Sequence, *args: object, workers: int | None = None) -> list:
    """`func(items, *args)`, computed over chunks of `items` in `workers` forked processes (default: see
    `worker_count`); `func` returns one result per item, in order."""
    global _job
    workers = worker_count(len(items)) if workers is None else workers
    if workers < 2 or len(items) < 2:
        return func(items, *args)
    size = -(-len(items) // (workers * CHUNKS_PER_WORKER))
    bounds = [(start, min(len(items), start + size)) for start in range(0, len(items), size)]
    _job = (func, items, args)
    try:
        with get_context("fork").Pool(workers) as pool:
            parts = pool.map(_run, bounds, chunksize=1)
    finally:
        _job = None
    return [result for part in parts for result in part]
