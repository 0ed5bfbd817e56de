"""Link previews and sharing in the built site: canonical, OpenGraph and Twitter tags, escaped."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, copy_project, mkdocs_build
from tests.test_render import HOSTILE_TITLE

SITE_URL = "https://paper-atlas.github.io/paper-atlas/"
SHARE_TAGS = ("og:type", "og:site_name", "og:title", "og:description", "og:url", "og:image", "og:image:alt",
              "twitter:card", "twitter:title", "twitter:description", "twitter:image")


class HeadTags(HTMLParser):
    """The <meta> and <link rel=canonical> values of a page, as a browser reads them (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.title = ""
        self.copy_links: list[str] = []
        self.elements: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append(tag)
        if tag == "meta" and (attributes.get("property") or attributes.get("name")):
            self.meta[attributes.get("property") or attributes["name"]] = attributes.get("content") or ""
        if tag == "link" and attributes.get("rel") == "canonical":
            self.canonical = attributes.get("href")
        if tag == "button" and "pa-copy-link" in (attributes.get("class") or ""):
            self.copy_links.append(attributes.get("data-clipboard-text") or "")
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def head_tags(path: Path) -> HeadTags:
    parser = HeadTags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


KINDS = ("home", "paper", "topic", "benchmark", "listing", "topics index", "hand-written", "map")


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site / "site"


@pytest.fixture(scope="module")
def pages(site) -> dict[str, tuple[str, str, bool]]:
    """page kind → (file in site/, its URL, whether it has a copy-link control); the first of each kind."""
    data = json.loads((site / "data/papers.json").read_text(encoding="utf-8"))
    topic, benchmark = data["topics"][0]["slug"], data["benchmarks"][0]["slug"]
    listing = sorted(p.parent.name for p in (site / "listings").glob("*/index.html"))[0]
    qlora = "qlora-efficient-finetuning-of-quantized-llms"
    found = {"home": ("index.html", "", False),
             "paper": (f"papers/{qlora}/index.html", f"papers/{qlora}/", True),
             "topic": (f"topics/{topic}/index.html", f"topics/{topic}/", True),
             "benchmark": (f"benchmarks/{benchmark}/index.html", f"benchmarks/{benchmark}/", True),
             "listing": (f"listings/{listing}/index.html", f"listings/{listing}/", True),
             "topics index": ("topics/index.html", "topics/", False),
             "hand-written": ("about/index.html", "about/", False)}
    if (site / "map/index.html").is_file():  # the map page (issue 4) once it exists
        found["map"] = ("map/index.html", "map/", False)
    return found


def test_every_page_kind_has_canonical_and_share_tags_with_an_image(site, pages):
    assert set(pages) >= set(KINDS) - {"map"}
    for kind, (file, url, copy_link) in pages.items():
        tags = head_tags(site / file)
        assert tags.canonical == SITE_URL + url, kind
        assert set(SHARE_TAGS) <= set(tags.meta), (kind, set(SHARE_TAGS) - set(tags.meta))
        assert tags.meta["og:url"] == SITE_URL + url, kind
        assert tags.meta["twitter:card"] == "summary_large_image", kind
        assert tags.meta["og:title"] == tags.meta["twitter:title"] and tags.meta["og:title"], kind
        assert tags.meta["og:description"] == tags.meta["description"] == tags.meta["twitter:description"], kind
        image = tags.meta["og:image"]
        assert image == tags.meta["twitter:image"] and image.startswith(SITE_URL) and image.endswith(".png"), kind
        assert (site / image.removeprefix(SITE_URL)).is_file(), (kind, image)
        assert tags.copy_links == ([SITE_URL + url] if copy_link else []), kind


def test_generated_pages_have_their_own_image_and_others_the_site_card(site, pages):
    for kind in ("home", "paper", "topic", "benchmark", "listing", "topics index"):
        file, url, _ = pages[kind]
        expected = "previews/index.png" if kind == "home" else f"previews/{url.rstrip('/')}" + \
            ("/index.png" if kind.endswith("index") else ".png")
        assert head_tags(site / file).meta["og:image"] == SITE_URL + expected, kind
    assert head_tags(site / pages["hand-written"][0]).meta["og:image"] == SITE_URL + "previews/site.png"


def test_paper_tags_say_the_title_and_first_sentence(site, pages):
    tags = head_tags(site / pages["paper"][0])
    assert tags.meta["og:title"] == "QLoRA: Efficient Finetuning of Quantized LLMs"
    assert tags.meta["og:description"].startswith("We present QLoRA, an efficient finetuning approach")
    assert tags.meta["og:type"] == "article"
    assert head_tags(site / "index.html").meta["og:type"] == "website"


def test_headings_have_permanent_anchors(site, pages):
    html = (site / pages["paper"][0]).read_text(encoding="utf-8")
    assert '<h2 id="abstract">Abstract<a class="headerlink" href="#abstract"' in html


def test_hostile_title_is_escaped_in_every_tag(tmp_path):
    """A title full of markup reaches every tag as text: decoded, it is exactly the title again."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    listing = (FIXTURES / "compact.txt").read_text(encoding="utf-8")
    abstract = 'It says <b>"bold"</b> & <img src=x onerror=alert(1)> things. A second sentence.'
    listing = listing.replace("First Paper: A Study of Things", HOSTILE_TITLE)
    listing = listing.replace("We study things. Things are studied in depth, and we find that they are interesting.",
                              abstract)
    (seeds / "hostile.txt").write_text(listing, encoding="utf-8")
    project = copy_project(tmp_path / "project", seeds=seeds)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    pages = [p for p in (project / "site/papers").glob("*/index.html") if "attack" in p.parent.name]
    assert len(pages) == 1
    html = pages[0].read_text(encoding="utf-8")
    head = html.split("</head>", 1)[0]
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>" not in head
    tags = head_tags(pages[0])
    assert tags.elements.count("script") == html.count("<script")  # no element the title could have made
    for name in ("og:title", "twitter:title", "og:image:alt"):
        assert tags.meta[name] == HOSTILE_TITLE, name
    for name in ("description", "og:description", "twitter:description"):
        assert tags.meta[name] == 'It says <b>"bold"</b> & <img src=x onerror=alert(1)> things.', name
    assert tags.title == f"{HOSTILE_TITLE} - Paper Atlas"
    image = project / "docs" / tags.meta["og:image"].removeprefix(SITE_URL)
    assert image.is_file()
    shutil.rmtree(project / "site")
