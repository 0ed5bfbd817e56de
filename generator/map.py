"""The map of the atlas: every paper a dot placed by text similarity, drawn as SVG at build time.

The layout is deterministic: the TF-IDF vectors are reduced with TruncatedSVD and laid
out in two dimensions with t-SNE (PCA initialisation, fixed seed, one thread). Above
MAP_LIMIT papers the map draws a sample, the same share of every main topic, chosen by a
hash of the slug (so it does not depend on the order of the listings), and says so.
The SVG is inlined in the page; MkDocs cannot rewrite links inside it, so they are
computed for the build's URL style (`use_directory_urls`) by generator/links.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import jinja2
import numpy as np
from markupsafe import Markup
from threadpoolctl import threadpool_limits

from .model import Paper
from .related import TextVectors

MAP_LIMIT = 1500  # at most this many dots; above, a sample
PARALLEL_FROM = 100  # t-SNE takes a second or more from here: the build draws the map in a process of its own
SVD_COMPONENTS = 50
MIN_TSNE = 8  # fewer papers are placed on a circle
WIDTH, HEIGHT, MARGIN = 1000, 640, 16
# Distinct colours for main topics, in taxonomy order (repeats after the last).
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#393b79", "#ad494a", "#637939", "#8c6d31", "#7b4173", "#3182bd", "#e6550d",
    "#31a354", "#756bb1", "#636363", "#9c9ede", "#e7969c", "#cedb9c", "#e7cb94", "#de9ed6",
    "#6baed6", "#fd8d3c", "#74c476", "#9e9ac8", "#843c39", "#5254a3", "#b5cf6b", "#d6616b",
)
NO_TOPIC_COLOUR = "#9e9e9e"


@dataclass(frozen=True)
class Point:
    slug: str
    x: float  # 0–1, left to right
    y: float  # 0–1, top to bottom
    topic: str | None  # the paper's main topic


@dataclass(frozen=True)
class Layout:
    """The dots of the map (all papers, or a sample of them) and how many papers there are."""

    points: tuple[Point, ...]
    total: int

    @property
    def sampled(self) -> bool:
        return len(self.points) < self.total


def stable_rank(slug: str) -> str:
    """An order of papers that depends only on each slug."""
    return hashlib.sha1(slug.encode("utf-8")).hexdigest()


def sample(papers: Sequence[Paper], main_topic: Mapping[str, str | None], limit: int) -> list[int]:
    """Indices of at most `limit` papers: every main topic keeps its share (at least one paper),
    and within a topic the papers come by stable_rank."""
    if len(papers) <= limit:
        return list(range(len(papers)))
    groups: dict[str | None, list[int]] = {}
    for i, paper in enumerate(papers):
        groups.setdefault(main_topic.get(paper.slug), []).append(i)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))[:limit]
    shares = {key: limit * len(members) / len(papers) for key, members in ordered}
    quota = {key: int(share) for key, share in shares.items()}  # largest remainders get the rest
    by_remainder = sorted(ordered, key=lambda kv: (-(shares[kv[0]] % 1), kv[0] is None, kv[0] or ""))
    for key, _ in by_remainder[:limit - sum(quota.values())]:
        quota[key] += 1
    for key in [k for k, q in quota.items() if q == 0]:  # every topic shows, at the largest one's cost
        quota[key] = 1
        quota[max(quota, key=lambda k: (quota[k], k is not None, k or ""))] -= 1
    chosen: list[int] = []
    for key, members in ordered:
        chosen += sorted(members, key=lambda i: stable_rank(papers[i].slug))[:quota[key]]
    return sorted(chosen)


def perplexity(n: int) -> float:
    """t-SNE's neighbourhood size: small atlases show their small clusters, large ones the usual 30."""
    return min(30.0, max(5.0, n / 25), (n - 1) / 3)


