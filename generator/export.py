"""The open data export (`data/papers.json`) and the build report (`data/build-report.json`)."""

from __future__ import annotations

import json
from dataclasses import asdict

from .model import Atlas, Report
from .pages import paper_url


def papers_json(atlas: Atlas, generated: str) -> str:
    """The export as DESIGN §2 specifies it: fields may be added, never renamed or removed."""
    benchmark_slugs = {p.slug: list(dict.fromkeys(m.benchmark for m in atlas.paper_benchmarks.get(p.slug, [])))
                       for p in atlas.papers}
    data = {
        "generated": generated,
        "papers": [
            {
                "slug": p.slug,
                "url": paper_url(p.slug),
                "title": p.title,
                "abstract": p.abstract,
                "listings": list(dict.fromkeys(p.listings)),
                "appearances": [{"listing": a.listing, "position": a.position} for a in p.appearances],
                "topics": atlas.paper_topics.get(p.slug, []),
                "benchmarks": benchmark_slugs[p.slug],
                "code": atlas.code.get(p.slug, []),
                "related": atlas.related.get(p.slug, []),
                "mentions": atlas.mentions.get(p.slug, []),
            }
            for p in atlas.papers
        ],
        "topics": [
            {"slug": t.slug, "name": t.name, "papers": atlas.topic_papers.get(t.slug, [])}
            for t in atlas.topics
        ],
        "benchmarks": [
            {"slug": b.slug, "name": b.name, "aliases": list(b.aliases), "domain": b.domain,
             "papers": atlas.benchmark_papers.get(b.slug, [])}
            for b in atlas.benchmarks if atlas.benchmark_papers.get(b.slug)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


RUN_ONLY_FIELDS = ("files_written", "files_removed")  # differ between runs of the same input


def report_json(report: Report) -> str:
    """The report as JSON, without the per-run counters, so an unchanged rebuild writes nothing."""
    data = {k: v for k, v in asdict(report).items() if k not in RUN_ONLY_FIELDS}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def report_summary(report: Report) -> str:
    """A few lines for the console."""
    lines = [
        f"paper-atlas: {len(report.files_read)} files, {report.entries_read} entries read, "
        f"{report.papers} papers after merging ({len(report.merged)} entries merged)",
        f"paper-atlas: {len(report.rejected)} entries rejected, {len(report.conflicts)} conflicts, "
        f"{len(report.papers_without_topic)} papers without topic, "
        f"{len(report.papers_without_benchmark)} without benchmark",
        f"paper-atlas: {report.files_written} files written, {report.files_removed} removed",
    ]
    for rejection in report.rejected[:20]:
        lines.append(f"  rejected {rejection.file}:{rejection.line}: {rejection.reason}"
                     + (f" — {rejection.excerpt!r}" if rejection.excerpt else ""))
    if len(report.rejected) > 20:
        lines.append(f"  … and {len(report.rejected) - 20} more in data/build-report.json")
    for warning in report.warnings:
        lines.append(f"  warning: {warning}")
    return "\n".join(lines)
