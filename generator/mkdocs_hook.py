"""MkDocs hook: runs the generator before every build, so `mkdocs build` and
`mkdocs serve` always work from `seeds/` (with `watch:` on seeds and taxonomy)."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import Abort

from generator.export import report_summary
from generator.pipeline import BuildError, BuildOptions, build
from generator.taxonomy import TAXONOMY_DIR

log = logging.getLogger("mkdocs.hooks.paper_atlas")


def on_pre_build(config) -> None:
    root = Path(config.config_file_path).parent
    taxonomy = root / "generator" / "taxonomy"
    options = BuildOptions(seeds=root / "seeds", docs=Path(config.docs_dir), site_url=config.site_url or "",
                           taxonomy=taxonomy if taxonomy.is_dir() else TAXONOMY_DIR)
    try:
        report = build(options)
    except BuildError as error:
        raise Abort(f"paper-atlas: {error}") from None
    for line in report_summary(report).splitlines():
        log.info(line)
    if report.rejected:
        log.warning(f"paper-atlas: {len(report.rejected)} entries rejected (see data/build-report.json)")
