"""Raw HTML blocks set aside before Markdown come back as Markdown alone would have made them."""

from __future__ import annotations

import re
from types import SimpleNamespace

import markdown
import pytest
from mkdocs.exceptions import PluginError

from generator.html_blocks_hook import on_page_content, on_page_markdown, put_back, set_aside
from generator.pages import SitePages
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
