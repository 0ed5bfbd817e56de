"""Raw HTML blocks set aside before Markdown come back as Markdown alone would have made them."""

from __future__ import annotations

import dataclasses
import re
from types import SimpleNamespace

import markdown
import pytest
from mkdocs.exceptions import PluginError

from generator import pages as site_pages
from generator.html_blocks_hook import on_page_content, on_page_markdown, put_back, set_aside, toc_tokens
from generator.pages import SitePages
from generator.render import heading_id, html_text, markdown_text
from tests.test_benchmarks_pages import seed_site, through_the_hook
from tests.test_render import tiny_atlas

EXTENSIONS = ["tables", "attr_list", "md_in_html", "toc", "pymdownx.keys"]  # as in mkdocs.yml


def convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}}).convert(text)


def same_html(a: str, b: str) -> bool:
    """Equal but for blank lines between blocks (Markdown puts one after a raw HTML block)."""
    return re.sub(r"\n+", "\n", a) == re.sub(r"\n+", "\n", b)


def paper_bodies() -> list[str]:
    pages = dict(SitePages(tiny_atlas(), "https://example.org/").files())
    return [page.split("---\n", 2)[2] for path, page in pages.items() if path.startswith("papers/")]


def test_a_paper_page_comes_out_as_markdown_alone_makes_it():
    bodies = paper_bodies()
    assert bodies
    for body in bodies:
        text, blocks = set_aside(body)
        assert len(blocks) >= 2 and "<span" not in text and "<ul" not in text
        assert same_html(put_back(convert(text), blocks), convert(body))


def test_only_blocks_that_start_with_a_tag_are_set_aside():
    text, blocks = set_aside("# Title\n\n<ul>\n<li>x</li>\n</ul>\n\nSome *text* <b>inline</b>\n\n\n<div>y</div>\n")
    assert list(blocks.values()) == ["<ul>\n<li>x</li>\n</ul>", "<div>y</div>"]
    assert "Some *text* <b>inline</b>" in text and "<ul>" not in text


def test_a_page_with_markdown_inside_html_is_refused():
    with pytest.raises(PluginError, match="Markdown inside"):
        set_aside('<div class="grid" markdown>\n\n- *item*\n\n</div>\n\n<p>raw</p>\n')


def test_the_placeholder_cannot_be_guessed_from_page_text():
    first, _ = set_aside("<p>a</p>\n")
    second, _ = set_aside("<p>a</p>\n")
    assert first != second


def test_hook_registers_the_anchors_and_skips_pages_without_the_flag():
    page = SimpleNamespace(meta={"html_blocks": True}, file=SimpleNamespace(src_uri="papers/x.md"),
                           present_anchor_ids={"abstract"})
    body = '## Abstract\n\n<div class="pa-abstract"><p><span id="s1">One.</span><span id="s2">Two.</span></p></div>\n'
    text = on_page_markdown(body, page, None, None)
    html = on_page_content(convert(text), page, None, None)
    assert page.present_anchor_ids == {"abstract", "s1", "s2"}
    assert same_html(html, convert(body))
    plain = SimpleNamespace(meta={}, file=SimpleNamespace(src_uri="about.md"), present_anchor_ids=set())
    assert on_page_markdown(body, plain, None, None) == body


def test_a_lost_block_stops_the_build():
    with pytest.raises(PluginError, match="went missing"):
        put_back("<p>something else</p>", {"<p>pa-html-x-0</p>": "<div></div>"})


def tokens_of(text: str) -> list[dict]:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})
    md.convert(text)
    return md.toc_tokens


def heading(level: int, anchor: str, inner: str, attributes: str = "") -> str:
    """A heading as the toc extension writes it, permalink included."""
    return (f'<h{level}{attributes} id="{anchor}">{inner}<a class="headerlink" href="#{anchor}" '
            f'title="Permanent link">&para;</a></h{level}>')