def coordinates(matrix, seed: int = 0) -> np.ndarray:
    """2-D positions (n × 2, each axis scaled to 0–1) for the rows of a TF-IDF matrix."""
    n = matrix.shape[0]
    if n == 0:
        return np.zeros((0, 2))
    if n < MIN_TSNE or matrix.shape[1] < 3:
        angles = 2 * np.pi * np.arange(n) / max(n, 1)
        return np.column_stack([0.5 + 0.4 * np.cos(angles), 0.5 + 0.4 * np.sin(angles)]) if n > 1 else \
            np.array([[0.5, 0.5]])
    # Imported here: scikit-learn takes about a second to import, which a build with nothing to do skips.
    from sklearn.decomposition import TruncatedSVD
    from sklearn.manifold import TSNE
    from sklearn.preprocessing import normalize

    with threadpool_limits(1):  # determinism, and no thread oversubscription on a shared machine
        reduced = TruncatedSVD(n_components=min(SVD_COMPONENTS, matrix.shape[1] - 1, n - 1),
                               random_state=seed).fit_transform(matrix)
        reduced = normalize(reduced)
        placed = TSNE(n_components=2, init="pca", random_state=seed, metric="cosine",
                      perplexity=perplexity(n), max_iter=500).fit_transform(reduced)
    low, high = placed.min(axis=0), placed.max(axis=0)
    return (placed - low) / np.where(high > low, high - low, 1.0)


def layout(papers: Sequence[Paper], vectors: TextVectors, paper_topics: Mapping[str, Sequence[str]],
           limit: int = MAP_LIMIT) -> Layout:
    """Where each paper (or each paper of the sample) goes on the map; `vectors` has one row
    per paper, in the order of `papers`. The result does not depend on that order."""
    main = {p.slug: (paper_topics.get(p.slug) or [None])[0] for p in papers}
    chosen = sorted(sample(papers, main, limit), key=lambda i: papers[i].slug)
    rows = vectors.matrix[chosen] if len(chosen) else vectors.matrix[:0]
    xy = coordinates(rows)
    points = tuple(Point(papers[i].slug, round(float(x), 4), round(float(y), 4), main[papers[i].slug])
                   for i, (x, y) in zip(chosen, xy, strict=True))
    return Layout(points=tuple(sorted(points, key=lambda p: p.slug)), total=len(papers))


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    colour: str
    href: str | None = None
    title: str = ""


@lru_cache(maxsize=1)
def svg_environment() -> jinja2.Environment:
    """SVG templates: every value is XML-escaped (titles are data)."""
    return jinja2.Environment(loader=jinja2.PackageLoader("generator", "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_svg(dots: Sequence[Dot], label: str, radius: float = 5.0, muted_radius: float = 2.5,
               css_class: str = "pa-map") -> Markup:
    """An inline SVG of the dots; dots with a link are drawn above the others. A linked dot's
    title is its group's <title> (shown on hover) and its link's aria-label, never text inside
    the link, so a page that also lists the paper has one link text per paper."""
    def position(dot: Dot) -> tuple[float, float]:
        return (round(MARGIN + dot.x * (WIDTH - 2 * MARGIN), 1), round(MARGIN + dot.y * (HEIGHT - 2 * MARGIN), 1))

    muted = [(*position(d), d) for d in dots if d.href is None]
    linked = [(*position(d), d) for d in dots if d.href is not None]
    svg = svg_environment().get_template("map.svg.j2").render(
        width=WIDTH, height=HEIGHT, label=label, muted=muted, linked=linked, radius=radius,
        muted_radius=muted_radius, css_class=css_class)
    return Markup(" ".join(svg.split("\n")).strip())


def topic_colours(topic_slugs: Sequence[str]) -> dict[str | None, str]:
    colours: dict[str | None, str] = {slug: PALETTE[i % len(PALETTE)] for i, slug in enumerate(topic_slugs)}
    colours[None] = NO_TOPIC_COLOUR
    return colours
