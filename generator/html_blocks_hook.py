"""MkDocs hook: the raw HTML blocks of generated pages skip Python-Markdown's HTML parser.

A paper page is mostly raw HTML (generator/templates/paper_*.html.j2). Markdown passes raw
HTML through unchanged, but first reads every tag of it with Python's pure-Python HTML
parser, twice (Python-Markdown's block extraction, then MkDocs' collection of anchors):
that was most of the time MkDocs spent on a paper page. A page whose front matter says
`html_blocks: true` has its raw HTML blocks (the blocks that start with `<`) set aside
before Markdown and put back, unchanged, after it. The page comes out as Markdown alone
would make it (tests/test_html_blocks_hook.py); the ids in the blocks are registered as
the page's anchors, so MkDocs still validates links to them.

A page that is all HTML blocks (a paper, topic, benchmark or listing page: its headings too,
written with their ids and permalinks as Markdown's toc extension writes them) skips Markdown
altogether, not even a Markdown instance is made for it (`render_whole` stands in for the
page's `render`): its blocks are the page, and its table of contents is read from those headings.
"""

from __future__ import annotations

import re
import secrets
from functools import partial

from mkdocs.exceptions import PluginError
from mkdocs.structure.toc import get_toc

BLANK_LINES = re.compile(r"(\n(?:[ \t]*\n)+)")  # Markdown's block separator (kept by the split)
MARKDOWN_INSIDE = re.compile(r"<[a-z][^>]*\smarkdown\b")  # md_in_html: HTML with Markdown inside
ANCHOR = re.compile(r"""\sid=["']([^"']+)["']""")
# A heading with a permalink, as the toc extension writes it: its level, id and inner HTML.
HEADING = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]+)"[^>]*>(.*?)<a class="headerlink"', re.DOTALL)
TAG = re.compile(r"<[^>]*>")
SET_ASIDE: dict[str, dict[str, str]] = {}  # page source -> {placeholder paragraph: HTML block}


def set_aside(markdown: str) -> tuple[str, dict[str, str]]:
    """The Markdown with each raw HTML block replaced by a placeholder paragraph, and the blocks.

    Such a page cannot use md_in_html (`<div markdown>`: HTML with Markdown inside, over blank lines).
    """
    if MARKDOWN_INSIDE.search(markdown):
        raise PluginError("paper-atlas: a page with `html_blocks: true` cannot hold HTML with Markdown inside")
    nonce = secrets.token_hex(8)  # page text cannot guess it
    blocks: dict[str, str] = {}
    parts = BLANK_LINES.split(markdown.lstrip("\n"))  # blank lines before the first block mean nothing
    for index in range(0, len(parts), 2):  # the odd items are the separators
        block = parts[index].rstrip()
        if block.startswith("<"):
            token = f"pa-html-{nonce}-{len(blocks)}"
            blocks[f"<p>{token}</p>"] = block
            parts[index] = token + parts[index][len(block):]
    return "".join(parts), blocks


def put_back(html: str, blocks: dict[str, str]) -> str:
    for placeholder, block in blocks.items():
        if placeholder not in html:
            raise PluginError(f"paper-atlas: an HTML block of the page went missing ({placeholder})")
        html = html.replace(placeholder, block, 1)
    return html


def only_blocks(markdown: str, blocks: dict[str, str]) -> bool:
    """Whether the Markdown left after `set_aside` is nothing but the placeholders."""
    for placeholder in blocks:
        markdown = markdown.replace(placeholder[3:-4], "", 1)  # "<p>token</p>": the token
    return not markdown.strip()


def toc_tokens(html: str) -> list[dict]:
    """The headings of `html` that have a permalink, nested by level, as the toc extension's tokens."""
    root: dict = {"level": 0, "children": []}
    open_headings = [root]
    for level, anchor, inner in HEADING.findall(html):
        token = {"level": int(level), "id": anchor, "name": TAG.sub("", inner), "html": inner,
                 "data-toc-label": "", "children": []}
        while open_headings[-1]["level"] >= token["level"]:
            open_headings.pop()
        open_headings[-1]["children"].append(token)
        open_headings.append(token)
    return root["children"]


def render_whole(page, html: str, config, files) -> None:
    """What MkDocs' `Page.render` leaves on a page, for a page that is the raw HTML `html`:
    the HTML, its headings' table of contents and its ids as anchors (no Markdown link to check)."""
    page.content = html
    page.toc = get_toc(toc_tokens(html))
    page._title_from_render = None  # the title is the front matter's
    page.present_anchor_ids = set(ANCHOR.findall(html))
    page.links_to_anchors = {}


def on_page_markdown(markdown: str, page, config, files) -> str:
    if not page.meta.get("html_blocks"):
        return markdown
    text, blocks = set_aside(markdown)
    if blocks and only_blocks(text, blocks):
        # As Markdown joins raw HTML blocks; this page's `render` (called next) is render_whole.
        page.render = partial(render_whole, page, "\n\n".join(blocks.values()))
        return ""
    SET_ASIDE[page.file.src_uri] = blocks
    return text


def register_anchors(page, blocks) -> None:
    if page.present_anchor_ids is not None:
        for block in blocks:
            page.present_anchor_ids.update(ANCHOR.findall(block))


def on_page_content(html: str, page, config, files) -> str:
    blocks = SET_ASIDE.pop(page.file.src_uri, None)
    if not blocks:
        return html
    register_anchors(page, blocks.values())
    return put_back(html, blocks)
