"""Paper pages, most of the site, rendered and written in forked worker processes.

The workers inherit the site's pages (`SitePages`, the atlas) and write each page only when
its bytes changed, as `write_tree` does; the build gets back each path with whether it was
written (`Written`), so the pruning and the counts are the same as for pages written in-process.
"""

from __future__ import annotations

from pathlib import Path

from .model import Paper
from .pages import SitePages
from .parallel import map_chunks
from .write import Written, write_if_changed


def write_paper_pages(site: SitePages, root: Path) -> list[tuple[str, Written]]:
    """Render and write every paper's page under `root` (in workers for a big atlas); (path, Written), in order."""
    return map_chunks(render_and_write, site.atlas.papers, site, root, description="render", unit=" papers")


def render_and_write(papers: list[Paper], site: SitePages, root: Path) -> list[tuple[str, Written]]:
    return [(path, Written(write_if_changed(root / path, text.encode("utf-8"))))
            for path, text in site.paper_files(papers)]
