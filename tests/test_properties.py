"""Property-based tests (Hypothesis): the reader, slugs and rendering hold for any input.

Deterministic for CI: `derandomize=True` and no example database, so every run tries the
same examples; `max_examples` keeps the whole module to a few seconds.
"""

from __future__ import annotations

import codecs
import html
import random
import re
import unicodedata
from html.parser import HTMLParser
from xml.etree import ElementTree

import markdown
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from generator import sources
from generator.feeds import Feed, render_feed, summary, xml_text
from generator.model import Appearance, Atlas, Listing, Paper
from generator.pages import SitePages
from generator.render import CONTROL, WHITESPACE, markdown_text, meta_value, plain
from generator.slugs import MAX_SLUG_LENGTH, NON_WORD, assign_slugs, title_key
from generator.taxonomy import Topic
from generator.text import ABBREVIATIONS, first_sentence, sentence_spans
from tests.conftest import ROOT

PROPERTY = settings(derandomize=True, database=None, max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# -- strategies ------------------------------------------------------------------------

NASTY = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[a](javascript:alert(1))", "![i](x.png)",
         "<!-- c -->", "-->", "{{ x }}", "{% if x %}", "{#", ": ", " # ", '"', "'", "---", "...", "|", "`", "```",
         "<", ">", "&", "&amp;", "&#60;", "&lt;", "\\", "*", "_", "**", "__", "~~", "==", "^^", "++ctrl+c++", "+",
         "[TOC]", "{: .c #i}", "1. ", "2) ", "- ", "+ ", "# ", "> ", "=", "    ", "\t", "\n", "\r\n", " ", "  ",
         "https://e.com/a_b*c", "<https://e.com>", "a@b.c", "<b@c.d>", "[^1]", "*[HTML]: x", ":smile:", "\u00a0",
         "\u2028", "\x85", "é", "深度学习", "نماذج", "Языковые", "\x00", "\x02", "\x03", "\x1b", "\ufeff", "\u202e"]


def nasty_text(max_parts: int = 16) -> st.SearchStrategy[str]:
    """Text made of Markdown/HTML/Jinja/YAML syntax pieces mixed with arbitrary characters."""
    return st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=6)), max_size=max_parts).map("".join)


WORDS = ["Deep", "Learning", "Models", "Language", "Sparse", "Attention", "Graph", "Neural", "Scaling", "Vision",
         "Über", "Café", "C++", "Q&A", "LoRA:", "(Re)thinking", "3D", "GPT-4", "深度学习", "Языковые", "نماذج", "!!!",
         "???", "—", "is", "All", "You", "Need", "on", "of", "a", "the"]
TITLES = st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(" ".join)
ANY_TITLES = st.one_of(TITLES, st.text(min_size=1, max_size=40))


# -- the reader --------------------------------------------------------------------------

def nonblank_lines(result_lines: list[str]) -> list[int]:
    return [n for n, raw in enumerate(result_lines, start=1) if sources.clean(raw)]


def check_accounting(data: bytes) -> None:
    """Every non-blank line is in the header, in an entry (title + abstract) or rejected."""
    result = sources.parse_listing(data, "x.txt", "x")
    lines, _ = sources.decode_lines(data)
    if lines is None or result.listing is None:
        assert len(result.rejections) == 1 and result.rejections[0].line is None
        return
    nonblank = nonblank_lines(lines)
    body, _, _ = sources.strip_header([(n, sources.clean(lines[n - 1])) for n in nonblank])
    line_rejections = [r for r in result.rejections if not r.reason.startswith("header only")]
    assert len([t for _, t in body if t]) == 2 * len(result.listing.entries) + len(line_rejections)
    for entry in result.listing.entries:
        assert entry.title and entry.abstract and entry.line in nonblank


@PROPERTY
@given(st.binary(max_size=3000))
def test_reader_never_raises_on_arbitrary_bytes(data):
    check_accounting(data)


