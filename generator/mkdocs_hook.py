"""MkDocs hook: runs the generator before every build, so `mkdocs build` and
`mkdocs serve` always work from `seeds/` (with `watch:` on seeds and taxonomy).

Input that cannot be used stops the build with one sentence and exit status 2; each
rejected entry is logged as a warning, so `mkdocs build --strict` (our mkdocs.yml sets
`strict: true`) fails on it while a non-strict build goes on and says so.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import Abort

from generator.export import report_summary
from generator.manifest import redirect_maps
from generator.pipeline import BuildError, BuildOptions, build
from generator.stages import Stages
from generator.taxonomy import TAXONOMY_DIR

log = logging.getLogger("mkdocs.hooks.paper_atlas")


class InputError(Abort):
    """The generator's input cannot be used: exit status 2, as with `paper-atlas build`."""

    exit_code = 2
    code = 2


def on_config(config):
    """Watch seeds/ in `mkdocs serve` (here rather than under `watch:` in mkdocs.yml, whose
    check of a missing folder would pre-empt the generator's own message and exit status)."""
    seeds = str(Path(config.config_file_path).parent / "seeds")
    if Path(seeds).is_dir() and seeds not in config.watch:
        config.watch.append(seeds)
    return config


def on_pre_build(config) -> None:
    root = Path(config.config_file_path).parent
    taxonomy = root / "generator" / "taxonomy"
    options = BuildOptions(seeds=root / "seeds", docs=Path(config.docs_dir), site_url=config.site_url or "",
                           directory_urls=bool(config.use_directory_urls),
                           taxonomy=taxonomy if taxonomy.is_dir() else TAXONOMY_DIR, manifest=root / "urls.yml")
    stages = Stages()
    try:
        report = build(options, stages)
    except BuildError as error:
        raise InputError(f"paper-atlas: error: {error}") from None
    for line in report_summary(report, strict=bool(config.strict)).splitlines():
        if line.startswith("  rejected "):
            log.warning(f"paper-atlas:{line[1:]}")
        else:
            log.info(line)
    log.info(f"paper-atlas: generated in {stages.total:.1f} s")
    for line in stages.table().splitlines():
        log.debug(f"paper-atlas: {line}")
    for url in report.broken_urls:
        log.warning(f"paper-atlas: published URL {url}: add a redirect in urls.yml, or delete its entry there")
    if "redirects" in config.plugins:
        config.plugins["redirects"].config["redirect_maps"] = redirect_maps(report.redirects)
