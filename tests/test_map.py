import json
import random
import xml.etree.ElementTree as ET

import pytest

from generator import map as atlas_map
from generator import sources
from generator.map import Dot, layout, render_svg, sample
from generator.merge import merge_entries
from generator.model import Paper, Report
from generator.related import text_vectors
from generator.taxonomy import load_topics
from generator.topics import assign_topics
from tests.browser import browser_page
from tests.conftest import SEEDS, copy_project, mkdocs_build
from tests.sitecheck import parse, resolve

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def seeds():
    entries = [e for p in sources.listing_files(SEEDS) for e in sources.read_listing(p).listing.entries]
    papers = merge_entries(entries, Report())
    return papers, assign_topics(papers, load_topics())


def test_layout_is_deterministic_and_independent_of_order(seeds):
    papers, topics = seeds
    first = layout(papers, text_vectors(papers), topics)
    shuffled = list(papers)
    random.Random(7).shuffle(shuffled)
    second = layout(shuffled, text_vectors(shuffled), topics)
    assert first == second
    assert len(first.points) == len(papers) == first.total and not first.sampled
    xs, ys = [p.x for p in first.points], [p.y for p in first.points]
    assert min(xs) == 0 and max(xs) == 1 and min(ys) == 0 and max(ys) == 1
    assert len({(p.x, p.y) for p in first.points}) == len(papers)  # no two papers on one spot


def test_similar_papers_lie_close_together(seeds):
    papers, topics = seeds
    points = {p.slug: p for p in layout(papers, text_vectors(papers), topics).points}
    names = {p.title.split(":")[0]: p.slug for p in papers}

    def distance(a, b):
        pa, pb = points[names[a]], points[names[b]]
        return ((pa.x - pb.x) ** 2 + (pa.y - pb.y) ** 2) ** 0.5

    typical = sorted(distance(a, b) for a in list(names)[:40] for b in list(names)[40:80])[800]
    for a, b in [("SuperGlue", "LightGlue"), ("CLUE", "SuperCLUE"), ("Mega", "Megalodon")]:
        assert distance(a, b) < typical / 3, (a, b)


def test_large_atlases_draw_a_stratified_stable_sample():
    papers = [Paper(key=f"p{i}", slug=f"p{i:04d}", title=f"P {i}", abstract="x") for i in range(1000)]
    main = {p.slug: ("big" if i % 10 else "small") for i, p in enumerate(papers)}
    chosen = sample(papers, main, 100)
    assert len(chosen) == 100
    assert sum(1 for i in chosen if main[papers[i].slug] == "small") == 10
    reversed_papers = papers[::-1]
    again = sample(reversed_papers, main, 100)
    assert {papers[i].slug for i in chosen} == {reversed_papers[i].slug for i in again}
    tiny = {p.slug: ("rare" if i == 3 else "big") for i, p in enumerate(papers)}
    assert any(tiny[papers[i].slug] == "rare" for i in sample(papers, tiny, 50))  # every topic shows


def test_small_atlases_still_get_a_map():
    for n in (0, 1, 2, 7):
        papers = [Paper(key=str(i), slug=f"s{i}", title=f"Paper {i}", abstract=f"Words {i} here.") for i in range(n)]
        result = layout(papers, text_vectors(papers), {})
        assert len(result.points) == n
        assert all(0 <= p.x <= 1 and 0 <= p.y <= 1 for p in result.points)


def test_svg_is_valid_escaped_and_has_one_link_per_linked_dot():
    hostile = 'Evil <script>alert("x")</script> & \'quotes\' ]]> <!-- {{ 7*7 }}'
    dots = [Dot(0.1, 0.2, "#123456", "../papers/evil/", hostile), Dot(0.5, 0.5, "#654321", "../papers/b/", "B"),
            Dot(0.9, 0.9, "", None)]
    svg = str(render_svg(dots, "Label & <more>"))
    assert "<script" not in svg and "\n" not in svg
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("viewBox") == f"0 0 {atlas_map.WIDTH} {atlas_map.HEIGHT}"
    assert root.find(f"{SVG}title").text == "Label & <more>"
    links = root.findall(f"{SVG}g/{SVG}a")
    assert [a.get("href") for a in links] == ["../papers/evil/", "../papers/b/"]
    assert links[0].get("aria-label") == hostile and root.find(f"{SVG}g/{SVG}title").text == hostile
    assert "".join(links[0].itertext()) == ""  # no text inside the link: the page's list has the link text
    assert len(root.findall(f".//{SVG}circle")) == 3
    assert render_svg(dots, "Label & <more>") == svg  # deterministic


