"""MkDocs hook: the raw HTML blocks of generated pages skip Python-Markdown's HTML parser.

A paper page is mostly raw HTML (generator/templates/paper_*.html.j2). Markdown passes raw
HTML through unchanged, but first reads every tag of it with Python's pure-Python HTML
parser, twice (Python-Markdown's block extraction, then MkDocs' collection of anchors):
that was most of the time MkDocs spent on a paper page. A page whose front matter says
`html_blocks: true` has its raw HTML blocks (the blocks that start with `<`) set aside
before Markdown and put back, unchanged, after it. The page comes out as Markdown alone
would make it (tests/test_html_blocks_hook.py); the ids in the blocks are registered as
the page's anchors, so MkDocs still validates links to them.
"""

from __future__ import annotations

import re
import secrets

from mkdocs.exceptions import PluginError

BLANK_LINES = re.compile(r"(\n(?:[ \t]*\n)+)")  # Markdown's block separator (kept by the split)
MARKDOWN_INSIDE = re.compile(r"<[a-z][^>]*\smarkdown\b")  # md_in_html: HTML with Markdown inside
ANCHOR = re.compile(r"""\sid=["']([^"']+)["']""")
SET_ASIDE: dict[int, dict[str, str]] = {}  # page source -> {placeholder paragraph: HTML block}


def set_aside(markdown: str) -> tuple[str, dict[str, str]]:
    """The Markdown with each raw HTML block replaced by a placeholder paragraph, and the blocks.

    Such a page cannot use md_in_html (`<div markdown>`: HTML with Markdown inside, over blank lines).
    """
    if MARKDOWN_INSIDE.search(markdown):
        raise PluginError("paper-atlas: a page with `html_blocks: true` cannot hold HTML with Markdown inside")
    nonce = secrets.token_hex(8)  # page text cannot guess it
    blocks: dict[str, str] = {}
    parts = BLANK_LINES.split(markdown)
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


def on_page_markdown(markdown: str, page, config, files) -> str:
    if not page.meta.get("html_blocks"):
        return markdown
    markdown, blocks = set_aside(markdown)
    SET_ASIDE[page.file.src_uri] = blocks
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    blocks = SET_ASIDE.pop(page.file.src_uri, None)
    if not blocks:
        return html
    if page.present_anchor_ids is not None:
        for block in blocks.values():
            page.present_anchor_ids.update(ANCHOR.findall(block))
    return put_back(html, blocks)
