"""Link-preview images (OpenGraph / Twitter cards), drawn at build time with Pillow.

One 1200×630 PNG per generated page, plus a site-wide card for every other page (and for
the papers, above `pages.PAPER_CARDS_UP_TO` of them). The
font is one the machine has installed (Debian's `fonts-dejavu-core`), or else the one
Pillow ships; nothing is fetched. Images are deterministic: the same card text, style,
font and Pillow version give the same bytes, and a card whose inputs did not change
since the last build is not drawn again (its digest is kept in `previews/.digests.json`).
The drawing (a few milliseconds a card) runs in worker processes while the build renders its
pages; the parts all cards of a kind share are drawn once (`frame`).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from multiprocessing import get_context
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont

from .model import Atlas
from .pages import listing_label, listing_slug, paper_cards, preview_path
from .parallel import cores
from .write import WriteResult, prune, write_if_changed

PREVIEW_DIR = "previews"
SITE_CARD = f"{PREVIEW_DIR}/site.png"
DIGESTS = ".digests.json"  # a dot file: MkDocs does not publish it
SIZE = (1200, 630)
MARGIN = 64
STYLE = "1"  # bump when the drawing below changes, so every card is drawn again
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
BACKGROUND, BAND, TEXT, SOFT = (48, 63, 159), (63, 81, 181), (255, 255, 255), (197, 202, 233)
TITLE_SIZES = (64, 56, 50, 44)
TITLE_LINES = 4
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Cards are drawn in worker processes (one per core, at most MAX_WORKERS) once there are
# PARALLEL_FROM of them to draw, CHUNK cards per task; a fresh process costs about half a second.
PARALLEL_FROM = 50
MAX_WORKERS = 3
CHUNK = 64


@dataclass(frozen=True)
class Card:
    """What one preview image says. `path` is where it goes under docs/."""

    path: str
    kind: str  # "Paper", "Topic", … shown above the title
    title: str
    detail: str = ""  # one or two lines under the title
    footer: str = ""  # the site's address

    def digest(self) -> str:
        """Changes whenever the image would."""
        parts = [STYLE, PIL.__version__, font_identity(), str(SIZE), self.kind, self.title, self.detail, self.footer]
        return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


# -- fonts ------------------------------------------------------------------------------

def font_file(bold: bool) -> Path | None:
    """DejaVu Sans (Bold) if the machine has it."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return next((folder / name for folder in FONT_DIRS if (folder / name).is_file()), None)


@lru_cache(maxsize=1)
def font_identity() -> str:
    """Which fonts draw the cards: a hash of the font files, or Pillow's own font."""
    files = [font_file(True), font_file(False)]
    if None in files:
        return "pillow-default"
    digest = hashlib.sha1()
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=16)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    path = font_file(bold)
    if path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


# -- layout -----------------------------------------------------------------------------

def clean_text(text: str) -> str:
    """The text as a reader sees it: no control characters, spacing collapsed (never HTML-escaped)."""
    return " ".join(CONTROL.sub(" ", unicodedata.normalize("NFC", text)).split())


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap to `width` pixels; a word wider than a line is cut by characters."""
    lines: list[str] = []
    line = ""
    for word in clean_text(text).split(" "):
        candidate = f"{line} {word}" if line else word
        if face.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while face.getlength(word) > width:
            cut = max(1, next(i for i in range(len(word), 0, -1) if face.getlength(word[:i]) <= width))
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def fit(lines: list[str], face: ImageFont.FreeTypeFont, width: int, limit: int) -> list[str]:
    """At most `limit` lines; the last one ends with an ellipsis when text was dropped."""
    if len(lines) <= limit:
        return lines
    last = lines[limit - 1]
    while last and face.getlength(last + " …") > width:
        last = last[:-1]
    return [*lines[: limit - 1], last.rstrip() + " …"]


def title_layout(title: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest title size whose wrapped lines fit; at the smallest, the title is shortened."""
    for size in TITLE_SIZES:
        face = font(size, bold=True)
        lines = wrap(title, face, width)
        if len(lines) <= TITLE_LINES:
            return face, lines
    return face, fit(lines, face, width, TITLE_LINES + 1)


