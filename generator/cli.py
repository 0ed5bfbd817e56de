"""The `paper-atlas` command.

Exit status: 0 built; 1 built, but --strict and something was rejected; 2 the input
could not be used (missing seeds folder, broken taxonomy file), with one sentence
naming the file (and line) on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .config import directory_urls_from_mkdocs, site_url_from_mkdocs
from .export import report_summary
from .pipeline import BuildError, BuildOptions, RejectedEntries, build
from .stages import Stages
from .taxonomy import TAXONOMY_DIR, DataFileError


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="paper-atlas", description="Turn paper listings into a static site.")
    commands = main.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="generate the Markdown pages and data from the listings")
    build_cmd.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of listing files (default: seeds)")
    build_cmd.add_argument("--out", type=Path, default=Path("docs"),
                           help="the MkDocs docs folder to write generated pages into (default: docs)")
    build_cmd.add_argument("--taxonomy", type=Path, default=TAXONOMY_DIR,
                           help="folder holding topics.yml and benchmarks.yml")
    build_cmd.add_argument("--site-url", default=None,
                           help="the public URL of the site (default: site_url of mkdocs.yml)")
    build_cmd.add_argument("--strict", action="store_true",
                           help="exit with status 1 when any entry is rejected (the report still lists them)")
    build_cmd.add_argument("--manifest", type=Path, default=None,
                           help="the URL manifest to keep up to date (urls.yml; default: none, as `mkdocs build` "
                                "keeps it)")
    build_cmd.add_argument("--timings", action="store_true",
                           help="print the wall time and memory of every stage (read, merge, enrich, render, write)")
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    site_url = args.site_url if args.site_url is not None else site_url_from_mkdocs(Path("mkdocs.yml"))
    options = BuildOptions(seeds=args.seeds, docs=args.out, taxonomy=args.taxonomy,
                           site_url=site_url or "", strict=args.strict, manifest=args.manifest,
                           directory_urls=directory_urls_from_mkdocs(Path("mkdocs.yml")))
    stages = Stages() if args.timings else None
    try:
        report = build(options, stages)
    except RejectedEntries as error:
        print(report_summary(error.report, strict=True))
        print(f"paper-atlas: error: {error}", file=sys.stderr)
        return 1
    except (BuildError, DataFileError) as error:
        print(f"paper-atlas: error: {error}", file=sys.stderr)
        return 2
    print(report_summary(report))
    if stages is not None:
        print(stages.table())
    return 0


def run() -> int:
    """The console entry point: `main`, quiet when the reader of its output goes away (`| head`)."""
    try:
        return main()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(run())
