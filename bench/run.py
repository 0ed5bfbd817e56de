"""`make bench`: the generator and the full build at 1k, 10k and 100k papers, against the floor.

For every size N, side by side in one run on this machine:

* the synthetic corpus of N papers (`bench.corpus`, cached between runs);
* the generator alone in a fresh process, from an empty docs folder: wall time and peak
  memory per stage and in total; then again with nothing changed; then after one seed
  entry changed (files written, time);
* up to `--full-max` papers: the full build (`mkdocs build --strict`, generator included,
  from an empty docs and site folder) and **the floor**, `mkdocs build --strict` of a bare
  Material site with one page per paper holding its title and abstract (same theme, search
  on, pages out of the nav); repeated `--repeat` times, alternating, best of each kept;
* the site's size per paper, the search index's size per paper, the HTML size of paper pages;
* at `--search-at` papers: the bytes a visitor downloads before the first search result,
  with the search the site chose and with the other one (Chromium, `bench.searchbytes`).

Prints a table and writes every figure to JSON (`--json`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml

from bench.corpus import make_corpus
from generator.fingerprint import MANIFEST
from generator.pages import GENERATED_DIRS, GENERATED_FILES
from generator.previews import PREVIEW_DIR

ROOT = Path(__file__).resolve().parent.parent
GENERATED = (*GENERATED_DIRS, *GENERATED_FILES, PREVIEW_DIR, MANIFEST)  # everything the generator writes in docs/
MIB = 2**20


@dataclass
class Run:
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str
    cpu_seconds: float = 0.0  # user + system time of the process and the children it waited for


def run(command: list[str], cwd: Path, env: dict | None = None) -> Run:
    """Run a command; its wall time and its peak resident memory (its own, or a waited-for child's if larger)."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PAPER_ATLAS_PROGRESS": "0", **(env or {})}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=environment, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, stdout, stderr, usage.ru_utime + usage.ru_stime)


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def clean_generated(docs: Path) -> None:
    for name in GENERATED:
        path = docs / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


# -- setting up -----------------------------------------------------------------------

def corpus(work: Path, papers: int) -> Path:
    """The corpus of `papers` papers, made once per version of the corpus generator and seeds."""
    folder = work / f"corpus-{papers}"
    digest = hashlib.sha256((ROOT / "bench/corpus.py").read_bytes())
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        digest.update(seed.read_bytes())
    stamp = folder / ".stamp"
    if not (stamp.is_file() and stamp.read_text() == digest.hexdigest()):
        make_corpus(ROOT / "seeds", folder, papers)
        stamp.write_text(digest.hexdigest())
    return folder


def atlas_project(work: Path, papers: int, seeds: Path) -> Path:
    """A throw-away copy of the project (config, theme overrides, hand-written docs) on the corpus."""
    project = work / f"atlas-{papers}"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    for name in ("mkdocs.yml", "mkdocs.offline.yml", "urls.yml"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns(*GENERATED))
    shutil.copytree(seeds, project / "seeds", ignore=shutil.ignore_patterns(".stamp"))
    (project / "generator").symlink_to(ROOT / "generator")
    return project


def floor_project(work: Path, papers: int, seeds: Path) -> Path:
    """A bare Material site with one page per paper holding its title and abstract, out of the nav."""
    from generator.merge import merge_entries
    from generator.model import Report
    from generator.pipeline import read_seeds

    project = work / f"floor-{papers}"
    if project.exists():
        shutil.rmtree(project)
    (project / "docs/papers").mkdir(parents=True)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nhooks:")[0]) or {}
    theme = {key: value for key, value in config.get("theme", {}).items() if key != "custom_dir"}
    floor = {"site_name": "Floor", "site_url": config.get("site_url", ""), "theme": theme, "plugins": ["search"],
             "nav": ["index.md"], "not_in_nav": "/papers/\n"}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(floor, sort_keys=False), encoding="utf-8")
    report = Report()
    entries = [entry for listing in read_seeds(seeds, report) for entry in listing.entries]
    merged = merge_entries(entries, report)
    (project / "docs/index.md").write_text(f"# Floor\n\n{len(merged)} pages.\n", encoding="utf-8")
    for paper in merged:
        (project / f"docs/papers/{paper.slug}.md").write_text(f"# {paper.title}\n\n{paper.abstract}\n",
                                                              encoding="utf-8")
    return project


