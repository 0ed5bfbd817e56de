"""Atom feeds (RFC 4287) of the newest papers: the whole atlas, each topic, benchmark and listing.

A static site can be followed without any server: a feed reader, a mail digest or a chat
bot polls `feeds/…xml`. Each feed holds the newest `FEED_ENTRIES` papers, newest first
(by first-seen day, then in the order their listing gives them); an entry has the
paper's title, its permanent link, its first-seen day and the first sentences of its
abstract. The XML is written with ElementTree, which escapes every text and attribute;
characters XML 1.0 cannot hold are dropped first. Links are absolute (from `site_url`),
so the feeds are the same on the published site and in the offline bundle, and without
a `site_url` no feed is written.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .model import Atlas
from .pages import feed_path, listing_label, listing_slug
from .text import sentence_spans

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50
SUMMARY_SENTENCES = 2
SUMMARY_CHARS = 400
SITE_NAME = "Paper Atlas"
# Not allowed in XML 1.0 documents (control characters, lone surrogates, U+FFFE/U+FFFF).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

ET.register_namespace("", ATOM)


@dataclass(frozen=True)
class Feed:
    """One feed: where it is written, what it is called, the page it follows and its papers."""

    path: str  # under the site root: feeds/topics/x.xml
    title: str
    subtitle: str
    page: str  # URL of the page it follows, under the site root: topics/x/
    papers: list[str]  # paper slugs in the order of arrival wanted for equal days


def xml_text(value: str) -> str:
    """Text XML can hold, on one line."""
    return " ".join(NOT_XML.sub("", value).split())


def summary(abstract: str) -> str:
    """The first sentences of an abstract, at most `SUMMARY_CHARS` (cut at a word, with "…")."""
    spans = sentence_spans(abstract)[:SUMMARY_SENTENCES]
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
    ranked = sorted(order, key=lambda slug: (atlas.first_seen.get(slug, ""), -order[slug]), reverse=True)
    return ranked[:limit]


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


def element(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    child = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: xml_text(v) for k, v in attributes.items()})
    if text is not None:
        child.text = xml_text(text)
    return child


def render_feed(feed: Feed, atlas: Atlas, site_url: str) -> bytes:
    """The feed as an Atom document (UTF-8); `site_url` ends with "/"."""
    entries = newest(atlas, feed.papers)
    topics = {t.slug: t for t in atlas.topics}
    root = ET.Element(f"{{{ATOM}}}feed")
    element(root, "id", site_url + feed.path)
    element(root, "title", feed.title, type="text")
    element(root, "subtitle", feed.subtitle, type="text")
    days = [atlas.first_seen[slug] for slug in entries if slug in atlas.first_seen]
    element(root, "updated", timestamp(max(days, default=atlas.latest_update or "1970-01-01")))
    element(root, "link", rel="self", type="application/atom+xml", href=site_url + feed.path)
    element(root, "link", rel="alternate", type="text/html", href=site_url + feed.page)
    element(element(root, "author"), "name", SITE_NAME)
    for slug in entries:
        paper = atlas.by_slug[slug]
        url = f"{site_url}papers/{slug}/"
        entry = element(root, "entry")
        element(entry, "id", url)
        element(entry, "title", paper.title, type="text")
        element(entry, "link", rel="alternate", type="text/html", href=url)
        element(entry, "published", timestamp(atlas.first_seen[slug]))
        element(entry, "updated", timestamp(atlas.first_seen[slug]))
        element(entry, "summary", summary(paper.abstract), type="text")
        for topic_slug in atlas.paper_topics.get(slug, []):
            if topic := topics.get(topic_slug):
                element(entry, "category", term=topic.slug, label=topic.name, scheme=f"{site_url}topics/")
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def atlas_feeds(atlas: Atlas, site_url: str) -> Iterator[tuple[str, bytes]]:
    """(path under docs/, content) of every feed; none without a `site_url` (links must be absolute)."""
    if not site_url:
        return
    base = site_url.rstrip("/") + "/"
    for feed in atlas_feeds_list(atlas):
        yield feed.path, render_feed(feed, atlas, base)
