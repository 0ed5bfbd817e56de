"""Atom feeds: valid for a real feed parser, the right entries newest first, links that exist, text escaped."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from generator import feeds
from generator.model import Atlas, Paper
from generator.pipeline import BuildOptions, build
from generator.slugs import slug_for
from generator.taxonomy import Topic
from tests.conftest import copy_project, mkdocs_build
from tests.gitrepo import commit, init, listing_text, write_listing
from tests.sitecheck import parse, resolve

SITE = "https://paper-atlas.github.io/paper-atlas/"  # site_url of mkdocs.yml
HOSTILE_TITLE = """Tags <b>&amp; "quotes" 'too'</b> & a <![CDATA[ x ]]> end"""


def read_feed(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
    assert parsed.version == "atom10"
    return parsed


def site_file(site: Path, url: str) -> Path:
    """The built file an absolute URL of the published site stands for."""
    assert url.startswith(SITE), url
    path = site / urlsplit(url).path.removeprefix(urlsplit(SITE).path)
    return path / "index.html" if url.endswith("/") else path


# -- small atlases built by the generator ------------------------------------------------------

@pytest.fixture(scope="module")
def updates(tmp_path_factory) -> Path:
    """30 papers added on 2024-03-01 and 30 more (one of them hostile) on 2024-03-08; returns the docs folder."""
    tmp_path = tmp_path_factory.mktemp("updates")
    repo = init(tmp_path / "repo")
    write_listing(repo / "seeds", "old.txt", *(f"Old Paper Number {n}" for n in range(30)))
    commit(repo, "2024-03-01")
    write_listing(repo / "seeds", "new.txt", HOSTILE_TITLE, *(f"New Paper Number {n}" for n in range(29)))
    commit(repo, "2024-03-08")
    build(BuildOptions(seeds=repo / "seeds", docs=tmp_path / "docs", site_url=SITE))
    return tmp_path / "docs"


def test_the_atlas_feed_holds_the_newest_50_newest_first(updates):
    feed = read_feed(updates / "feeds/atlas.xml")
    titles = [entry.title for entry in feed.entries]
    assert len(titles) == feeds.FEED_ENTRIES == 50
    assert titles[:30] == [HOSTILE_TITLE, *(f"New Paper Number {n}" for n in range(29))]  # the listing's order
    assert titles[30:] == [f"Old Paper Number {n}" for n in range(20)]
    assert feed.entries[0].published == feed.entries[0].updated == "2024-03-08T00:00:00Z"
    assert feed.entries[-1].published == "2024-03-01T00:00:00Z"
    assert feed.feed.updated == "2024-03-08T00:00:00Z"
    assert feed.feed.id == feed.feed.links[0].href == SITE + "feeds/atlas.xml"
    assert {link.rel: link.href for link in feed.feed.links}["alternate"] == SITE
    entry = feed.entries[1]
    assert entry.id == entry.link == f"{SITE}papers/{slug_for('New Paper Number 0')}/"
    assert entry.summary == "We study new paper number 0 in depth. The results are reported on standard tasks."


def test_a_title_with_markup_ampersands_and_quotes_is_escaped(updates):
    raw = (updates / "feeds/listings/new.xml").read_text(encoding="utf-8")
    assert "<b>" not in raw and "<![CDATA[" not in raw
    assert "Tags &lt;b&gt;&amp;amp; \"quotes\" 'too'&lt;/b&gt; &amp; a &lt;![CDATA[ x ]]&gt; end" in raw
    entry = read_feed(updates / "feeds/listings/new.xml").entries[0]
    assert entry.title == HOSTILE_TITLE and entry.title_detail.type == "text/plain"
    assert entry.summary == f"We study {HOSTILE_TITLE.lower()} in depth. The results are reported on standard tasks."


def test_each_listing_topic_and_benchmark_has_its_feed(updates):
    old = read_feed(updates / "feeds/listings/old.xml")
    assert len(old.entries) == 30 and old.feed.title == "Paper Atlas: Trending papers (old)"
    assert old.entries[0].title == "Old Paper Number 0"
    for path in (updates / "feeds").rglob("*.xml"):
        read_feed(path)
    listing = (updates / "listings/old.md").read_text("utf-8")
    assert "feed: \"feeds/listings/old.xml\"" in listing
    assert '<a class="pa-follow" href="../../feeds/listings/old.xml">Atom feed of this listing</a>' in listing


def test_summary_is_the_first_sentences_cut_at_a_word():
    assert feeds.summary("One. Two is here. Three.") == "One. Two is here."
    long = "Word " * 200 + "end."
    assert len(feeds.summary(long)) <= feeds.SUMMARY_CHARS + 1 and feeds.summary(long).endswith("Word…")
    assert feeds.xml_text("a\x00b\x0bc\ufffe d\n e") == "abc d e"


def test_attributes_escape_quotes_and_text_keeps_them():
    topic = Topic("q-a", 'Questions & "answers" <b>', "", ())
    paper = Paper(key="k", slug="a-paper", title='A "quoted" <i>title</i> & more', abstract="One. Two. Three.")
    atlas = Atlas(papers=[paper], listings=[], topics=[topic], benchmarks=[], paper_topics={"a-paper": ["q-a"]},
                  first_seen={"a-paper": "2024-03-01"})
    feed = feeds.Feed("feeds/topics/q-a.xml", 'Paper Atlas: Questions & "answers" <b>', "x", "topics/q-a/",
                      ["a-paper"])
    raw = feeds.render_feed(feed, atlas, SITE).decode("utf-8")
    assert '<title type="text">A "quoted" &lt;i&gt;title&lt;/i&gt; &amp; more</title>' in raw
    assert 'label="Questions &amp; &quot;answers&quot; &lt;b&gt;"' in raw
    parsed = feedparser.parse(raw.encode("utf-8"))
    assert not parsed.bozo and parsed.feed.title == feed.title
    assert parsed.entries[0].title == paper.title and parsed.entries[0].summary == "One. Two."
    assert parsed.entries[0].tags[0].label == topic.name


def test_no_site_url_no_feed(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(listing_text("Some Models"), encoding="utf-8")
    build(BuildOptions(seeds=seeds, docs=tmp_path / "docs"))
    assert not (tmp_path / "docs/feeds").exists()
    assert "pa-follow" not in (tmp_path / "docs/listings/a.md").read_text("utf-8")


# -- the real seeds, built by mkdocs ------------------------------------------------------------

def test_every_feed_parses_and_links_to_pages_that_exist(built_site):
    site = built_site / "site"
    found = sorted((site / "feeds").rglob("*.xml"))
    kinds = {kind: len(list((site / "feeds" / kind).glob("*.xml"))) for kind in ("topics", "benchmarks", "listings")}
    assert kinds["listings"] == 5 and kinds["topics"] == len(list((site / "topics").glob("*/index.html")))
    assert kinds["benchmarks"] == len(list((site / "benchmarks").glob("*/index.html")))
    assert len(found) == 1 + sum(kinds.values())
    for path in found:
        feed = read_feed(path)
        assert feed.feed.id == SITE + path.relative_to(site).as_posix()
        assert site_file(site, {link.rel: link.href for link in feed.feed.links}["alternate"]).is_file()
        assert len(feed.entries) <= feeds.FEED_ENTRIES
        if path.name == "atlas.xml":  # 276 papers: capped
            assert len(feed.entries) == feeds.FEED_ENTRIES
        for entry in feed.entries:
            assert site_file(site, entry.link).is_file(), entry.link
            assert entry.id == entry.link and re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", entry.published)
            assert entry.summary and entry.title


def test_pages_announce_their_feed_and_show_a_follow_link(built_site):
    site = built_site / "site"
    pages = [site / "index.html", site / "whats-new/index.html", *sorted(site.glob("topics/*/index.html")),
             *sorted(site.glob("benchmarks/*/index.html")), *sorted(site.glob("listings/*/index.html"))]
    for page in pages:
        html = page.read_text("utf-8")
        if page.parent.name in ("topics", "benchmarks", "listings"):
            assert 'application/atom+xml' not in html  # the index pages have no feed of their own
            continue
        alternate = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"<>]+" href="([^"]+)">',
                               html)
        assert len(alternate) == 1, page
        follow = [href for href in parse(page).links if href.endswith(".xml")]
        assert follow, f"{page}: no visible follow link"
        for href in [*alternate, *follow]:
            target, _ = resolve(site, page, href)
            assert target.is_file() and target.suffix == ".xml", (page, href)
            read_feed(target)


def test_the_offline_bundle_carries_the_feeds(unzipped_bundle):
    listing = unzipped_bundle / "listings/001-fa63631bb118ddfc.html"
    hrefs = [href for href in parse(listing).links if href.endswith(".xml")]
    assert hrefs == ["../feeds/listings/001-fa63631bb118ddfc.xml"]
    feed = read_feed(resolve(unzipped_bundle, listing, hrefs[0])[0])
    assert feed.entries[0].link.startswith(SITE)  # feeds point to the published site, also offline


def test_hostile_titles_are_escaped_in_the_feeds(hostile_site):
    site = hostile_site / "site"
    import json
    titles = {p["title"] for p in json.loads((site / "data/papers.json").read_text("utf-8"))["papers"]}
    parsed = read_feed(site / "feeds/atlas.xml")
    assert {entry.title for entry in parsed.entries} == titles
    raw = (site / "feeds/atlas.xml").read_text("utf-8")
    assert "<script" not in raw and "<img" not in raw


def test_a_build_with_feeds_is_strict_clean_with_a_listing_named_like_markup(tmp_path):
    seeds = tmp_path / "seeds"
    write_listing(seeds, "a <b> & c.txt", HOSTILE_TITLE, "Plain Models")
    project = copy_project(tmp_path / "project", seeds=seeds)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    feed = read_feed(next((project / "site/feeds/listings").glob("*.xml")))
    assert feed.feed.title == "Paper Atlas: Trending papers (a <b> & c)"
    assert [entry.title for entry in feed.entries] == [HOSTILE_TITLE, "Plain Models"]