@PROPERTY
@given(st.lists(nasty_text(), max_size=30).map("\n".join), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_reader_never_raises_on_arbitrary_text(text, encoding):
    check_accounting(text.encode(encoding, errors="replace"))


LINE_PIECES = st.lists(st.one_of(st.sampled_from([b"\n", b"\r", b"\r\n", b"\x00", "\xe9".encode("cp1252"), "é".encode(),
                                                 "深".encode(), b"\xff", b"\xef\xbb\xbf", b" ", b"\t"]),
                                 st.binary(max_size=4), st.text(max_size=5).map(str.encode)), max_size=40).map(b"".join)


@PROPERTY
@given(LINE_PIECES)
def test_lines_decoded_at_once_are_the_lines_decoded_one_by_one(data):
    lines, _ = sources.decode_lines(data)
    assume(lines is not None and not data.startswith(tuple(bom for bom, _ in sources.UNICODE_BOMS)))
    raw = sources.LINE_BREAK_BYTES.split(data.removeprefix(codecs.BOM_UTF8))
    assert lines == [line.replace(b"\x00", b"").decode("utf-8", errors="paper-atlas-single-bytes") for line in raw]


@PROPERTY
@given(st.one_of(nasty_text(), st.text(st.characters(max_codepoint=127))))
@example("a\x1fb \x7f c\t\td")
def test_a_clean_line_is_normalised_and_stripped_of_invisible_characters(line):
    expected = sources.INVISIBLE_CHARS.sub("", sources.CONTROL_CHARS.sub(" ", unicodedata.normalize("NFC", line)))
    assert sources.clean(line) == " ".join(expected.split())


SENTENCE = st.tuples(
    st.sampled_from(["We", "This", "Our", "Models", "Large", "Über"]),
    st.lists(st.sampled_from(["we", "study", "models", "that", "learn", "fast", "and", "well", "on", "data", "with",
                              "café", "深度", "C++", "(and", "more)", "x_1", "<b>", "&", "{{", "|"]),
             min_size=2, max_size=12),
).map(lambda parts: " ".join([parts[0], *parts[1]]) + ".")
ABSTRACT = st.lists(SENTENCE, min_size=2, max_size=4).map(" ".join)
ENTRY_TITLE = st.lists(st.sampled_from(["Deep", "Sparse", "Models", "Learning", "for", "the", "Café", "C++", "Q&A:",
                                        "LoRA:", "3D", "深度学习", "Are", "All", "You", "Need?", "(Re)visited"]),
                       min_size=2, max_size=10).map(" ".join)
NOISE_LINE = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=120)


@PROPERTY
@given(st.lists(st.tuples(ENTRY_TITLE, ABSTRACT), min_size=1, max_size=6),
       st.lists(st.lists(NOISE_LINE, max_size=4), min_size=7, max_size=7),
       st.sampled_from(["\n", "\r\n", "\r", "\n\n"]), st.booleans(), st.sampled_from(["compact", "spaced", "none"]))
def test_well_formed_entries_in_random_noise_are_all_recovered(entries, noise, newline, bom, header):
    assume(not any(sources.HEADER_LINE.match(t) or sources.DATE_LINE.match(t) for t, _ in entries))
    lines = {"compact": ["Get trending papers in your email inbox!", "Subscribe"],
             "spaced": ["new", "Get trending papers in your email inbox!", "Subscribe",
                        "byAK and the research community", "Mar 13"],
             "none": []}[header]
    for (title, abstract), junk in zip(entries, noise, strict=False):
        lines += [*junk, title, abstract]
    lines += noise[-1]
    data = newline.join(lines).encode("utf-8")
    result = sources.parse_listing(codecs.BOM_UTF8 + data if bom else data, "noisy.txt", "noisy")
    read = [(e.title, e.abstract) for e in result.listing.entries] if result.listing else []
    expected = [(sources.clean(t), sources.clean(a)) for t, a in entries]
    positions = iter(range(len(read)))
    assert all(any(pair == read[i] for i in positions) for pair in expected), (expected, read)


# -- slugs -------------------------------------------------------------------------------

@PROPERTY
@given(st.lists(ANY_TITLES, min_size=1, max_size=25), st.randoms(use_true_random=False))
def test_slugs_unique_and_unchanged_when_papers_are_added_removed_or_shuffled(titles, rng):
    papers = {title_key(t): t for t in titles}
    slugs = assign_slugs(papers)
    assert len(set(slugs.values())) == len(slugs)
    for slug in slugs.values():
        assert slug and len(slug) <= MAX_SLUG_LENGTH and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    items = list(papers.items())
    rng.shuffle(items)
    assert assign_slugs(dict(items)) == slugs
    subset = dict(items[: rng.randint(0, len(items))])
    assert assign_slugs(subset) == {key: slugs[key] for key in subset}


