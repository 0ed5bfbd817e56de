"""From the atlas to page files: one context per page, rendered by its template."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import PurePath

from markupsafe import Markup
from slugify import slugify

from . import map as atlas_map
from .links import page_link
from .model import Atlas, Listing, Paper
from .render import reload_templates
from .render import render as render_template
from .roles import INTRODUCES, ROLES
from .terms import Match
from .text import first_sentence, sentence_spans

GENERATED_DIRS = ("papers", "topics", "benchmarks", "listings", "data", "feeds")
GENERATED_FILES = ("index.md", "whats-new.md", "map.md")
WHATS_NEW_LIMIT = 500  # papers shown on the what's-new page; its feed and the listing pages have the rest
MENTIONED_BY_LIMIT = 5  # a paper page lists at most this many papers that mention it (page size)
OVERLAPPING_TOPICS = 5
RELATED_WHY_NAMES = 2  # shared topics and benchmarks named per related paper (page size)
HOME_LISTINGS = 12  # the home page names at most this many listings, the most recently added


# Above this many papers, paper pages share the site-wide preview card instead of one each: a
# card takes about 10 ms to draw and ~20 KB to keep, so 100,000 of them would dwarf the build.
PAPER_CARDS_UP_TO = 1000
SITE_CARD = "previews/site.png"


def paper_cards(atlas: Atlas) -> bool:
    """Whether every paper gets a preview card of its own (see PAPER_CARDS_UP_TO)."""
    return len(atlas.papers) <= PAPER_CARDS_UP_TO


def preview_path(page_path: str) -> str:
    """The preview image of a generated page: `papers/x.md` → `previews/papers/x.png` (see previews.py)."""
    return f"previews/{page_path.removesuffix('.md')}.png"


def render(template: str, page_path: str, image: str | None = None, **context: object) -> str:
    """Render a page; its preview image's path (its own by default) is in the context for the `image:` front matter."""
    return render_template(template, page_path, image=image or preview_path(page_path), **context)


# Index pages (a topic, a benchmark) list at most this many papers each; longer lists go on
# over numbered pages (`topics/<slug>/page-2/`, …), so no page grows with the size of the atlas.
PER_PAGE = 200
CONTINUATION = re.compile(r"^[a-z]+/[^/]+/page-\d+\.md$")


def page_paths(first: str, items: int) -> list[str]:
    """The paths of an index page and its continuations: `topics/x.md`, `topics/x/page-2.md`, …"""
    stem = first.removesuffix(".md")
    return [first] + [f"{stem}/page-{n}.md" for n in range(2, max(1, math.ceil(items / PER_PAGE)) + 1)]


def is_continuation(path: str) -> bool:
    """A numbered page after the first: its URL moves as papers come, so it is no permanent link."""
    return bool(CONTINUATION.match(path))


def paginate(first: str, items: list, noun: str = "Papers") -> Iterator[tuple[str, list, dict]]:
    """(path, the items on that page, the pager for the template) for each page of an index."""
    paths = page_paths(first, len(items))
    for number, path in enumerate(paths, start=1):
        start = (number - 1) * PER_PAGE
        yield path, items[start:start + PER_PAGE], {
            "number": number, "count": len(paths), "first": paths[0], "last": paths[-1],
            "previous": paths[number - 2] if number > 1 else None,
            "next": paths[number] if number < len(paths) else None,
            "start": start + 1 if items else 0, "end": min(start + PER_PAGE, len(items)), "total": len(items),
            "noun": noun}


def paper_path(slug: str) -> str:
    return f"papers/{slug}.md"


def listing_slug(listing_id: str) -> str:
    return slugify(listing_id) or "listing"


def listing_label(listing: Listing) -> str:
    when = f" of {listing.date_line}" if listing.date_line else ""
    return f"Trending papers{when} ({listing.id})"


def paper_url(slug: str) -> str:
    return f"papers/{slug}/"


def feed_path(kind: str, slug: str = "") -> str:
    """A feed's file (feeds.py): `feeds/atlas.xml`, else `feeds/<kind>/<slug>.xml` (topics, benchmarks, listings)."""
    return "feeds/atlas.xml" if kind == "atlas" else f"feeds/{kind}/{slug}.xml"