# -- drawing ----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def palette() -> Image.Image:
    """The card's colours and the anti-aliasing blends between them: a fixed palette maps
    an image in under a millisecond (median-cut quantizing took 20 ms a card)."""
    colours = [BACKGROUND, BAND, TEXT, SOFT]
    for back in (BACKGROUND, BAND):
        for front in (TEXT, SOFT):
            for step in range(1, 6):
                colours.append(tuple(round(b + (f - b) * step / 6) for b, f in zip(back, front, strict=True)))
    image = Image.new("P", (1, 1))
    image.putpalette([channel for colour in colours for channel in colour])
    return image


@lru_cache(maxsize=16)
def frame(kind: str, footer: str) -> Image.Image:
    """What cards of one kind share: the band with the site's name and the kind, and the footer.
    Drawn once (a tenth of a card's time); each card draws on a copy."""
    image = Image.new("RGB", SIZE, BACKGROUND)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, SIZE[0], 112), fill=BAND)
    pen.text((MARGIN, 40), "PAPER ATLAS", font=font(34, bold=True), fill=TEXT)
    pen.text((SIZE[0] - MARGIN, 44), clean_text(kind).upper(), font=font(30), fill=SOFT, anchor="ra")
    pen.rectangle((0, SIZE[1] - 12, SIZE[0], SIZE[1]), fill=SOFT)
    if footer:
        pen.text((MARGIN, SIZE[1] - 40), clean_text(footer), font=font(26), fill=SOFT, anchor="ls")
    return image


def draw(card: Card) -> bytes:
    """The card as PNG bytes, mapped to the card's own palette (flat colours compress well)."""
    image = frame(card.kind, card.footer).copy()
    pen = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN
    face, lines = title_layout(card.title, width)
    y = 160
    line_height = int(face.size * 1.22)
    for line in lines:
        pen.text((MARGIN, y), line, font=face, fill=TEXT)
        y += line_height
    detail_face = font(30)
    detail = fit(wrap(card.detail, detail_face, width), detail_face, width, 2) if card.detail else []
    y = max(y + 24, 160)
    for line in detail:
        pen.text((MARGIN, y), line, font=detail_face, fill=SOFT)
        y += 40
    out = BytesIO()
    image.quantize(palette=palette(), dither=Image.Dither.NONE).save(out, format="PNG", compress_level=6)
    return out.getvalue()


# -- what the cards say -----------------------------------------------------------------

def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def whats_new_detail(atlas: Atlas) -> str:
    if atlas.latest_update is None:
        return "Papers by the day they first appeared"
    return f"{plural(sum(1 for p in atlas.papers if atlas.is_new(p.slug)), 'new paper')} · {atlas.latest_update}"


def atlas_cards(atlas: Atlas, site_url: str = "") -> list[Card]:
    """The site-wide card and one for every generated page (its `path` follows the page's, see `preview_path`)."""
    footer = site_url.split("://", 1)[-1].rstrip("/")
    used = [b for b in atlas.benchmarks if atlas.benchmark_family_papers.get(b.slug)]  # as pages.used_benchmarks
    topic_names = {t.slug: t.name for t in atlas.topics}
    summary = (f"{plural(len(atlas.papers), 'research paper')} · {plural(len(atlas.topics), 'topic')} · "
               f"{plural(len(used), 'benchmark')} · {plural(len(atlas.listings), 'listing')}")

    def card(page: str, kind: str, title: str, detail: str) -> Card:
        return Card(preview_path(page), kind, title, detail, footer)

    cards = [Card(SITE_CARD, "Atlas", "Paper Atlas", summary, footer),
             card("index.md", "Atlas", "Paper Atlas", summary),
             card("topics/index.md", "Topics", "Research topics", plural(len(atlas.topics), "topic")),
             card("benchmarks/index.md", "Benchmarks", "Benchmarks and datasets", plural(len(used), "benchmark")),
             card("listings/index.md", "Listings", "Trending-paper listings", plural(len(atlas.listings), "listing")),
             card("whats-new.md", "What's new", "What's new in the atlas", whats_new_detail(atlas)),
             card("map.md", "Map", "Map of the atlas", plural(len(atlas.papers), "paper"))]
    for paper in atlas.papers if paper_cards(atlas) else ():
        topics = [topic_names[s] for s in atlas.paper_topics.get(paper.slug, []) if s in topic_names]
        detail = " · ".join(topics[:3]) or plural(len(set(paper.listings)), "listing")
        cards.append(card(f"papers/{paper.slug}.md", "Paper", paper.title, detail))
    for topic in atlas.topics:
        cards.append(card(f"topics/{topic.slug}.md", "Topic", topic.name,
                          plural(len(atlas.topic_papers.get(topic.slug, [])), "paper")))
    for benchmark in used:
        cards.append(card(f"benchmarks/{benchmark.slug}.md", "Benchmark", benchmark.name,
                          f"{benchmark.domain.capitalize()} · "
                          f"{plural(len(atlas.benchmark_family_papers[benchmark.slug]), 'paper')}"))
    for listing in atlas.listings:
        cards.append(card(f"listings/{listing_slug(listing.id)}.md", "Listing", listing_label(listing),
                          plural(len(listing.entries), "paper")))
    return cards