ALL_HTML = "\n\n".join([
    heading(1, "a-b-q", 'A &amp; B "q"'), '<ul class="pa-facts"><li>facts</li></ul>',
    heading(2, "abstract", "Abstract"), '<div class="pa-abstract"><p><span id="s1">One.</span></p></div>',
    heading(2, "related-papers", "Related papers", " data-search-exclude"), "<ul><li>related</li></ul>",
    heading(3, "deeper", "Deeper"), heading(2, "mentioned-by", "Mentioned by"), "<ul><li>m</li></ul>"]) + "\n"
SAME_IN_MARKDOWN = ('# A &amp; B "q"\n\n## Abstract\n\n## Related papers { data-search-exclude }\n\n### Deeper\n\n'
                    "## Mentioned by\n")


def test_a_page_of_html_blocks_alone_skips_markdown_and_keeps_its_table_of_contents():
    page = SimpleNamespace(meta={"html_blocks": True}, file=SimpleNamespace(src_uri="papers/y.md"),
                           present_anchor_ids=set(), toc=None)
    assert on_page_markdown(ALL_HTML, page, None, None) == ""
    page.render(None, None)  # as MkDocs calls it next: no Markdown instance is made
    html = on_page_content(page.content, page, None, None)
    assert html == convert(ALL_HTML)  # what Markdown would make of it
    assert page._title_from_render is None and page.links_to_anchors == {}
    assert toc_tokens(html) == tokens_of(SAME_IN_MARKDOWN)  # what the toc extension makes of such headings
    assert [(a.id, a.level, [c.id for c in a.children]) for a in page.toc] == [
        ("a-b-q", 1, ["abstract", "related-papers", "mentioned-by"])]
    assert page.present_anchor_ids == {"a-b-q", "abstract", "s1", "related-papers", "deeper", "mentioned-by"}


def test_a_page_with_markdown_left_goes_through_markdown():
    page = SimpleNamespace(meta={"html_blocks": True}, file=SimpleNamespace(src_uri="topics/z.md"),
                           present_anchor_ids=set())
    body = "# Title\n\n<ul><li>x</li></ul>\n"
    text = on_page_markdown(body, page, None, None)
    assert text.startswith("# Title")
    assert same_html(on_page_content(convert(text), page, None, None), convert(body))


@pytest.mark.parametrize("title", ["Abstract", "Related papers", "日本語のタイトル", "A & B <i>x</i> *y*", "s1",
                                   "What's new?", "Abstract_1", "---"])
def test_heading_ids_are_the_toc_extensions(title):
    """Headings a template writes as HTML get the ids the toc extension gives the same headings in Markdown."""
    labels = ["Abstract", "Related papers", "Mentioned by"]
    taken: list[str] = []
    ids = [heading_id(text, taken) for text in (title, *labels)]
    in_markdown = tokens_of(f"# {markdown_text(title)}\n\n" + "".join(f"## {label}\n\n" for label in labels))
    assert ids == [in_markdown[0]["id"], *(token["id"] for token in in_markdown[0]["children"])]
    assert len(set(ids)) == len(ids)


def test_paper_pages_skip_markdown_with_their_table_of_contents():
    pages = dict(SitePages(tiny_atlas(), "https://example.org/").files())
    papers = [(path, body.split("---\n", 2)[2]) for path, body in pages.items() if path.startswith("papers/")]
    for path, body in papers:
        page = SimpleNamespace(meta={"html_blocks": True}, file=SimpleNamespace(src_uri=path),
                               present_anchor_ids=set(), toc=None)
        assert on_page_markdown(body, page, None, None) == ""
        page.render(None, None)
        html = on_page_content(page.content, page, None, None)
        assert same_html(html, convert(body))
        (title,) = page.toc
        assert title.level == 1 and [c.id for c in title.children][:1] == ["abstract"]
        assert {"abstract", "s1", title.id} <= page.present_anchor_ids