def svg_of(html: str) -> ET.Element:
    """The map's SVG in a built page (Material's icons are SVGs too)."""
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg" class="pa-map')
    return ET.fromstring(html[start:html.index("</svg>", start) + len("</svg>")])


def test_map_page_has_one_link_per_paper_a_legend_and_hover_titles(built_site):
    site = built_site / "site"
    data = json.loads((site / "data/papers.json").read_text(encoding="utf-8"))
    html = (site / "map/index.html").read_text(encoding="utf-8")
    root = svg_of(html)
    links = root.findall(f"{SVG}g/{SVG}a")
    assert sorted(a.get("href") for a in links) == sorted(f"../{p['url']}" for p in data["papers"])
    hover = {g.find(f"{SVG}title").text for g in root.findall(f"{SVG}g") if g.find(f"{SVG}a") is not None}
    assert {p["title"] for p in data["papers"]} == hover == {a.get("aria-label") for a in links}
    for target in (resolve(site, site / "map/index.html", a.get("href")) for a in links):
        assert target[0].is_file()
    legend = html.split('id="topics"', 1)[1]
    topic_links = [href for href in parse_links(legend) if "topics/" in href]
    assert len(topic_links) >= 20
    colours = {a.find(f"{SVG}circle").get("fill") for a in links}
    assert len(colours) >= 20  # coloured by main topic
    assert "map/" in parse(site / "index.html").links  # the home page leads to the map


def parse_links(fragment: str) -> list[str]:
    import re
    return re.findall(r'href="([^"]+)"', fragment)


def test_topic_pages_highlight_their_papers(built_site):
    site = built_site / "site"
    data = json.loads((site / "data/papers.json").read_text(encoding="utf-8"))
    for topic in data["topics"]:
        html = (site / "topics" / topic["slug"] / "index.html").read_text(encoding="utf-8")
        root = svg_of(html)
        linked = sorted(a.get("href") for a in root.findall(f"{SVG}g/{SVG}a"))
        assert linked == sorted(f"../../papers/{slug}/" for slug in topic["papers"])
        assert len(root.findall(f".//{SVG}circle")) == len(data["papers"])
        assert "Overlapping topics" in html or len(topic["papers"]) < 2


def test_map_sizes_stay_small(built_site):
    site = built_site / "site"
    assert (site / "map/index.html").stat().st_size < 200_000
    for page in (site / "topics").glob("*/index.html"):
        assert page.stat().st_size < 150_000, page


@pytest.fixture(scope="module")
def flat_site(tmp_path_factory):
    """The seeds built with `use_directory_urls: false`, as the offline bundle is."""
    project = copy_project(tmp_path_factory.mktemp("flat"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nuse_directory_urls: false\n", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_map_links_work_with_file_urls(flat_site):
    topics = sorted(p for p in (flat_site / "topics").glob("*.html") if p.name != "index.html")
    pages = [flat_site / "map.html", *topics]
    checked = 0
    for page in pages:
        for a in svg_of(page.read_text(encoding="utf-8")).findall(f"{SVG}g/{SVG}a"):
            href = a.get("href")
            assert href.endswith(".html") and not href.startswith("/")
            target, _ = resolve(flat_site, page, href)
            assert target.is_file(), (page, href)
            checked += 1
    assert checked > 276 * 2


def test_clicking_a_dot_opens_the_paper_offline(flat_site):
    with browser_page() as page:
        page.goto((flat_site / "map.html").as_uri())
        dot = page.locator("svg.pa-map a").nth(10)
        title = dot.get_attribute("aria-label")
        dot.click()
        page.wait_for_load_state()
        assert page.url.startswith("file://") and page.url.endswith(".html") and "/papers/" in page.url
        assert page.locator("h1").first.text_content().strip().rstrip("¶") == title
