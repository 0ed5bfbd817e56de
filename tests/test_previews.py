"""Link-preview images: drawn offline, deterministic, within budget, redrawn only when they change."""

from __future__ import annotations

import json
from io import BytesIO

import pytest
from PIL import Image

from generator import previews
from generator.pipeline import BuildOptions, build_atlas
from generator.previews import Card, atlas_cards, draw, font, wrap, write_previews
from tests.test_render import HOSTILE_TITLE

# The size budget the README states, bytes per card (12.4 KB on average for the seeds' cards); their drawing
# time is measured by `make bench`, not here.
MAX_BYTES = 24_000


@pytest.fixture(scope="module")
def real_cards() -> list[Card]:
    atlas, _ = build_atlas(BuildOptions())
    return atlas_cards(atlas, "https://paper-atlas.github.io/paper-atlas/")


def test_every_page_kind_has_a_card(real_cards):
    paths = {card.path for card in real_cards}
    assert previews.SITE_CARD in paths and "previews/index.png" in paths
    for kind in ("papers", "topics", "benchmarks", "listings"):
        assert f"previews/{kind}/index.png" in paths or kind == "papers"
        assert any(p.startswith(f"previews/{kind}/") and not p.endswith("/index.png") for p in paths), kind
    qlora = next(c for c in real_cards if c.path == "previews/papers/qlora-efficient-finetuning-of-quantized-llms.png")
    assert qlora.title == "QLoRA: Efficient Finetuning of Quantized LLMs" and qlora.kind == "Paper"
    assert "Quantization" in qlora.detail and qlora.footer == "paper-atlas.github.io/paper-atlas"


def test_cards_are_png_of_the_open_graph_size_and_deterministic(real_cards):
    card = real_cards[7]
    first, second = draw(card), draw(card)
    assert first == second
    image = Image.open(BytesIO(first))
    assert image.format == "PNG" and image.size == (1200, 630)


def test_size_budget(real_cards):
    sample = real_cards[::6]  # every page kind, long and short titles
    sizes = [len(draw(card)) for card in sample]
    assert max(sizes) <= MAX_BYTES, max(sizes)


def test_cards_draw_on_a_copy_of_their_shared_frame():
    footer = "paper-atlas.github.io/paper-atlas"
    for title in ("A first title", "A second, much longer title " * 4):
        draw(Card("previews/x.png", "Paper", title, "Detail", footer))
    assert previews.frame("Paper", footer).tobytes() == previews.frame.__wrapped__("Paper", footer).tobytes()
    assert previews.frame("Paper", footer) is previews.frame("Paper", footer)


def test_title_is_drawn_as_written_never_escaped():
    face = font(56, bold=True)
    lines = wrap(HOSTILE_TITLE + "\x07\x1b[31m", face, 1072)
    text = " ".join(lines)
    assert "<script>alert(1)</script>" in text and '"quoted"' in text and "{{ 7*7 }}" in text
    assert "&lt;" not in text and "&amp;" not in text
    assert "\x07" not in text and "\x1b" not in text
    assert draw(Card("previews/x.png", "Paper", HOSTILE_TITLE, HOSTILE_TITLE)).startswith(b"\x89PNG")


def test_long_titles_and_words_fit_the_card():
    face = font(44, bold=True)
    lines = wrap("Supercalifragilistic" * 12 + " and more words " * 30, face, 1072)
    assert all(face.getlength(line) <= 1072 for line in lines)
    face, lines = previews.title_layout("word " * 200, 1072)
    assert len(lines) == previews.TITLE_LINES + 1 and lines[-1].endswith("…")


def test_without_dejavu_pillows_own_font_is_used(monkeypatch):
    monkeypatch.setattr(previews, "FONT_DIRS", ())
    previews.font.cache_clear()
    previews.font_identity.cache_clear()
    try:
        assert previews.font_identity() == "pillow-default"
        assert Image.open(BytesIO(draw(Card("previews/x.png", "Topic", "Speech", "3 papers")))).size == (1200, 630)
    finally:
        previews.font.cache_clear()
        previews.font_identity.cache_clear()


def test_unchanged_cards_are_not_drawn_again_and_stale_ones_go(tmp_path, monkeypatch):
    cards = [Card("previews/a.png", "Paper", "A"), Card("previews/topics/b.png", "Topic", "B", "2 papers")]
    first = write_previews(tmp_path, cards)
    assert first.written == 2 and (tmp_path / "previews/topics/b.png").is_file()
    digests = json.loads((tmp_path / "previews/.digests.json").read_text())
    assert set(digests) == {"previews/a.png", "previews/topics/b.png"}

    drawn: list[Card] = []
    monkeypatch.setattr(previews, "draw", lambda card: drawn.append(card) or draw(card))
    again = write_previews(tmp_path, cards)
    assert (again.written, again.unchanged, again.removed) == (0, 2, 0) and drawn == []

    changed = [Card("previews/a.png", "Paper", "A, corrected")]
    result = write_previews(tmp_path, changed)
    assert result.written == 1 and result.removed == 1 and [c.title for c in drawn] == ["A, corrected"]
    assert not (tmp_path / "previews/topics").exists()


def test_cards_drawn_in_worker_processes_are_the_same_images(tmp_path):
    cards = [Card(f"previews/{i}.png", "Topic", f"Topic number {i}", f"{i} papers", "x.org") for i in range(70)]
    job = previews.start_previews(tmp_path / "workers", cards, workers=2)
    assert len(job.futures) == 2  # previews.CHUNK cards per task
    in_workers = job.result()
    here = write_previews(tmp_path / "here", cards)
    assert in_workers.written == here.written == 70
    for card in cards:
        assert (tmp_path / "workers" / card.path).read_bytes() == (tmp_path / "here" / card.path).read_bytes()
    assert previews.worker_count(previews.PARALLEL_FROM - 1) == 0