def test_topic_pages_skip_markdown_with_their_table_of_contents_and_pager(monkeypatch):
    monkeypatch.setattr(site_pages, "PER_PAGE", 20)
    atlas, pages = seed_site()
    continued = 0
    for topic in atlas.topics:
        for path, text in pages.topic_pages(topic):
            html, page = through_the_hook(path, text)
            assert same_html(html, convert(text.split("---\n", 2)[2]))  # what Markdown would make of the blocks
            (title,) = page.toc
            assert title.level == 1 and f'<h1 id="{title.id}">{html_text(topic.name)}<a ' in html
            expected = ["benchmarks-used-in-this-topic"] * ("Benchmarks used" in html) + \
                ["overlapping-topics"] * ("Overlapping topics" in html) + ["papers"]
            assert [(c.id, c.level) for c in title.children] == [(s, 2) for s in expected], path
            up = "../../" if site_pages.is_continuation(path) else "../"  # topics/x/page-2/ or topics/x/ to topics/
            assert f'<a href="{up}">All topics</a>' in html and "](" not in html and "**" not in html
            if path.endswith("/page-2.md"):
                continued += 1
                assert html.count('<a href="../">← previous</a>') == 2  # above the list and below it
    assert continued


def test_a_topic_heading_gets_the_id_markdown_would_give_it():
    atlas, pages = seed_site()
    topic = next(t for t in atlas.topics if "Overlapping topics" in pages.topic(t)
                 and "Benchmarks used" in pages.topic(t))
    for name in ("Papers", "Overlapping topics", "Benchmarks used in this topic", "A & B *c*"):
        text = pages.topic(dataclasses.replace(topic, name=name))
        in_markdown = markdown.Markdown(extensions=EXTENSIONS)
        in_markdown.convert(f"# {markdown_text(name)}\n\n## Benchmarks used in this topic\n\n## Overlapping topics\n\n"
                            "## Papers\n")
        (title,) = in_markdown.toc_tokens
        _, page = through_the_hook("topics/x.md", text)
        (built,) = page.toc
        assert [built.id, *(c.id for c in built.children)] == \
            [title["id"], *(c["id"] for c in title["children"])], name


def test_listing_pages_skip_markdown_with_their_table_of_contents():
    atlas, pages = seed_site()
    listings = [(path, text) for path, text in pages.index_files()
                if path.startswith("listings/") and not path.startswith("listings/index")]
    assert len(listings) == len(atlas.listings)
    for path, text in listings:
        html, page = through_the_hook(path, text)
        assert same_html(html, convert(text.split("---\n", 2)[2]))  # what Markdown would make of the blocks
        (title,) = page.toc
        assert [(c.id, c.level) for c in title.children] == [("papers-in-the-listings-own-order", 2)]
        assert '<p><a href="../">All listings</a></p>' in html and "](" not in html and "**" not in html
        assert "\\" not in html  # no Markdown escape left to show (labels hold "_", "(")


def test_a_listing_heading_gets_the_id_markdown_would_give_it():
    atlas, _ = seed_site()
    listing = atlas.listings[0]
    for date_line in ("Mar 13", "A & B *c* <b>d_e</b> 'q'"):  # the label is "Trending papers of <date line> (<id>)"
        pages = SitePages(atlas, "https://example.org/")  # a listing's facts are kept once worked out
        text = pages.listing(dataclasses.replace(listing, date_line=date_line))
        label = site_pages.listing_label(dataclasses.replace(listing, date_line=date_line))
        in_markdown = markdown.Markdown(extensions=EXTENSIONS)
        in_markdown.convert(f"# {markdown_text(label)}\n\n## Papers, in the listing's own order\n")
        (title,) = in_markdown.toc_tokens
        html, page = through_the_hook("listings/x.md", text)
        (built,) = page.toc
        assert [built.id, *(c.id for c in built.children)] == [title["id"], *(c["id"] for c in title["children"])]
        assert f">{html_text(label)}<a " in html and "<b>" not in html