@PROPERTY
@given(st.lists(st.lists(st.sampled_from(["Über", "Uber", "uber", "UBER!", "Ü-ber", "Ubér", "深度", "шен", "???", "!!!",
                                          "...", "C++", "C#", "C", "—", "models", "Models:", "модели", "نماذج"]),
                         min_size=1, max_size=4).map(" ".join), min_size=2, max_size=12))
def test_titles_that_slugify_alike_get_distinct_slugs(titles):
    papers = {title_key(t): t for t in titles}
    slugs = assign_slugs(papers)
    assert len(set(slugs.values())) == len(papers)
    assert assign_slugs(dict(reversed(list(papers.items())))) == slugs


# -- rendering ---------------------------------------------------------------------------

class _SafeIgnoringLoader(yaml.SafeLoader):
    """Reads mkdocs.yml whatever tags it uses (!ENV, !!python/name)."""


_SafeIgnoringLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_SafeIgnoringLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def site_markdown() -> markdown.Markdown:
    """A Markdown converter with exactly the extensions (and options) of mkdocs.yml."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_SafeIgnoringLoader)
    names, options = [], {}
    for item in config.get("markdown_extensions", []):
        name, option = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        options[name] = option or {}
    return markdown.Markdown(extensions=names, extension_configs=options)


MD = site_markdown()


def to_html(text: str) -> str:
    MD.reset()
    return MD.convert(text)


class TextOf(HTMLParser):
    """The text inside the first element matching (tag, class), permalink anchors left out;
    and the tags inside it, to check that no element came from the input."""

    def __init__(self, tag: str, css_class: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.tag, self.css_class = tag, css_class
        self.depth = 0
        self.skip = 0
        self.done = False
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.depth:
            self.tags.append(tag)
            self.depth += tag == self.tag
            self.skip += self.skip > 0 or "headerlink" in (attributes.get("class") or "")
        elif not self.done and tag == self.tag and (self.css_class is None
                                                   or self.css_class in (attributes.get("class") or "").split()):
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.skip -= self.skip > 0 and tag == "a"
            if tag == self.tag:
                self.depth -= 1
                self.done = self.depth == 0

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)

    @classmethod
    def of(cls, page: str, tag: str, css_class: str | None = None) -> tuple[str, list[str]]:
        parser = cls(tag, css_class)
        parser.feed(page)
        parser.close()
        return " ".join("".join(parser.parts).split()), parser.tags


def as_text(value: str) -> str:
    """What a reader should see: the value, control characters dropped, on one line."""
    return " ".join(re.sub(r"[\x00-\x08\x0e-\x1b\x7f]", "", value).split())


@PROPERTY
@given(nasty_text())
@example("a ++ctrl+alt+del++ b")
@example("[TOC]")
@example("1986. A year")
@example("&amp; &#60; &lt;")
def test_markdown_text_reparses_to_the_same_text(text):
    rendered = to_html(markdown_text(text))
    seen, tags = TextOf.of(f"<div>{rendered}</div>", "div")
    assert seen == as_text(text)
    assert set(tags) <= {"p"}, tags


@PROPERTY
@given(nasty_text())
def test_front_matter_value_reads_back_as_the_escaped_text(text):
    _, meta = get_data(f"---\ntitle: {meta_value(text)}\ndescription: {meta_value(text)}\n---\n\nbody\n")
    assert set(meta) == {"title", "description"}
    assert html.unescape(meta["title"]) == as_text(text)
    assert "<" not in meta["title"] and '"' not in meta["title"]


@PROPERTY
@given(nasty_text(), nasty_text(24))
@example("<script>alert(1)</script>", "First <img src=x onerror=alert(1)>. Second [x](javascript:alert(1)).")
def test_paper_page_reparses_to_the_same_title_and_abstract(title, abstract):
    assume(as_text(title) and as_text(abstract))
    paper = Paper(key=title_key(title), slug="p", title=title, abstract=abstract, appearances=[Appearance("l", 1)])
    atlas = Atlas(papers=[paper], listings=[Listing(id="l", path="l.txt", layout="compact")], topics=[], benchmarks=[])
    page = dict(SitePages(atlas).files())["papers/p.md"]
    body, meta = get_data(page)
    assert html.unescape(meta["title"]) == as_text(title)
    assert html.unescape(meta["description"]) == as_text(first_sentence(abstract))
    rendered = to_html(body)
    heading, tags = TextOf.of(rendered, "h1")
    assert heading == as_text(title)
    assert set(tags) <= {"a"}  # the permalink anchor the toc extension adds
    shown, tags = TextOf.of(rendered, "div", "pa-abstract")
    assert shown == as_text(abstract)
    assert set(tags) <= {"p", "span"}, tags


@PROPERTY
@given(st.text(alphabet=st.characters(max_codepoint=127)))
@example("Hello, World_2: a (new) test!")
@example("???")
@example("\x1c\x1f_ \t")
def test_the_ascii_title_key_is_the_unicode_one(title):
    text = unicodedata.normalize("NFKC", title).casefold()
    assert title_key(title) == (" ".join(NON_WORD.sub(" ", text).split()) or " ".join(text.split()))


SENTENCE_PIECES = st.lists(st.sampled_from(["One", "e.g.", "Fig.", "Two.", " ", "  ", "!", "? ", "(A", "[b", "3", "\n",
                                             "x. y", ".", '"', "'", ")", "]", ".)", "é", "\u3000"]),
                           max_size=30).map("".join)
LOOK_BEHIND_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9])")  # the sentence end as first written


@PROPERTY
@given(SENTENCE_PIECES, st.integers(0, 4))
def test_sentences_are_where_the_look_behind_regex_ends_them(text, limit):
    spans, start = [], 0
    for match in LOOK_BEHIND_END.finditer(text):
        if not text.endswith(ABBREVIATIONS, 0, match.start()):
            spans.append((start, match.start()))
            start = match.start()
    spans = [(s, e) for s, e in [*spans, (start, len(text))] if text[s:e].strip()]
    assert sentence_spans(text) == spans
    assert sentence_spans(text, limit) == spans[:limit]


@PROPERTY
@given(nasty_text(), nasty_text(24), nasty_text(8))
@example('A "quoted" <b>title</b> & more', "One. Two. Three.", 'Q&A "topics" <i>')
def test_a_feed_reads_back_as_its_texts(title, abstract, topic_name):
    assume(xml_text(title) and xml_text(abstract))
    paper = Paper(key="k", slug="p", title=title, abstract=abstract, appearances=[Appearance("l", 1)])
    atlas = Atlas(papers=[paper], listings=[], topics=[Topic("t", topic_name, "", ())], benchmarks=[],
                  paper_topics={"p": ["t"]}, first_seen={"p": "2024-03-01"})
    feed = Feed("feeds/topics/t.xml", f"Paper Atlas: {topic_name}", "newest", "topics/t/", ["p"])
    root = ElementTree.fromstring(render_feed(feed, atlas, "https://e.org/a&b/"))
    atom = "{http://www.w3.org/2005/Atom}"
    assert (root.findtext(f"{atom}title") or "") == xml_text(feed.title)
    entry = root.find(f"{atom}entry")
    assert entry.findtext(f"{atom}title") == xml_text(title)
    assert entry.findtext(f"{atom}summary") == xml_text(summary(abstract))
    assert entry.find(f"{atom}category").get("label") == xml_text(topic_name)
    assert entry.find(f"{atom}link").get("href") == "https://e.org/a&b/papers/p/"


@PROPERTY
@given(st.text(alphabet=st.sampled_from(" \t\n\r\x0b\x0c\x00\x1b\x7f\xa0\u2028\u3000aZ.<")))
@example("a  b")
@example("a\u00a0b")
@example("line\nbreak")
def test_plain_fast_path_matches_the_regexes(text):
    assert plain(text) == WHITESPACE.sub(" ", CONTROL.sub("", text))


def test_property_settings_are_deterministic():
    assert PROPERTY.derandomize and PROPERTY.database is None
    assert random.Random(1).random() == random.Random(1).random()
