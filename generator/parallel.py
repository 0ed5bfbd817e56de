"""Work of a big atlas spread over the machine's cores.

`map_chunks(func, papers, *args)` is `func(papers, *args)` (a list, one result per paper)
computed chunk by chunk in forked worker processes, which inherit the papers and the
arguments instead of receiving them pickled; the results come back in order, so the
output is the same as in one process. `in_background(func, *args, size=…)` computes
`func(*args)` in one forked process while the build does something else. Small atlases,
machines with one core and systems without `fork` run both in the build's own process.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing import get_all_start_methods, get_context

from .progress import progress_parts, wanted

# Below this many papers a pool costs about what it saves (forking, returning the results).
PARALLEL_FROM = 5_000
CHUNKS_PER_WORKER = 4  # smaller chunks even out the workers' loads
PROGRESS_CHUNKS = 20  # work done in this process is chunked this much when a bar shows its progress

_job: tuple[Callable, Sequence, tuple] | None = None  # what the forked workers run, inherited from the parent


def _run(bounds: tuple[int, int]) -> list:
    func, items, args = _job
    return func(items[bounds[0]:bounds[1]], *args)


def worker_count(items: int, parallel_from: int = PARALLEL_FROM) -> int:
    """Worker processes for `items` papers: one per core from `parallel_from` papers where fork exists, else 0."""
    if items < parallel_from or sys.platform != "linux" or "fork" not in get_all_start_methods():
        return 0
    count = cores()
    return count if count > 1 else 0


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def chunk_bounds(items: int, chunks: int) -> list[tuple[int, int]]:
    size = max(1, -(-items // chunks))
    return [(start, min(items, start + size)) for start in range(0, items, size)]


def map_chunks(func: Callable[..., list], items: Sequence, *args: object, workers: int | None = None,
               description: str | None = None, unit: str = " items", chunks: int | None = None) -> list:
    """`func(items, *args)`, computed over chunks of `items` in `workers` forked processes (default: see
    `worker_count`); `func` returns one result per item, in order. With a `description`, a progress
    bar (on a terminal, see progress.py) counts the items as their chunks are done. `chunks`: how many
    (default CHUNKS_PER_WORKER per worker); more even out items of uneven cost."""
    global _job
    workers = worker_count(len(items)) if workers is None else workers
    in_this_process = workers < 2 or len(items) < 2
    if in_this_process and (description is None or not wanted(len(items))):
        return func(items, *args)
    if in_this_process:  # chunk by chunk, for the bar
        parts = (func(items[start:end], *args) for start, end in chunk_bounds(len(items), PROGRESS_CHUNKS))
        return [result for part in progress_parts(parts, len(items), description, unit) for result in part]
    bounds = chunk_bounds(len(items), chunks or workers * CHUNKS_PER_WORKER)
    _job = (func, items, args)
    try:
        with get_context("fork").Pool(workers) as pool, collector_paused():  # paused once the workers are forked
            parts = pool.imap(_run, bounds, chunksize=1)
            if description is not None:
                parts = progress_parts(parts, len(items), description, unit)
            return [result for part in parts for result in part]
    finally:
        _job = None


class Background:
    """`func(*args)` computed in a forked process (`in_background`); `result()` waits for it and returns it,
    or computes it in this process when the job was too small for a process of its own (`size` papers,
    fewer than `parallel_from`)."""

    def __init__(self, func: Callable, args: tuple, size: int, parallel_from: int = PARALLEL_FROM) -> None:
        self.call = (func, args)
        self.process = self.receiver = None
        if worker_count(size, parallel_from):
            context = get_context("fork")
            self.receiver, sender = context.Pipe(duplex=False)
            self.process = context.Process(target=_send_result, args=(sender, func, args), daemon=True)
            self.process.start()
            sender.close()

    def result(self) -> object:
        if self.process is None:
            func, args = self.call
            return func(*args)
        try:
            with collector_paused():
                failed, value = self.receiver.recv()
        except EOFError:
            raise RuntimeError(f"the worker process computing {self.call[0].__name__} ended without a result") \
                from None
        finally:
            self.cancel()
        if failed:
            raise value
        return value

    def cancel(self) -> None:
        """Stop the process if it still runs (the build failed meanwhile), and let it go."""
        if self.process is not None:
            self.receiver.close()
            if self.process.is_alive():
                self.process.terminate()
            self.process.join()
            self.process = None


def _send_result(sender, func: Callable, args: tuple) -> None:
    try:
        outcome = (False, func(*args))
    except BaseException as error:  # noqa: BLE001 (raised again in the build's process)
        outcome = (True, error)
    sender.send(outcome)
    sender.close()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The garbage collector off (if it was on) while results come back from worker processes: unpickling them
    makes only objects that live on, yet as the heap grows Python runs full collections that walk all of it and
    find nothing (seconds at 100k papers)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@contextmanager
def in_background(func: Callable, *args: object, size: int) -> Iterator[Background]:
    """`func(*args)` started in a forked process for a job on `size` papers (see `worker_count`);
    ask for it with `.result()` inside the block (a job still running when the block ends is stopped)."""
    job = Background(func, args, size)
    try:
        yield job
    finally:
        job.cancel()
