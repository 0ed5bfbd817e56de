"""Atom feeds (RFC 4287) of the newest papers: the whole atlas, each topic, benchmark and listing.

A static site can be followed without any server: a feed reader, a mail digest or a chat
bot polls `feeds/…xml`. Each feed holds the newest `FEED_ENTRIES` papers, newest first
(by first-seen day, then in the order their listing gives them); an entry has the
paper's title, its permanent link, its first-seen day and the first sentences of its
abstract. The XML comes from a Jinja template (`templates/feed.xml.j2`) that escapes every
text and attribute; characters XML 1.0 cannot hold are dropped first. An entry is the same in
every feed that holds it, so each paper's is worked out once. Links are absolute (from `site_url`),
so the feeds are the same on the published site and in the offline bundle, and without
a `site_url` no feed is written.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from pathlib import Path

import jinja2
from markupsafe import Markup

from .model import Atlas
from .pages import feed_path, listing_label, listing_slug
from .text import sentence_spans
from .write import Written, write_if_changed

FEED_ENTRIES = 50
SUMMARY_SENTENCES = 2
SUMMARY_CHARS = 400
SITE_NAME = "Paper Atlas"
# Not allowed in XML 1.0 documents (control characters, lone surrogates, U+FFFE/U+FFFF).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Printed values repeat (topic names, days, papers in several feeds): their escaped forms are cached.
ESCAPED_CACHE = 1 << 16


@dataclass(frozen=True)
class Feed:
    """One feed: where it is written, what it is called, the page it follows and its papers."""

    path: str  # under the site root: feeds/topics/x.xml
    title: str
    subtitle: str
    page: str  # URL of the page it follows, under the site root: topics/x/
    papers: list[str]  # paper slugs in the order of arrival wanted for equal days


@dataclass(frozen=True)
class Entry:
    """A paper as a feed shows it."""

    url: str
    title: str
    day: str  # Atom date-time of its first-seen day
    summary: str
    topics: tuple  # its topics (taxonomy.Topic), in its order


def xml_text(value: str) -> str:
    """Text XML can hold, on one line."""
    return " ".join(NOT_XML.sub("", value).split())


def summary(abstract: str) -> str:
    """The first sentences of an abstract, at most `SUMMARY_CHARS` (cut at a word, with "…")."""
    spans = sentence_spans(abstract, SUMMARY_SENTENCES)
    text = " ".join(abstract[start:end].strip() for start, end in spans) if spans else abstract.strip()
    if len(text) > SUMMARY_CHARS:
        text = text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"
    return text


def timestamp(day: str) -> str:
    """An Atom date-time for a first-seen day: midnight UTC."""
    return f"{day}T00:00:00Z"


def newest(atlas: Atlas, slugs: list[str], limit: int = FEED_ENTRIES) -> list[str]:
    """The `limit` newest papers: latest first-seen day first, the order of `slugs` within a day."""
    order = {slug: index for index, slug in enumerate(slugs)}
    return heapq.nlargest(limit, order, key=lambda slug: (atlas.first_seen.get(slug, ""), -order[slug]))


def atlas_feeds_list(atlas: Atlas) -> list[Feed]:
    """Every feed of the atlas: the whole atlas, each topic, each benchmark named by a paper, each listing."""
    order = atlas.arrival_order
    rank = {slug: index for index, slug in enumerate(order)}
    feeds = [Feed(feed_path("atlas"), SITE_NAME, "The newest papers of the atlas", "", order)]
    for topic in atlas.topics:
        slugs = sorted(atlas.topic_papers.get(topic.slug, []), key=rank.__getitem__)
        feeds.append(Feed(feed_path("topics", topic.slug), f"{SITE_NAME}: {topic.name}",
                          f"The newest papers on {topic.name}", f"topics/{topic.slug}/", slugs))
    for benchmark in atlas.benchmarks:  # as on its page: the papers naming it or one of its variants
        if slugs := sorted(atlas.benchmark_family_papers.get(benchmark.slug, []), key=rank.__getitem__):
            feeds.append(Feed(feed_path("benchmarks", benchmark.slug), f"{SITE_NAME}: {benchmark.name}",
                              f"The newest papers that name {benchmark.name} (or a variant)",
                              f"benchmarks/{benchmark.slug}/", slugs))
    listed: dict[str, list[tuple[int, str]]] = {}
    for paper in atlas.papers:
        for appearance in paper.appearances:
            listed.setdefault(appearance.listing, []).append((appearance.position, paper.slug))
    for listing in atlas.listings:
        slug = listing_slug(listing.id)
        feeds.append(Feed(feed_path("listings", slug), f"{SITE_NAME}: {listing_label(listing)}",
                          f"The newest papers of the listing {Path(listing.path).name}", f"listings/{slug}/",
                          [s for _, s in sorted(listed.get(listing.id, []))]))
    return feeds


def xml_escape(value: str) -> str:
    return xml_text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@lru_cache(maxsize=ESCAPED_CACHE)
def xml_attribute(value: str) -> str:
    """A value for anywhere in XML, an attribute too: `&`, `<`, `>` and `"` escaped."""
    return xml_escape(value).replace('"', "&quot;")


@lru_cache(maxsize=ESCAPED_CACHE)
def xml_character_data(value: str) -> Markup:
    """A value for an element's text: `&`, `<` and `>` escaped, quotes left as they are."""
    return Markup(xml_escape(value))


