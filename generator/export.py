"""The open data export (`data/papers.json`) and the build report (`data/build-report.json`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from types import GeneratorType

from .model import Atlas, Report
from .pages import paper_url
from .write import Written, write_parts_if_changed


def papers_json(atlas: Atlas, generated: str) -> str:
    """The export as DESIGN §2 specifies it: fields may be added, never renamed or removed."""
    return "".join(papers_json_parts(atlas, generated))


def write_papers_json(path: Path, atlas: Atlas, generated: str) -> Written:
    """Write `papers_json` to `path` (only if it changed) as it is made, without holding it."""
    return Written(write_parts_if_changed(path, papers_json_parts(atlas, generated)))


def papers_json_parts(atlas: Atlas, generated: str) -> Iterator[str]:
    """`papers_json` piece by piece (a paper at a time), for writing it without holding it (300 MB at 100k)."""
    benchmark_slugs = {p.slug: list(dict.fromkeys(m.benchmark for m in atlas.paper_benchmarks.get(p.slug, [])))
                       for p in atlas.papers}
    data = {
        "generated": generated,
        "latest_update": atlas.latest_update,  # the latest first-seen day: its papers are the new ones
        "papers": (  # a generator: each paper's fields are made when its line is written, not all at once
            {
                "slug": p.slug,
                "url": paper_url(p.slug),
                "title": p.title,
                "abstract": p.abstract,
                "listings": list(dict.fromkeys(p.listings)),
                "appearances": [{"listing": a.listing, "position": a.position} for a in p.appearances],
                "topics": atlas.paper_topics.get(p.slug, []),
                "benchmarks": benchmark_slugs[p.slug],
                "benchmark_mentions": [
                    {"benchmark": m.benchmark, "role": m.role, "sentence": m.sentence, "text": m.text,
                     "sentences": list(m.sentences),
                     "claims": [{"value": c.value, "measure": c.measure, "sentence": c.sentence} for c in m.claims]}
                    for m in atlas.paper_benchmarks.get(p.slug, [])],
                "code": atlas.code.get(p.slug, []),
                "related": atlas.related.get(p.slug, []),
                "mentions": atlas.mentions.get(p.slug, []),
                "first_seen": atlas.first_seen.get(p.slug),
            }
            for p in atlas.papers
        ),
        "topics": [
            {"slug": t.slug, "name": t.name, "papers": atlas.topic_papers.get(t.slug, [])}
            for t in atlas.topics
        ],
        "benchmarks": [
            {"slug": b.slug, "name": b.name, "aliases": list(b.aliases), "domain": b.domain,
             "description": b.description, "parent": b.parent, "discovered": b.discovered,
             "found_as": b.found_as or None,
             "papers": atlas.benchmark_papers.get(b.slug, []),
             "papers_with_variants": atlas.benchmark_family_papers.get(b.slug, [])}
            for b in atlas.benchmarks if atlas.benchmark_family_papers.get(b.slug)
        ],
    }
    return json_parts(data)


def json_by_line(data: dict) -> str:
    """JSON with one line per top-level field and per item of a top-level list (a paper, a topic, …).

    Readable and diff-friendly like an indented dump, but each line comes from the C encoder
    (`indent=` makes `json` fall back to pure Python, ten times slower on 100,000 papers).
    """
    return "".join(json_parts(data))


def json_parts(data: dict) -> Iterator[str]:
    """`json_by_line(data)` in pieces: a line at a time."""
    yield "{\n"
    for number, (key, value) in enumerate(data.items()):
        name = json.dumps(key, ensure_ascii=False)
        yield ",\n" if number else ""
        if isinstance(value, list | GeneratorType):
            empty = True
            for item in value:
                yield (f" {name}: [\n  " if empty else ",\n  ") + json.dumps(item, ensure_ascii=False)
                empty = False
            yield f" {name}: []" if empty else "\n ]"
        else:
            yield f" {name}: {json.dumps(value, ensure_ascii=False)}"
    yield "\n}\n"


RUN_ONLY_FIELDS = ("files_written", "files_removed")  # differ between runs of the same input
SUMMARY_ITEMS = 20  # rejections, merges and warnings printed one by one; the rest are in the report
SHOWN_LISTINGS = 4


def report_json(report: Report) -> str:
    """The report as JSON, without the per-run counters, so an unchanged rebuild writes nothing."""
    data = {k: v for k, v in asdict(report).items() if k not in RUN_ONLY_FIELDS}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural_word or word + 's'}"


def clipped(lines: list[str], what: str, limit: int = SUMMARY_ITEMS) -> list[str]:
    """At most `limit` lines, then a pointer to the report for the rest."""
    if len(lines) <= limit:
        return lines
    return [*lines[:limit], f"  … and {len(lines) - limit} more {what} in data/build-report.json"]


def short(text: str, size: int = 60) -> str:
    return repr(text if len(text) <= size else text[:size] + "…")


def listing_names(listings: list[str]) -> str:
    more = len(listings) - SHOWN_LISTINGS
    return ", ".join(listings[:SHOWN_LISTINGS]) + (f" and {more} more" if more > 0 else "")


def rejected_count(report: Report) -> str:
    """"2 entries and 1 file" — whole-file rejections (line None) counted apart."""
    files = sum(1 for r in report.rejected if r.line is None)
    entries = len(report.rejected) - files
    if files and entries:
        return f"{plural(entries, 'entry', 'entries')} and {plural(files, 'file')}"
    return plural(files, "file") if files else plural(entries, "entry", "entries")


def first_seen_lines(facts: dict) -> list[str]:
    """The latest update, and each listing whose papers git could not date (history.py)."""
    if not facts:
        return []
    line = f"paper-atlas: latest update {facts['latest']} ({plural(facts['new'], 'new paper')})"
    if facts["dated_by_fallback"]:
        line += (f"; {plural(facts['dated_by_fallback'], 'paper')} that neither git nor urls.yml dates "
                 f"taken as first seen today ({facts['fallback_day']}, the day of this build)")
    return [line, *clipped([f"  undated {u['file']}: {u['reason']} ({plural(u['papers'], 'paper')})"
                            for u in facts["undated"]], "undated listings")]


def report_summary(report: Report, strict: bool = False) -> str:
    """A few lines for the console: the counts, then each rejection, merge, conflict and repair."""
    lines = [
        f"paper-atlas: {plural(len(report.files_read), 'file')}, {plural(report.entries_read, 'entry', 'entries')} "
        f"read, {plural(report.papers, 'paper')} after merging ({len(report.merged)} merged into a paper read before)",
        f"paper-atlas: {rejected_count(report)} rejected, {plural(len(report.conflicts), 'conflict')}, "
        f"{len(report.papers_without_topic)} papers without a topic, "
        f"{len(report.papers_without_benchmark)} without a benchmark, "
        f"{plural(len(report.benchmarks_discovered), 'benchmark')} discovered in the text (not in the registry)",
        f"paper-atlas: {report.files_written} files written, {report.files_removed} removed",
    ]
    lines += first_seen_lines(report.first_seen)
    lines += clipped([f"  rejected {r.where}: {r.reason}" + (f" — {r.excerpt!r}" if r.excerpt else "")
                      for r in report.rejected], "rejections")
    lines += clipped([f"  merged {m['listing']}.txt:{m['line']} {short(m['title'])} into papers/{m['paper']}/ "
                      f"(listed in {listing_names(m['listings'])})" for m in report.merged], "merges", limit=10)
    lines += clipped([f"  conflict {c['listing']}.txt:{c['line']} {short(c['title'])}: {c['reason']} "
                      f"(from {c['kept_from']})" for c in report.conflicts], "conflicts")
    lines += clipped([f"  ignored {i['file']}: {i['reason']}" for i in report.files_ignored], "ignored files")
    lines += clipped([f"  repaired {w}" for w in report.warnings], "repairs")
    if report.rejected:
        outcome = ("--strict does not allow that" if strict
                   else "the build went on without them (--strict makes this an error)")
        lines.append(f"paper-atlas: {rejected_count(report)} rejected: {outcome}; see data/build-report.json")
    return "\n".join(lines)
