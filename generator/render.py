"""Rendering page contexts to Markdown with Jinja2 templates.

Every value a template prints is escaped by default (the environment's `finalize`), so titles
and abstracts stay text: for Markdown and HTML in `*.md.j2` templates, for HTML alone in
`*.html.j2` fragments (raw HTML blocks, which Markdown passes through untouched); each kind
of template has an environment of its own. Values the generator made itself and knows to be
safe (internal links, validated URLs) are passed as `Markup`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from functools import lru_cache
from html import escape as html_escape

import jinja2
import yaml
from markdown.extensions.toc import slugify, unique
from markupsafe import Markup

from .links import page_link, relative_path

TEMPLATES = jinja2.PackageLoader("generator", "templates")
# Characters that are Markdown syntax anywhere in a line (all accepted behind a backslash
# by Python-Markdown with the tables extension; "+" is pymdownx.keys' ++ctrl+c++) ...
MARKDOWN_INLINE = re.compile(r"([\\`*_{}\[\]()#|+])")
# ... and ones that are syntax only at the start of a line (lists, numbered lists).
MARKDOWN_LINE_START = re.compile(r"^(\d*)([-.])")
WHITESPACE = re.compile(r"\s+")
# Control characters have no place in a page (and STX/ETX are Python-Markdown's placeholders).
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")
INTERNAL_PATH = re.compile(r"^[a-z0-9][a-z0-9._/-]*(#[A-Za-z0-9_-]+)?$")


def plain(value: object) -> str:
    """The text of a value on one line: control characters dropped, whitespace runs made one space."""
    text = str(value)
    if text.isprintable() and "  " not in text:  # most text: nothing to do (a fast check in C)
        return text
    return WHITESPACE.sub(" ", CONTROL.sub("", text))


def markdown_text(value: str) -> str:
    """Text that Markdown shows exactly as written: HTML specials as entities, Markdown specials escaped."""
    text = html_escape(plain(value), quote=False)
    text = MARKDOWN_INLINE.sub(r"\\\1", text)
    return MARKDOWN_LINE_START.sub(r"\1\\\2", text)


HTML_FRAGMENT = ".html.j2"  # templates of raw HTML: their values are escaped for HTML only


# Pages print the same texts many times (titles in lists, names, separators): their escaped forms are cached.
ESCAPED_CACHE = 1 << 16


def html_only_text(value: str) -> str:
    """Text for raw HTML: HTML specials as entities (Markdown does not read raw HTML blocks)."""
    return html_escape(plain(value), quote=True)


def printing(escape: Callable[[str], str]) -> Callable[[object], object]:
    """How a template prints a value (its environment's `finalize`): text through `escape` (cached),
    `Markup` as it is, None as nothing."""
    escaped = lru_cache(maxsize=ESCAPED_CACHE)(escape)

    def finalize(value: object) -> object:
        if isinstance(value, Markup):
            return value
        if isinstance(value, str):
            return escaped(value)
        return "" if value is None else value

    return finalize


markdown_value = printing(markdown_text)  # `*.md.j2`: text escaped for Markdown and HTML
html_value = printing(html_only_text)  # `*.html.j2`: text escaped for HTML alone


# Characters PyYAML writes as themselves inside a double-quoted scalar (printable, not a line
# break, not a BOM); a string of only these is quoted here without calling the (slow) emitter.
YAML_PLAIN_QUOTED = re.compile(r"[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")


def yaml_double_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar, exactly as yaml.safe_dump(default_style='"') writes it."""
    if YAML_PLAIN_QUOTED.fullmatch(text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=2**31).strip()


def meta_value(value: str) -> Markup:
    """A front-matter scalar: HTML-escaped (Material prints it raw into tags), YAML-quoted."""
    return Markup(yaml_double_quoted(html_escape(plain(value).strip(), quote=True)))


def html_text(value: str) -> Markup:
    """Text for an HTML attribute or raw HTML block."""
    return Markup(html_escape(plain(value).strip(), quote=True))


@lru_cache(maxsize=1 << 16)  # pages link to the same files (topics, listings, benchmarks) many times
def internal_target(target: str) -> tuple[str, str]:
    """A generated file's path and its `#anchor` suffix (or ""); anything else is refused."""
    if not INTERNAL_PATH.match(target):
        raise ValueError(f"not an internal path: {target!r}")
    path, _, anchor = target.partition("#")
    return path, f"#{anchor}" if anchor else ""


@jinja2.pass_context
def href(context: jinja2.runtime.Context, target: str) -> Markup:
    """A relative link from the page being rendered to another generated file."""
    path, suffix = internal_target(target)
    return Markup(relative_path(path, posixpath.dirname(context["page_path"])) + suffix)


@jinja2.pass_context
def url(context: jinja2.runtime.Context, target: str) -> Markup:
    """The address of another generated file as the browser resolves it from the page being
    rendered (for raw HTML, where MkDocs does not rewrite `.md` links): `papers/x.md#s2` →
    `../x/#s2`, or `x.html#s2` for a site built with `use_directory_urls: false`."""
    path, suffix = internal_target(target)
    page = context["page_path"]
    if path == page and suffix:
        return Markup(suffix)
    return Markup(page_link(page, path, context["directory_urls"]) + suffix)


def heading_id(text: str, taken: list[str]) -> str:
    """The id Markdown's toc extension gives a heading of this text on a page whose headings so far
    have the ids `taken` (for headings a template writes as raw HTML); the id joins `taken`."""
    anchor = unique(slugify(plain(text), "-"), set(taken))
    taken.append(anchor)
    return anchor


class TemplateEnvironment(jinja2.Environment):
    """The environment of one kind of template; values that the templates read as `x.name` are mostly
    dicts, whose items are looked up first (Jinja tries the attribute first, which fails for a dict)."""

    def getattr(self, obj: object, attribute: str) -> object:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


class MarkdownEnvironment(TemplateEnvironment):
    """The page templates' environment; the HTML fragments they include come from `html_environment`."""

    def get_template(self, name, parent=None, globals=None):  # noqa: A002 (Jinja's signature)
        if isinstance(name, str) and name.endswith(HTML_FRAGMENT):
            return html_environment().get_template(name, parent, globals)
        return super().get_template(name, parent, globals)


def new_environment(kind: type[TemplateEnvironment], finalize) -> TemplateEnvironment:
    """An environment printing every value through `finalize` (one per kind of template, so the
    escaping is chosen once when a template is compiled, not for each value printed)."""
    env = kind(
        loader=TEMPLATES,
        finalize=finalize,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # no stat of the template file per include: see reload_templates
    )
    env.filters["meta"] = meta_value
    env.filters["html"] = html_text
    env.globals["href"] = href
    env.globals["url"] = url
    env.globals["heading_id"] = heading_id
    return env


@lru_cache(maxsize=1)
def html_environment() -> TemplateEnvironment:
    """The environment of the `*.html.j2` fragments: values escaped for HTML alone."""
    return new_environment(TemplateEnvironment, html_value)


@lru_cache(maxsize=1)
def environment() -> TemplateEnvironment:
    """The environment of the page templates (`*.md.j2`): values escaped for Markdown and HTML."""
    return new_environment(MarkdownEnvironment, markdown_value)


def reload_templates() -> None:
    """Read the templates afresh from the next page on: each build does (`mkdocs serve` runs many builds in one
    process), and within a build they are read once, not checked for changes at every include."""
    environment.cache_clear()
    html_environment.cache_clear()


def render(template: str, page_path: str, **context: object) -> str:
    """Render one page; `page_path` is the page's path under docs/ (for relative links)."""
    return environment().get_template(template).render(page_path=page_path, **context)