def printed(value: object) -> object:
    """How the feed template prints a value (its `finalize`): text escaped, `Markup` as it is."""
    return value if isinstance(value, Markup) else xml_attribute(str(value))


@lru_cache(maxsize=1)
def feed_template() -> jinja2.Template:
    environment = jinja2.Environment(loader=jinja2.PackageLoader("generator", "templates"), autoescape=False,
                                     finalize=printed, undefined=jinja2.StrictUndefined, trim_blocks=True,
                                     lstrip_blocks=True, keep_trailing_newline=True)
    environment.filters["text"] = xml_character_data
    return environment.get_template("feed.xml.j2")


def feed_entry(atlas: Atlas, site_url: str, topics: dict, slug: str) -> Entry:
    """A paper's entry (`topics`: the atlas's topics by slug)."""
    paper = atlas.by_slug[slug]
    return Entry(f"{site_url}papers/{slug}/", paper.title, timestamp(atlas.first_seen[slug]), summary(paper.abstract),
                 tuple(topics[t] for t in atlas.paper_topics.get(slug, []) if t in topics))


def render_feed(feed: Feed, atlas: Atlas, site_url: str, entry: Callable[[str], Entry] | None = None) -> bytes:
    """The feed as an Atom document (UTF-8); `site_url` ends with "/". `entry`: a paper's entry from its slug
    (default: `feed_entry`), for feeds that share them."""
    entry = entry or partial(feed_entry, atlas, site_url, {t.slug: t for t in atlas.topics})
    slugs = newest(atlas, feed.papers)
    days = [atlas.first_seen[slug] for slug in slugs if slug in atlas.first_seen]
    return feed_template().render(
        feed=feed, feed_url=site_url + feed.path, page_url=site_url + feed.page, topics_url=f"{site_url}topics/",
        updated=timestamp(max(days, default=atlas.latest_update or "1970-01-01")), site_name=SITE_NAME,
        entries=[entry(slug) for slug in slugs]).encode("utf-8")


def write_feeds(atlas: Atlas, site_url: str, docs: Path) -> list[tuple[str, Written]]:
    """Write every feed under `docs` (each only if it changed): (path under docs/, Written), for `write_tree`."""
    return [(path, Written(write_if_changed(docs / path, content))) for path, content in atlas_feeds(atlas, site_url)]


def atlas_feeds(atlas: Atlas, site_url: str) -> Iterator[tuple[str, bytes]]:
    """(path under docs/, content) of every feed; none without a `site_url` (links must be absolute)."""
    if not site_url:
        return
    base = site_url.rstrip("/") + "/"
    entry = cache(partial(feed_entry, atlas, base, {t.slug: t for t in atlas.topics}))  # a paper is in many feeds
    for feed in atlas_feeds_list(atlas):
        yield feed.path, render_feed(feed, atlas, base, entry)
