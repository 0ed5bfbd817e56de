"""Everything from a listing is text: no HTML, Markdown, Jinja or YAML gets through."""

import markdown
import yaml

from generator.model import Appearance, Atlas, Listing, Paper
from generator.pages import SitePages
from generator.render import markdown_text, meta_value

HOSTILE_TITLE = 'Attack <script>alert(1)</script> "quoted" \'x\' : # --- | `tick` {{ 7*7 }} {% raw %}'
HOSTILE_ABSTRACT = ("First <img src=x onerror=alert(1)> sentence. [x](javascript:alert(1)) and ![i](http://e/x.png) "
                    "<!-- comment --> {{ config }} {% if %} *em* _u_ | a | b | `code` a < b & c > d. "
                    "1. Not a list. # Not a heading. See https://github.com/a/b.")

EXTENSIONS = ["tables", "attr_list", "md_in_html", "toc"]


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def tiny_atlas() -> Atlas:
    paper = Paper(key="k", slug="attack", title=HOSTILE_TITLE, abstract=HOSTILE_ABSTRACT,
                  appearances=[Appearance("l1", 1)])
    return Atlas(papers=[paper], listings=[Listing(id="l1", path="l1.txt", layout="compact")],
                 topics=[], benchmarks=[], code={"attack": ["https://github.com/a/b"]})


def test_markdown_text_round_trips_as_plain_text():
    import html
    import re
    for text in [HOSTILE_TITLE, HOSTILE_ABSTRACT, "a_b_c", "1986. A year", "- dash", "\\ back"]:
        rendered = to_html(markdown_text(text))
        inner = re.sub(r"^<p>|</p>$", "", rendered)
        assert "<" not in inner.replace("&lt;", "")
        assert html.unescape(inner) == " ".join(text.split())


def test_meta_value_is_yaml_and_html_safe():
    value = meta_value(HOSTILE_TITLE + "\n---\nkey: value")
    parsed = yaml.safe_load(f"title: {value}\n")
    assert set(parsed) == {"title"}
    assert "<" not in parsed["title"] and "&lt;script&gt;" in parsed["title"]
    assert '"' not in parsed["title"]


def test_paper_page_renders_hostile_text_as_text():
    pages = dict(SitePages(tiny_atlas(), "https://example.org/").files())
    page = pages["papers/attack.md"]
    front, body = page.split("---\n", 2)[1:]
    meta = yaml.safe_load(front)
    assert meta["title"].startswith("Attack &lt;script&gt;")
    html = to_html(body)
    forbidden_markup = ["<script", "<img", "href=\"javascript", "<!--", 'href="http://e', "<em>", "<code>",
                        "<table", "<ol", "<h1>1"]
    for forbidden in forbidden_markup:
        assert forbidden not in html, forbidden
    assert "{{ config }}" in html and "{% if %}" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="https://github.com/a/b"' in html  # code links are real links


def test_every_page_kind_escapes_the_title():
    pages = dict(SitePages(tiny_atlas(), "").files())
    for path, page in pages.items():
        assert "<script" not in to_html(page.split("---\n", 2)[-1]), path


def test_each_site_reads_the_templates_afresh():
    # Templates are not checked for changes at each include (auto_reload is off), so `mkdocs serve`,
    # which builds many times in one process, must get fresh ones for each build.
    from generator.render import environment, html_environment
    before = environment(), html_environment()
    SitePages(tiny_atlas())
    assert environment() is not before[0] and html_environment() is not before[1]
    assert not environment().auto_reload