def abstract_sentences(abstract: str, links: list[Match], evidence: set[int]) -> list[dict]:
    """The abstract cut into numbered sentences, each cut into plain and linked parts.

    A link that would cross a sentence boundary is dropped (it cannot be nested).
    """
    sentences = []
    for number, (start, end) in enumerate(sentence_spans(abstract), start=1):
        parts: list[dict] = []
        # The space before a sentence goes between the sentences' elements (the template puts
        # it there), so that search indexes "one. Two" as two words, not as "one.Two".
        cursor = start + len(abstract[start:end]) - len(abstract[start:end].lstrip())
        for link in links:
            if link.start < start or link.end > end:
                continue
            if link.start > cursor:
                parts.append({"text": abstract[cursor:link.start], "href": None})
            parts.append({"text": abstract[link.start:link.end], "href": paper_path(link.target)})
            cursor = link.end
        if cursor < end:
            parts.append({"text": abstract[cursor:end], "href": None})
        sentences.append({"number": number, "parts": parts, "evidence": number in evidence})
    return sentences


class SitePages:
    """Renders every generated page of an atlas; `files()` yields (path, content)."""

    def __init__(self, atlas: Atlas, site_url: str = "", directory_urls: bool = True) -> None:
        reload_templates()  # the pages of this site are rendered with the templates as they are now
        self.atlas = atlas
        self.directory_urls = directory_urls
        self.colours = atlas_map.topic_colours([t.slug for t in atlas.topics])
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.topics = {t.slug: t for t in atlas.topics}
        self.benchmarks = {b.slug: b for b in atlas.benchmarks}
        self.listings = {listing.id: listing for listing in atlas.listings}
        self.listing_papers: dict[str, list[tuple[int, str]]] = {}
        self.listing_items: dict[str, dict] = {}
        for paper in atlas.papers:
            for appearance in paper.appearances:
                self.listing_papers.setdefault(appearance.listing, []).append((appearance.position, paper.slug))

    def files(self) -> Iterator[tuple[str, str]]:
        """Every page: the papers' (`paper_files`), then the others (`index_files`)."""
        yield from self.paper_files(self.atlas.papers)
        yield from self.index_files()

    def paper_files(self, papers: list[Paper]) -> Iterator[tuple[str, str]]:
        """The pages of `papers` (most of the site)."""
        for paper in papers:
            yield paper_path(paper.slug), self.paper(paper)

    def index_files(self) -> Iterator[tuple[str, str]]:
        """The pages that list papers: home, map, topics, benchmarks, listings, what's new."""
        for job in self.index_jobs():
            yield from self.index_job_files(job)

    def index_jobs(self) -> list[tuple[str, str]]:
        """The index pages as jobs, (kind, slug) in page order; each job makes a page and its
        continuations (`index_job_files`), so that worker processes can share them (page_workers.py)."""
        return [("home", ""), ("map", ""), ("topics", ""), *(("topic", t.slug) for t in self.atlas.topics),
                ("benchmarks", ""), *(("benchmark", b.slug) for b in self.used_benchmarks()),
                ("listings", ""), *(("listing", listing.id) for listing in self.atlas.listings), ("whats-new", "")]

    def index_job_files(self, job: tuple[str, str]) -> Iterator[tuple[str, str]]:
        """The pages of one job of `index_jobs`."""
        kind, slug = job
        if kind == "topic":
            yield from self.topic_pages(self.topics[slug])
        elif kind == "benchmark":
            yield from self.benchmark_pages(self.benchmarks[slug])
        elif kind == "listing":
            listing = self.listings[slug]
            yield f"listings/{listing_slug(listing.id)}.md", self.listing(listing)
        elif kind == "listings":
            yield from self.listings_pages()
        else:
            path, page = {"home": ("index.md", self.home), "map": ("map.md", self.map_page),
                          "topics": ("topics/index.md", self.topics_index),
                          "benchmarks": ("benchmarks/index.md", self.benchmarks_index),
                          "whats-new": ("whats-new.md", self.whats_new)}[kind]
            yield path, page()

    # -- shared pieces -------------------------------------------------------------

    def render(self, template: str, page_path: str, image: str | None = None, **context: object) -> str:
        """Render a page of this site (its URL style is in the context, for links in raw HTML)."""
        return render(template, page_path, image=image, directory_urls=self.directory_urls, **context)

    def paper_item(self, slug: str) -> dict:
        paper = self.atlas.by_slug[slug]
        return {"slug": slug, "title": paper.title, "path": paper_path(slug),
                "gist": first_sentence(paper.abstract, 200),
                "first_seen": self.atlas.first_seen.get(slug), "new": self.atlas.is_new(slug)}

    def feed(self, kind: str, slug: str = "") -> str | None:
        """The path of a page's feed (feeds.py), or None: feeds are written only with a site URL."""
        return feed_path(kind, slug) if self.site_url else None

    def related_item(self, relation) -> dict:
        """A related paper with why: shared terms, topics and benchmarks (related.Relation), each
        kind as one list of names (a paper page shows five related papers: joined here, it costs less)."""
        topics = [self.topics[t].name for t in relation.topics if t in self.topics]
        benchmarks = [self.benchmarks[b].name for b in relation.benchmarks if b in self.benchmarks]
        return {"title": self.atlas.by_slug[relation.slug].title, "path": paper_path(relation.slug),
                "terms": ", ".join(relation.terms), "topics": ", ".join(topics[:RELATED_WHY_NAMES]),
                "benchmarks": ", ".join(benchmarks[:RELATED_WHY_NAMES])}

    def map_dots(self, page: str, highlight: str | None = None) -> list:
        """The map's dots as seen from `page`: all linked and coloured by main topic, or, with
        `highlight`, only that topic's papers linked and coloured, the others muted."""
        atlas, dots = self.atlas, []
        for point in atlas.layout.points if atlas.layout else ():
            title = atlas.by_slug[point.slug].title
            if highlight is not None and highlight not in atlas.paper_topics.get(point.slug, []):
                dots.append(atlas_map.Dot(point.x, point.y, "", None))
                continue
            topic = highlight or point.topic
            dots.append(atlas_map.Dot(point.x, point.y, self.colours.get(topic, atlas_map.NO_TOPIC_COLOUR),
                                      page_link(page, paper_path(point.slug), self.directory_urls), title))
        return dots

    def used_benchmarks(self) -> list:
        """The benchmarks with a page: named by a paper, or with a variant that is."""
        return [b for b in self.atlas.benchmarks if self.atlas.benchmark_family_papers.get(b.slug)]

    def evidence(self, slug: str, mention) -> tuple[str, str]:
        """The sentence a mention was found in and the link to it (the paper page for the title)."""
        paper = self.atlas.by_slug[slug]
        if mention.sentence == 0:
            return paper.title, paper_path(slug)
        start, end = sentence_spans(paper.abstract)[mention.sentence - 1]
        return paper.abstract[start:end].strip(), f"{paper_path(slug)}#s{mention.sentence}"

    def permalink(self, path: str) -> str:
        return self.site_url + path

    # -- pages ---------------------------------------------------------------------

    def home(self) -> str:
        atlas = self.atlas
        topic_counts = sorted(((len(atlas.topic_papers.get(t.slug, [])), t) for t in atlas.topics),
                              key=lambda pair: (-pair[0], pair[1].name))
        benchmark_counts = sorted(((len(atlas.benchmark_family_papers[b.slug]), b) for b in self.used_benchmarks()),
                                  key=lambda pair: (-pair[0], pair[1].name))
        return self.render("home.md.j2", "index.md",
                           counts={"papers": len(atlas.papers), "listings": len(atlas.listings),
                              "topics": len(atlas.topics), "benchmarks": len(benchmark_counts),
                              "entries": sum(len(listing.entries) for listing in atlas.listings)},
                           top_topics=[{"topic": t, "count": n} for n, t in topic_counts[:8]],
                           top_benchmarks=[{"benchmark": b, "count": n} for n, b in benchmark_counts[:8]],
                           listings=self.home_listings(),
                           latest=atlas.latest_update, new_count=sum(1 for p in atlas.papers if atlas.is_new(p.slug)),
                           feed=self.feed("atlas"))

    def paper(self, paper: Paper) -> str:
        atlas = self.atlas
        mentions = atlas.paper_benchmarks.get(paper.slug, [])
        evidence = {n for m in mentions for n in (m.sentences or (m.sentence,)) if n}
        appearances = [{"listing": self.listing_item(self.listings[a.listing]), "position": a.position}
                       for a in paper.appearances]
        return self.render(
            "paper.md.j2", paper_path(paper.slug), image=None if paper_cards(atlas) else SITE_CARD,
            paper=paper,
            description=first_sentence(paper.abstract),
            sentences=abstract_sentences(paper.abstract, atlas.mention_spans.get(paper.slug, []), evidence),
            appearances=appearances,
            topics=[self.topics[s] for s in atlas.paper_topics.get(paper.slug, [])],
            benchmarks=[{"benchmark": self.benchmarks[m.benchmark], "role": m.role,
                         "anchor": f"{paper_path(paper.slug)}#s{m.sentence}" if m.sentence else None}
                        for m in mentions],
            code=[{"url": Markup(url), "label": url.split("://", 1)[1]} for url in atlas.code.get(paper.slug, [])],
            related=[self.related_item(r) for r in atlas.related_reasons.get(paper.slug, [])],
            mentioned_by=[self.paper_item(s) for s in atlas.mentioned_by.get(paper.slug, [])[:MENTIONED_BY_LIMIT]],
            mentioned_by_total=len(atlas.mentioned_by.get(paper.slug, [])),
            permalink=self.permalink(paper_url(paper.slug)),
            first_seen=atlas.first_seen.get(paper.slug), new=atlas.is_new(paper.slug),
        )

    def topics_index(self) -> str:
        rows = [{"topic": t, "count": len(self.atlas.topic_papers.get(t.slug, [])),
                 "colour": Markup(self.colours[t.slug])} for t in self.atlas.topics]
        return self.render("topics_index.md.j2", "topics/index.md", rows=rows,
                           without_topic=sum(1 for p in self.atlas.papers if not self.atlas.paper_topics.get(p.slug)))

    def overlapping_topics(self, topic) -> list[dict]:
        """The topics that share most papers with this one, with how many."""
        mine = set(self.atlas.topic_papers.get(topic.slug, []))
        shared = Counter(other for slug in mine for other in self.atlas.paper_topics.get(slug, [])
                         if other != topic.slug)
        return [{"topic": self.topics[t], "count": n}
                for t, n in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:OVERLAPPING_TOPICS]]

    def topic(self, topic) -> str:
        """The topic's (first) page."""
        return next(self.topic_pages(topic))[1]

    def topic_pages(self, topic) -> Iterator[tuple[str, str]]:
        """The topic's page, and its continuations when it has more than PER_PAGE papers."""
        slugs = self.atlas.topic_papers.get(topic.slug, [])
        page = f"topics/{topic.slug}.md"
        benchmarks = Counter(m.benchmark for s in slugs for m in self.atlas.paper_benchmarks.get(s, []))
        dots = self.map_dots(page, highlight=topic.slug)
        shown = sum(1 for d in dots if d.href)
        svg = atlas_map.render_svg(dots, f"Map of the atlas with the {shown} papers of {topic.name} highlighted",
                                   radius=4.0, css_class="pa-map pa-map-small") if shown else None
        shared = {"topic": topic, "total": len(slugs), "overlapping": self.overlapping_topics(topic),
                  "benchmarks": [{"benchmark": self.benchmarks[b], "count": n}
                                 for b, n in sorted(benchmarks.items(), key=lambda kv: (-kv[1], kv[0]))[:10]],
                  "map_sampled": self.atlas.layout is not None and self.atlas.layout.sampled,
                  "permalink": self.permalink(f"topics/{topic.slug}/"), "feed": self.feed("topics", topic.slug)}
        for path, on_page, pager in paginate(page, slugs):  # the map (its links made for the first page) once
            yield path, self.render("topic.md.j2", path, image=preview_path(page), pager=pager,
                                    papers=[self.paper_item(s) for s in on_page],
                                    svg=svg if pager["number"] == 1 else None, **shared)

    def map_page(self) -> str:
        layout = self.atlas.layout
        dots = self.map_dots("map.md")
        counts = Counter(point.topic for point in layout.points) if layout else Counter()
        legend = [{"topic": t, "count": counts[t.slug], "colour": Markup(self.colours[t.slug])}
                  for t in self.atlas.topics if counts[t.slug]]
        return self.render("map.md.j2", "map.md", layout=layout, legend=legend,
                           without_topic={"count": counts[None], "colour": Markup(atlas_map.NO_TOPIC_COLOUR)},
                           svg=atlas_map.render_svg(dots, f"Map of {len(dots)} papers, coloured by main topic")
                           if dots else None,
                           shown=len(dots), total=len(self.atlas.papers),
                           permalink=self.permalink("map/"))

    def benchmarks_index(self) -> str:
        atlas = self.atlas
        counts = {b.slug: len(atlas.benchmark_family_papers[b.slug]) for b in self.used_benchmarks()}
        groups: dict[str, list[dict]] = {}
        for benchmark in sorted(self.used_benchmarks(), key=lambda b: (-counts[b.slug], b.name.lower())):
            groups.setdefault(benchmark.domain, []).append({"benchmark": benchmark, "count": counts[benchmark.slug]})
        domains = [{"domain": atlas.domains.get(key), "key": key, "rows": rows, "papers": len(
                    {p for r in rows for p in atlas.benchmark_family_papers[r["benchmark"].slug]})}
                   for key, rows in groups.items()]
        domains.sort(key=lambda d: (-d["papers"], d["key"]))
        return self.render("benchmarks_index.md.j2", "benchmarks/index.md", domains=domains, total=len(counts),
                           discovered=sum(1 for b in self.used_benchmarks() if b.discovered))

    def benchmark(self, benchmark) -> str:
        """The benchmark's (first) page."""
        return next(self.benchmark_pages(benchmark))[1]

    def benchmark_pages(self, benchmark) -> Iterator[tuple[str, str]]:
        """The benchmark's page, and its continuations when more than PER_PAGE papers name it."""
        atlas = self.atlas
        family = {benchmark.slug: None}
        pending = [benchmark.slug]
        while pending:
            current = pending.pop()
            for child in atlas.benchmark_variants.get(current, []):
                family[child.slug] = child
                pending.append(child.slug)
        rows, claims, cooccurring = [], {}, Counter()
        for slug in atlas.benchmark_family_papers.get(benchmark.slug, []):
            mentions = atlas.paper_benchmarks[slug]
            own = [m for m in mentions if m.benchmark in family]
            # One row per paper: its mention of this benchmark, else of the first variant it names.
            main = next((m for m in own if m.benchmark == benchmark.slug), own[0])
            sentence, anchor = self.evidence(slug, main)
            rows.append({"paper": self.paper_item(slug), "role": main.role, "sentence": sentence, "anchor": anchor,
                         "via": [family[m.benchmark] for m in own if m.benchmark != benchmark.slug]})
            for mention in own:
                for claim in mention.claims:
                    start, end = sentence_spans(atlas.by_slug[slug].abstract)[claim.sentence - 1]
                    claims.setdefault(slug, []).append({
                        "paper": self.paper_item(slug), "value": claim.value, "measure": claim.measure,
                        "sentence": atlas.by_slug[slug].abstract[start:end].strip(), "via": family[mention.benchmark],
                        "anchor": f"{paper_path(slug)}#s{claim.sentence}"})
            cooccurring.update({m.benchmark for m in mentions if m.benchmark not in family})
        order = {role: i for i, role in enumerate(ROLES)}
        rows.sort(key=lambda r: order[r["role"]])
        first = f"benchmarks/{benchmark.slug}.md"
        shared = {
            "benchmark": benchmark, "domain": atlas.domains.get(benchmark.domain),
            "papers": len(atlas.benchmark_family_papers.get(benchmark.slug, [])),
            "introduced_by": [r for r in rows if r["role"] == INTRODUCES],
            "parent": self.benchmarks.get(benchmark.parent) if benchmark.parent else None,
            "variants": [{"benchmark": b, "count": len(atlas.benchmark_family_papers.get(b.slug, []))}
                         for b in atlas.benchmark_variants.get(benchmark.slug, [])
                         if atlas.benchmark_family_papers.get(b.slug)],
            "cooccurring": [{"benchmark": self.benchmarks[s], "count": n}
                            for s, n in sorted(cooccurring.items(), key=lambda kv: (-kv[1], kv[0]))[:10]],
            "permalink": self.permalink(f"benchmarks/{benchmark.slug}/"),
            "feed": self.feed("benchmarks", benchmark.slug)}
        for path, page, pager in paginate(first, rows):
            # The stated results of the papers on this page, in the order of the papers.
            on_page = {row["paper"]["slug"] for row in page}
            stated = [c for slug, stated_here in claims.items() if slug in on_page for c in stated_here]
            yield path, self.render("benchmark.md.j2", path, image=preview_path(first), rows=page, claims=stated,
                                    pager=pager, **shared)

    def listing_item(self, listing: Listing) -> dict:
        """A listing's facts for the pages that name it (computed once per listing)."""
        if listing.id not in self.listing_items:
            self.listing_items[listing.id] = self.listing_facts(listing)
        return self.listing_items[listing.id]

    def listing_facts(self, listing: Listing) -> dict:
        slugs = [slug for _, slug in self.listing_papers.get(listing.id, [])]
        return {"id": listing.id, "label": listing_label(listing), "date": listing.date_line,
                "path": f"listings/{listing_slug(listing.id)}.md", "count": len(listing.entries),
                "file": PurePath(listing.path).name, "added": self.atlas.listing_added.get(listing.id),
                "papers": len(dict.fromkeys(slugs)), "new": sum(1 for slug in set(slugs) if self.atlas.is_new(slug)),
                "shared": len({slug for slug in slugs if self.other_listings(slug, listing.id)})}

    def other_listings(self, slug: str, listing_id: str) -> list[str]:
        """The other listings a paper appears in (ids, in listing order)."""
        return [lid for lid in dict.fromkeys(self.atlas.by_slug[slug].listings) if lid != listing_id]

    def home_listings(self) -> list[dict]:
        """The listings the home page names: all of a few, else the most recently added, newest first."""
        items = [self.listing_item(listing) for listing in self.atlas.listings]
        if len(items) <= HOME_LISTINGS:
            return items
        return sorted(items, key=lambda item: (item["added"] or "", item["id"]), reverse=True)[:HOME_LISTINGS]

    def listings_pages(self) -> Iterator[tuple[str, str]]:
        """The listings index, over numbered pages when there are more than PER_PAGE listings."""
        items = [self.listing_item(listing) for listing in self.atlas.listings]
        first = "listings/index.md"
        for path, page, pager in paginate(first, items, noun="Listings"):
            yield path, self.render("listings_index.md.j2", path, image=preview_path(first), listings=page,
                                    pager=pager)

    def listing(self, listing: Listing) -> str:
        ordered = [slug for _, slug in sorted(self.listing_papers.get(listing.id, []))]
        shared = Counter(other for slug in dict.fromkeys(ordered) for other in self.other_listings(slug, listing.id))
        return self.render("listing.md.j2", f"listings/{listing_slug(listing.id)}.md",
                           listing=self.listing_item(listing), papers=[self.paper_item(slug) for slug in ordered],
                           shared_with=[{"listing": self.listing_item(self.listings[lid]), "count": shared[lid]}
                                   for lid in sorted(shared, key=lambda lid: (-shared[lid], lid))],
                           permalink=self.permalink(f"listings/{listing_slug(listing.id)}/"),
                           feed=self.feed("listings", listing_slug(listing.id)))

    def whats_new(self) -> str:
        """Papers grouped by first-seen day, newest first, at most `WHATS_NEW_LIMIT` of them."""
        atlas = self.atlas
        by_day: dict[str, list[str]] = {}
        for slug in atlas.arrival_order:
            by_day.setdefault(atlas.first_seen.get(slug, ""), []).append(slug)
        days, room = [], WHATS_NEW_LIMIT
        for day in sorted(by_day, reverse=True):
            slugs = by_day[day]
            added = [self.listing_item(listing) for listing in atlas.listings
                     if atlas.listing_added.get(listing.id) == day]
            days.append({"day": day, "count": len(slugs), "listings": added, "new": day == atlas.latest_update,
                         "papers": [self.whats_new_item(slug) for slug in slugs[:room]]})
            room -= len(days[-1]["papers"])
        return self.render("whats_new.md.j2", "whats-new.md", days=days, limit=WHATS_NEW_LIMIT,
                           total=len(atlas.papers), latest=atlas.latest_update, feed=self.feed("atlas"))

    def whats_new_item(self, slug: str) -> dict:
        mentions = self.atlas.paper_benchmarks.get(slug, [])
        return {**self.paper_item(slug),
                "topics": [self.topics[t] for t in self.atlas.paper_topics.get(slug, []) if t in self.topics],
                "benchmarks": [self.benchmarks[b] for b in dict.fromkeys(m.benchmark for m in mentions)
                               if b in self.benchmarks]}
