"""The data model shared by every stage: entries, papers, annotations, the atlas."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Entry:
    """One title/abstract pair as read from one listing."""

    title: str
    abstract: str
    listing: str  # the listing's id: its file name without extension
    position: int  # 1-based position of the entry in its listing
    line: int  # 1-based line of the title in the file


@dataclass(frozen=True)
class Listing:
    """One input file: its id, the header facts it states and its entries in order."""

    id: str
    path: str
    layout: str
    date_line: str | None = None
    entries: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Appearance:
    """Where a paper was seen: a listing and its position there."""

    listing: str
    position: int


@dataclass
class Paper:
    """A paper after merging: one per normalised title."""

    key: str
    slug: str
    title: str
    abstract: str
    appearances: list[Appearance] = field(default_factory=list)

    @property
    def listings(self) -> list[str]:
        return [a.listing for a in self.appearances]


@dataclass(frozen=True)
class Rejection:
    """An entry, or a whole file, that did not become a paper, and why."""

    file: str
    line: int | None  # 1-based line in the file; None when the whole file is concerned
    reason: str
    excerpt: str = ""  # the text's first characters

    @property
    def where(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


@dataclass
class Report:
    """What the build did, for `build-report.json` and the console summary.

    Nothing read is silently lost: every entry is on the site (possibly merged into a
    paper read before, see `merged`) or in `rejected`, with file, line and reason.
    """

    files_read: list[str] = field(default_factory=list)
    files_ignored: list[dict] = field(default_factory=list)  # {"file", "reason"}: in seeds/ but not a listing
    entries_read: int = 0
    papers: int = 0
    merged: list[dict] = field(default_factory=list)  # an entry that joined a paper read before
    rejected: list[Rejection] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)  # same paper, different abstract: one kept
    warnings: list[str] = field(default_factory=list)  # repairs made while reading (encoding, NUL bytes)
    papers_without_topic: list[str] = field(default_factory=list)
    papers_without_benchmark: list[str] = field(default_factory=list)
    benchmarks_discovered: list[dict] = field(default_factory=list)  # {"slug", "name", "papers"}
    redirects: dict[str, str] = field(default_factory=dict)  # old URL → new URL (from the URL manifest)
    broken_urls: list[str] = field(default_factory=list)  # published URLs neither built nor redirected
    # first-seen days (history.py): {"latest", "new", "source", "fallback", "undated": [{"file", "reason", "papers"}]}
    first_seen: dict = field(default_factory=dict)
    files_written: int = 0
    files_removed: int = 0


@dataclass
class Atlas:
    """Everything the pages are made from: papers, listings, taxonomy and annotations.

    Annotations are keyed by paper slug; each comes from one enrich step.
    """

    papers: list[Paper]
    listings: list[Listing]
    topics: list  # list[taxonomy.Topic]
    benchmarks: list  # list[registry.Benchmark]: the registry's and those discovered in the papers
    paper_topics: dict[str, list[str]] = field(default_factory=dict)
    paper_benchmarks: dict[str, list] = field(default_factory=dict)  # slug → [BenchmarkMention]
    domains: dict = field(default_factory=dict)  # domain key → registry.Domain
    benchmarks_discovered: list[dict] = field(default_factory=list)  # for the build report
    related: dict[str, list[str]] = field(default_factory=dict)
    related_reasons: dict[str, list] = field(default_factory=dict)  # slug → [related.Relation], as `related`
    code: dict[str, list[str]] = field(default_factory=dict)
    mentions: dict[str, list[str]] = field(default_factory=dict)  # slug → slugs it mentions
    mention_spans: dict[str, list] = field(default_factory=dict)  # slug → [terms.Match] in the abstract
    layout: object | None = None  # map.Layout: where each paper goes on the map
    map_job: object | None = field(default=None, repr=False, compare=False)  # parallel.Background drawing `layout`
    first_seen: dict[str, str] = field(default_factory=dict)  # slug → day the paper entered the atlas (YYYY-MM-DD)
    listing_added: dict[str, str] = field(default_factory=dict)  # listing id → day its file entered the atlas

    def wait_for_map(self) -> None:
        """Take the map's layout from the process still drawing it, if any (see pipeline.enrich)."""
        if self.map_job is not None:
            job, self.map_job = self.map_job, None
            self.layout = job.result()

    def settle(self) -> None:
        """Work out the derived tables below now (before worker processes fork: each would do it again)."""
        for table in ("latest_update", "arrival_order", "by_slug", "topic_papers", "benchmark_papers",
                      "benchmark_family_papers", "benchmark_variants", "mentioned_by"):
            getattr(self, table)

    @cached_property
    def latest_update(self) -> str | None:
        """The latest first-seen day: its papers are the atlas's new ones."""
        return max(self.first_seen.values(), default=None)

    @cached_property
    def arrival_order(self) -> list[str]:
        """Paper slugs in the order the listings give them: listings by id, then position."""
        first = {p.slug: min(((a.listing, a.position) for a in p.appearances), default=("", 0)) for p in self.papers}
        return sorted(first, key=lambda slug: (first[slug], slug))

    def is_new(self, slug: str) -> bool:
        return self.latest_update is not None and self.first_seen.get(slug) == self.latest_update

    @cached_property
    def by_slug(self) -> dict[str, Paper]:
        return {p.slug: p for p in self.papers}

    @cached_property
    def topic_papers(self) -> dict[str, list[str]]:
        """topic slug → paper slugs, in paper order."""
        return invert(self.paper_topics, (p.slug for p in self.papers))

    @cached_property
    def benchmark_papers(self) -> dict[str, list[str]]:
        """benchmark slug → paper slugs, in paper order."""
        names = {slug: [m.benchmark for m in ms] for slug, ms in self.paper_benchmarks.items()}
        return invert(names, (p.slug for p in self.papers))

    @cached_property
    def benchmark_family_papers(self) -> dict[str, list[str]]:
        """benchmark slug → paper slugs naming it or one of its variants (recursively), in paper order."""
        # Each paper is added to the benchmarks it names and to their ancestors: work grows with the
        # mentions, not with papers × benchmarks.
        parent = {b.slug: b.parent for b in self.benchmarks}

        def lineage(slug: str) -> list[str]:
            chain: list[str] = []
            while slug in parent and slug not in chain:
                chain.append(slug)
                slug = parent[slug]
            return chain

        found: dict[str, list[str]] = {}
        for paper in self.papers:
            families = {a for m in self.paper_benchmarks.get(paper.slug, []) for a in lineage(m.benchmark)}
            for slug in families:
                found.setdefault(slug, []).append(paper.slug)
        return {b.slug: found[b.slug] for b in self.benchmarks if b.slug in found}

    @cached_property
    def benchmark_variants(self) -> dict[str, list]:
        """benchmark slug → its direct variants (registry.Benchmark), in registry order."""
        variants: dict[str, list] = {}
        for benchmark in self.benchmarks:
            if benchmark.parent:
                variants.setdefault(benchmark.parent, []).append(benchmark)
        return variants

    @cached_property
    def mentioned_by(self) -> dict[str, list[str]]:
        """paper slug → slugs of the papers whose abstract mentions it."""
        return invert(self.mentions, (p.slug for p in self.papers))


def invert(forward: dict[str, list[str]], order) -> dict[str, list[str]]:
    """{a: [x, y]} → {x: [a], y: [a]}, keeping the order given for the a's."""
    inverse: dict[str, list[str]] = {}
    for key in order:
        for value in forward.get(key, []):
            inverse.setdefault(value, []).append(key)
    return inverse
