"""One generator run in a process of its own, printing its stages as JSON (the benchmark's probe).

A fresh process per run, so the peak memory the parent reads (wait4) is this run's alone.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from generator.pipeline import BuildOptions, build
from generator.stages import Stages, peak_rss_mb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.child")
    parser.add_argument("--seeds", type=Path, required=True)
    parser.add_argument("--docs", type=Path, required=True)
    parser.add_argument("--site-url", default="")
    parser.add_argument("--manifest", type=Path, default=None, help="the URL manifest, as the MkDocs hook passes it")
    args = parser.parse_args(argv)
    stages = Stages()
    start = time.perf_counter()
    options = BuildOptions(seeds=args.seeds, docs=args.docs, site_url=args.site_url, manifest=args.manifest)
    report = build(options, stages)
    seconds = time.perf_counter() - start
    json.dump({"seconds": seconds, "stages": stages.as_dicts(), "papers": report.papers,
               "entries": report.entries_read, "rejected": len(report.rejected),
               "files_written": report.files_written, "files_removed": report.files_removed,
               "peak_mb": peak_rss_mb()}, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
