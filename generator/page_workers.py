"""The generated pages, rendered and written in forked worker processes.

The workers inherit the site's pages (`SitePages`, the atlas) and share the jobs: one paper
page each, then the index pages (`SitePages.index_jobs`: a topic's or benchmark's page with its
continuations, …). Each page is written only when its bytes changed, as `write_tree` does;
the build gets back each path with whether it was written (`Written`), in page order, so the
pruning and the counts are the same as for pages written in-process.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .model import Paper
from .pages import SitePages
from .parallel import map_chunks, worker_count
from .write import Written, write_if_changed

# The index jobs (a few per cent of the jobs, a third of the work at 100,000 papers) vary in size:
# small chunks let the workers share them instead of one worker taking the big ones.
CHUNKS = 64

Job = Paper | tuple[str, str]  # a paper, or an index job of SitePages.index_jobs


def write_pages(site: SitePages, root: Path) -> list[tuple[str, Written]]:
    """Render and write every page under `root` (in workers for a big atlas); (path, Written), in page order.

    The paper pages come first: the map, which the index pages show, may still be drawn meanwhile
    (`Atlas.wait_for_map`)."""
    site.atlas.settle()  # the derived tables, once, before the workers fork
    workers = worker_count(len(site.atlas.papers))
    done = map_chunks(render_and_write, site.atlas.papers, site, root, workers=workers, description="render",
                      unit=" pages", chunks=CHUNKS)
    site.atlas.wait_for_map()
    done += map_chunks(render_and_write, site.index_jobs(), site, root, workers=workers, chunks=CHUNKS)
    return [page for pages in done for page in pages]


def render_and_write(jobs: list[Job], site: SitePages, root: Path) -> list[list[tuple[str, Written]]]:
    """The pages of each job, written: one list of (path, Written) per job."""
    return [[(path, Written(write_if_changed(root / path, text.encode("utf-8")))) for path, text in files(site, job)]
            for job in jobs]


def files(site: SitePages, job: Job) -> Iterator[tuple[str, str]]:
    """(path, text) of the pages one job makes."""
    return site.paper_files([job]) if isinstance(job, Paper) else site.index_job_files(job)