def change_one_entry(seeds: Path) -> tuple[Path, bytes]:
    """Edit one abstract of the last listing (a word added); returns the file and its old bytes to restore."""
    path = sorted(seeds.glob("*.txt"))[-1]
    old = path.read_bytes()
    lines = old.decode("utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if len(line) > 300)
    lines[index] = lines[index].replace(" ", " newly ", 1)
    path.write_bytes("\n".join(lines).encode("utf-8"))
    return path, old


# -- measuring ------------------------------------------------------------------------

def generator_run(project: Path, site_url: str, fresh: bool = False) -> dict:
    """The generator alone in a process of its own; `fresh`: from scratch, as `mkdocs_build` starts."""
    if fresh:
        clean_generated(project / "docs")
        if (ROOT / "urls.yml").exists():
            shutil.copy(ROOT / "urls.yml", project / "urls.yml")
    command = [sys.executable, "-m", "bench.child", "--seeds", "seeds", "--docs", "docs", "--site-url", site_url]
    if (project / "urls.yml").exists():  # as the MkDocs hook runs it
        command += ["--manifest", "urls.yml"]
    result = run(command, cwd=project, env={"PYTHONPATH": str(ROOT)})
    data = json.loads(result.stdout)
    data["wall"] = result.seconds
    data["cpu"] = result.cpu_seconds
    return data


def mkdocs_build(project: Path, site: str = "site", env: dict | None = None) -> dict:
    if (project / site).exists():
        shutil.rmtree(project / site)
    if (project / "seeds").exists():  # the atlas from scratch: no generated file, the URL manifest as committed
        clean_generated(project / "docs")
        if (ROOT / "urls.yml").exists():
            shutil.copy(ROOT / "urls.yml", project / "urls.yml")
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site], cwd=project,
                 env={"PYTHONPATH": str(ROOT), **(env or {})})
    generated = re.search(r"paper-atlas: generated in ([\d.]+) s", result.stderr)
    engine = re.search(r"search: (\w+)", result.stderr)
    return {"seconds": result.seconds, "generator_seconds": float(generated.group(1)) if generated else None,
            "search": engine.group(1) if engine else "builtin"}