# -- writing ----------------------------------------------------------------------------

def draw_cards(docs: Path, cards: list[Card]) -> int:
    """Draw `cards` into docs/ (what a worker process runs); returns how many files changed."""
    return sum(write_if_changed(docs / card.path, draw(card)) for card in cards)


def worker_count(cards: int) -> int:
    """Processes to draw `cards` in, one per core: the build's own process renders pages meanwhile, then
    only waits for them (most of a 1,000-paper build is drawing cards); 0: draw in the build's process."""
    if cards < PARALLEL_FROM:
        return 0
    return min(MAX_WORKERS, cores())


class Drawing:
    """Preview cards being drawn, in worker processes while the build goes on (`start_previews`)."""

    def __init__(self, docs: Path, cards: Iterable[Card], workers: int | None = None) -> None:
        self.docs, self.index = docs, docs / PREVIEW_DIR / DIGESTS
        try:
            known = json.loads(self.index.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
        self.digests: dict[str, str] = {}
        self.todo: list[Card] = []
        for card in cards:
            self.digests[card.path] = digest = card.digest()
            if known.get(card.path) != digest or not (docs / card.path).is_file():
                self.todo.append(card)
        self.unchanged = len(self.digests) - len(self.todo)
        workers = worker_count(len(self.todo)) if workers is None else workers
        self.pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn")) if workers else None
        self.futures = [self.pool.submit(draw_cards, docs, self.todo[i:i + CHUNK])
                        for i in range(0, len(self.todo), CHUNK)] if self.pool else []

    def result(self) -> WriteResult:
        """Wait for the cards, then remove the images no card names and record the digests."""
        try:
            written = sum(f.result() for f in self.futures) if self.pool else draw_cards(self.docs, self.todo)
        finally:
            self.cancel()
        result = WriteResult(written=written, unchanged=self.unchanged + len(self.todo) - written)
        kept = {str(self.docs / path) for path in self.digests} | {str(self.index)}
        result.removed = prune(self.docs / PREVIEW_DIR, kept)
        content = json.dumps(dict(sorted(self.digests.items())), indent=0) + "\n"
        write_if_changed(self.index, content.encode("utf-8"))
        return result

    def cancel(self) -> None:
        """Stop drawing (the build failed) or let the workers go (they are done)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def start_previews(docs: Path, cards: Iterable[Card], workers: int | None = None) -> Drawing:
    """Start drawing the cards whose inputs changed into docs/previews/; `.result()` finishes the job.

    docs/previews/ belongs to this job alone. `workers`: processes to draw in (default: one per
    core, none for a few cards); 0 draws them in this process when the result is asked for.
    """
    return Drawing(docs, cards, workers)


def write_previews(docs: Path, cards: Iterable[Card], workers: int | None = 0) -> WriteResult:
    """Draw the cards whose inputs changed into docs/previews/, and remove images no card names."""
    return start_previews(docs, cards, workers).result()