def site_stats(site: Path, papers: int) -> dict:
    pages = sorted((site / "papers").glob("*/index.html"))
    sizes = sorted(p.stat().st_size for p in pages)
    html = sorted(((p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")), reverse=True)
    builtin = site / "search/search_index.json"
    pagefind = site / "pagefind"
    index_bytes = builtin.stat().st_size if builtin.exists() else tree_bytes(pagefind) if pagefind.exists() else 0
    total = tree_bytes(site)
    return {
        "site_bytes": total, "site_bytes_per_paper": total / papers,
        "search_index_bytes": index_bytes, "search_index_bytes_per_paper": index_bytes / papers,
        "paper_html_mean": statistics.fmean(sizes) if sizes else 0, "paper_html_max": sizes[-1] if sizes else 0,
        "paper_html_p95": sizes[int(0.95 * (len(sizes) - 1))] if sizes else 0,
        "paper_pages_over_25kb": sum(size > 25_000 for size in sizes),
        "largest_pages": [{"page": name, "bytes": size} for size, name in html[:5]],
    }


def search_measure(site: Path, query: str) -> dict:
    from bench.searchbytes import search_bytes

    page = sorted((site / "papers").iterdir())[len(list((site / "papers").iterdir())) // 2].name
    try:
        return search_bytes(site, f"papers/{page}/", query)
    except Exception as error:  # a browser problem must not lose the other figures
        return {"error": f"{type(error).__name__}: {error}"}


def bench_size(papers: int, args: argparse.Namespace, log) -> dict:
    work: Path = args.work
    result: dict = {"papers": papers}
    log(f"[{papers}] corpus")
    seeds = corpus(work, papers)
    project = atlas_project(work, papers, seeds)
    site_url = "https://paper-atlas.github.io/paper-atlas/"

    log(f"[{papers}] generator: first run, unchanged re-run, one entry changed")
    first = generator_run(project, site_url, fresh=True)
    again = generator_run(project, site_url)
    path, old = change_one_entry(project / "seeds")
    changed = generator_run(project, site_url)
    path.write_bytes(old)
    result["generator"] = first
    result["rerun_unchanged"] = again
    result["rerun_one_entry_changed"] = changed

    if papers <= args.full_max:
        floor = floor_project(work, papers, project / "seeds")
        builds, floors = [], []
        for attempt in range(args.repeat):
            log(f"[{papers}] floor build {attempt + 1}/{args.repeat}")
            floors.append(mkdocs_build(floor))
            log(f"[{papers}] full build {attempt + 1}/{args.repeat}")
            builds.append(mkdocs_build(project))
        best = min(builds, key=lambda b: b["seconds"])
        floor_best = min(floors, key=lambda b: b["seconds"])
        result["full_build"] = {**best, "runs": [b["seconds"] for b in builds]}
        result["floor"] = {**floor_best, "runs": [f["seconds"] for f in floors],
                           **{k: v for k, v in site_stats(floor / "site", papers).items()
                              if k in ("site_bytes", "search_index_bytes", "search_index_bytes_per_paper")}}
        result["ratio_full_to_floor"] = best["seconds"] / floor_best["seconds"]
        result["generator_share_of_full_build"] = first["wall"] / best["seconds"]
        result["site"] = site_stats(project / "site", papers)
        if papers == args.search_at:
            other = "builtin" if best["search"] == "pagefind" else "pagefind"
            log(f"[{papers}] full build with {other} search, for comparison")
            variant = mkdocs_build(project, site=f"site-{other}", env={"PAPER_ATLAS_SEARCH": other})
            result[f"full_build_{other}"] = variant
            result[f"site_{other}"] = site_stats(project / f"site-{other}", papers)
            if args.browser:
                log(f"[{papers}] bytes before the first search result, both ways (Chromium)")
                result["search_bytes"] = {best["search"]: search_measure(project / "site", args.query),
                                          other: search_measure(project / f"site-{other}", args.query)}
    return result


# -- reporting ------------------------------------------------------------------------

def scaling(results: list[dict]) -> dict:
    """Per stage, the exponent k in time ∝ N^k between consecutive sizes (1 is linear)."""
    exponents: dict[str, list[float]] = {}
    for small, large in zip(results, results[1:], strict=False):
        ratio = math.log(large["papers"] / small["papers"])
        times_small = {s["name"]: s["seconds"] for s in small["generator"]["stages"]}
        for stage in large["generator"]["stages"]:
            before = times_small.get(stage["name"])
            if before and before > 0.05 and stage["seconds"] > 0:
                exponents.setdefault(stage["name"], []).append(round(math.log(stage["seconds"] / before) / ratio, 2))
    return exponents


def mkdocs_part(result: dict) -> float | None:
    """The full build's time after the generator: what the atlas asks of MkDocs (and Pagefind)."""
    build = result.get("full_build") or {}
    if build.get("generator_seconds") is None:
        return None
    return build["seconds"] - build["generator_seconds"]


def table(results: list[dict], exponents: dict) -> str:
    sizes = [r["papers"] for r in results]
    width = 12
    lines = [f"{'papers':<34}" + "".join(f"{n:>{width},}" for n in sizes)]

    def row(label: str, values: list, fmt: str = "{:.2f}") -> None:
        cells = "".join(f"{(fmt.format(v) if v is not None else '—'):>{width}}" for v in values)
        lines.append(f"{label:<34}{cells}")

    stage_names = list(dict.fromkeys(s["name"] for r in results for s in r["generator"]["stages"]))
    lines.append("generator, first run (s / peak MiB after the stage)")
    for name in stage_names:
        cells = []
        for r in results:
            stage = next((s for s in r["generator"]["stages"] if s["name"] == name), None)
            cells.append(f"{stage['seconds']:.2f}/{stage['peak_mb']:.0f}" if stage else None)
        row(f"  {name}" + (f" (N^{max(exponents[name])})" if name in exponents else ""), cells, "{}")
    row("  total in process (s)", [r["generator"]["seconds"] for r in results])
    row("  wall, process (s)", [r["generator"]["wall"] for r in results])
    row("  CPU, user + system (s)", [r["generator"].get("cpu") for r in results])
    row("  peak memory (MiB)", [r["generator"]["peak_mb"] for r in results], "{:.0f}")
    row("  files written", [r["generator"]["files_written"] for r in results], "{:,}")
    row("unchanged re-run, wall (s)", [r["rerun_unchanged"]["wall"] for r in results])
    row("  share of first run", [r["rerun_unchanged"]["wall"] / r["generator"]["wall"] for r in results], "{:.1%}")
    row("  files written", [r["rerun_unchanged"]["files_written"] for r in results], "{:,}")
    row("one entry changed, wall (s)", [r["rerun_one_entry_changed"]["wall"] for r in results])
    row("  files written", [r["rerun_one_entry_changed"]["files_written"] for r in results], "{:,}")

    def get(r: dict, *keys):
        for key in keys:
            r = r.get(key) if isinstance(r, dict) else None
        return r

    row("full build: atlas (s)", [get(r, "full_build", "seconds") for r in results])
    row("  of which generator (s)", [get(r, "full_build", "generator_seconds") for r in results])
    row("  MkDocs after the generator (s)", [mkdocs_part(r) for r in results])
    row("  search", [get(r, "full_build", "search") for r in results], "{}")
    row("floor: bare Material (s)", [get(r, "floor", "seconds") for r in results])
    row("ratio atlas / floor", [r.get("ratio_full_to_floor") for r in results])
    row("ratio MkDocs part / floor", [mkdocs_part(r) / r["floor"]["seconds"] if mkdocs_part(r) else None
                                      for r in results])
    row("generator / full build", [r.get("generator_share_of_full_build") for r in results], "{:.1%}")
    def kib(label: str, values: list) -> None:
        row(label, [v / 1024 if v is not None else None for v in values], "{:,.1f}")

    def kb(value: float | None) -> float | None:  # the page budget is 25 KB: 25,000 bytes
        return value / 1000 if value is not None else None

    kib("site KiB per paper", [get(r, "site", "site_bytes_per_paper") for r in results])
    kib("search index KiB per paper", [get(r, "site", "search_index_bytes_per_paper") for r in results])
    kib("floor search index KiB per paper", [get(r, "floor", "search_index_bytes_per_paper") for r in results])
    page_rows = {"site": ("paper page HTML KB, mean", "paper page HTML KB, max", "paper pages over 25 KB"),
                 "site_builtin": ("  with built-in search, mean", "  with built-in search, max",
                                  "  with built-in search, over 25 KB")}  # the pages of the offline bundle's search
    for site, (mean, largest, over) in page_rows.items():
        if any(get(r, site, "paper_html_max") is not None for r in results):
            row(mean, [kb(get(r, site, "paper_html_mean")) for r in results], "{:,.1f}")
            row(largest, [kb(get(r, site, "paper_html_max")) for r in results], "{:,.1f}")
            row(over, [get(r, site, "paper_pages_over_25kb") for r in results], "{:,}")
    for r in results:
        for engine, measured in (r.get("search_bytes") or {}).items():
            if "error" in measured:
                lines.append(f"search bytes at {r['papers']:,}, {engine}: {measured['error']}")
            else:
                lines.append(f"bytes before first result at {r['papers']:,}, {engine:<8}: "
                             f"{measured['bytes'] / 1024:,.0f} KiB raw, {measured['gzip_bytes'] / 1024:,.0f} KiB "
                             f"gzip, {measured['requests']} requests (query {measured['query']!r})")
    for r in results:
        if "site" in r:
            largest = ", ".join(f"{p['page']} {p['bytes'] / 1024:,.0f} KiB" for p in r["site"]["largest_pages"][:3])
            lines.append(f"largest pages at {r['papers']:,}: {largest}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="paper counts, comma-separated")
    parser.add_argument("--full-max", type=int, default=10000,
                        help="run the full build and the floor up to this many papers (default 10000)")
    parser.add_argument("--search-at", type=int, default=10000, help="size at which to measure search bytes")
    parser.add_argument("--repeat", type=int, default=1, help="full build and floor runs per size (best kept)")
    parser.add_argument("--query", default="retrieval", help="the search query for the bytes measurement")
    parser.add_argument("--no-browser", dest="browser", action="store_false", help="skip the Chromium measurement")
    parser.add_argument("--work", type=Path, default=ROOT / ".bench", help="working folder (default .bench/)")
    parser.add_argument("--json", type=Path, default=None, help="results file (default WORK/results.json)")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    sizes = [int(size.replace("_", "").replace("k", "000")) for size in args.sizes.split(",")]

    def log(message: str) -> None:
        print(f"bench: {message}", file=sys.stderr, flush=True)

    started = datetime.now(UTC)
    path = args.json or args.work / "results.json"
    results: list[dict] = []
    for papers in sizes:  # the file is rewritten after each size, so a long run leaves what it measured
        results.append(bench_size(papers, args, log))
        exponents = scaling(results)
        output = {"started": started.isoformat(), "complete": len(results) == len(sizes),
                  "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                              "platform": platform.platform(), "load_average": os.getloadavg()},
                  "sizes": sizes, "results": results, "scaling_exponents": exponents}
        path.write_text(json.dumps(output, indent=1) + "\n", encoding="utf-8")
    print(table(results, exponents))
    print(f"(all figures in {path})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
