"""A deterministic synthetic corpus: listings of N papers recombined from the seeds' own text.

The real seed listings come first, verbatim; then synthetic listings in both layouts
(compact and spaced, as the seeds alternate them), each as long as a real listing.
A synthetic paper gets

* a new, unique short name (pieces of the seeds' names, "Lo" + "Code" → "LoCode-3"), used as
  the title prefix before a colon as often as the seeds use one, else a title recombined
  from two seed titles; the title's subject is its base paper's (below);
* an abstract built on a seed abstract: each of its sentences is kept or
  replaced (3 in 10) by a first, middle or last sentence of any seed abstract. Where a sentence named the paper it
  came from, it names the new paper instead; where it named another seed paper, it names
  (mostly) an earlier synthetic paper, so mentions between papers fire at the seeds' rate;
  benchmark names, URLs and vocabulary stay as written, so topics and benchmarks fire too.

About 4 % of entries repeat a paper from an earlier listing, as in the seeds. Same N and
seed, same bytes: the random generator is seeded from both.
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator import sources
from generator.slugs import title_key
from generator.text import sentence_spans

REPEAT_RATE = 0.04  # share of entries that repeat a paper of an earlier listing (seeds: 12 of 288)
KEEP_BASE_SENTENCE = 0.7  # a sentence comes from the base abstract, else from any abstract
OTHER_NAME_TO_SYNTHETIC = 0.7  # a mention of another seed paper becomes a mention of a synthetic one
SELF = "\x00self\x00"
COMPACT_HEADER = "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\n"
SPACED_HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\n"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NAME_PIECE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+[A-Za-z]?")
TITLE_JOINS = (" for ", " with ", " via ", " of ", " in ", " from ", " and ", " on ")


def is_name(prefix: str) -> bool:
    """A title prefix that reads as a name (LoRA, GLM-130B), not a phrase ("From Zero to Hero")."""
    return len(prefix) <= 24 and " " not in prefix.strip() and (
        sum(c.isupper() for c in prefix) >= 2 or any(c.isdigit() for c in prefix))


@dataclass
class Material:
    """What the seeds offer to recombine."""

    names: list[str] = field(default_factory=list)  # seed names, longest first
    pieces: list[str] = field(default_factory=list)  # pieces of names to build new ones
    plain_titles: list[str] = field(default_factory=list)  # titles without a name prefix
    first: list[str] = field(default_factory=list)  # sentences, with SELF for the paper's own name
    middle: list[str] = field(default_factory=list)
    last: list[str] = field(default_factory=list)
    abstracts: list[tuple[str, list[str]]] = field(default_factory=list)  # (title, sentences) per seed paper
    listing_sizes: list[int] = field(default_factory=list)
    layouts: list[str] = field(default_factory=list)
    colon_rate: float = 0.6
    seed_titles: set[str] = field(default_factory=set)  # title keys already used by the seeds


def read_material(seeds: Path) -> Material:
    material = Material()
    entries = []
    for path in sources.listing_files(seeds):
        listing = sources.read_listing(path).listing
        if listing is None or not listing.entries:
            continue
        material.listing_sizes.append(len(listing.entries))
        material.layouts.append(listing.layout)
        entries.extend(listing.entries)
    own: dict[str, str] = {}
    for entry in entries:
        material.seed_titles.add(title_key(entry.title))
        prefix, colon, _ = entry.title.partition(": ")
        if colon and is_name(prefix):
            own[entry.title] = prefix
        else:
            material.plain_titles.append(entry.title)
    material.colon_rate = len(own) / max(1, len(entries))
    material.names = sorted(set(own.values()), key=len, reverse=True)
    material.pieces = sorted({piece for name in material.names for piece in NAME_PIECE.findall(name)
                              if 2 <= len(piece) <= 8})
    for entry in entries:
        name = own.get(entry.title)
        spans = sentence_spans(entry.abstract)
        sentences = [entry.abstract[s:e].strip() for s, e in spans]
        if name:
            sentences = [re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w])", SELF, s) for s in sentences]
        if sentences:
            material.abstracts.append((entry.title, sentences))
            material.first.append(sentences[0])
        if len(sentences) > 1:
            material.last.append(sentences[-1])
        material.middle.extend(sentences[1:-1])
    return material


class Composer:
    """Makes synthetic papers one by one; every title is new."""

    def __init__(self, material: Material, rng: random.Random) -> None:
        self.material = material
        self.rng = rng
        self.used_names: set[str] = set(material.names)
        self.used_titles: set[str] = set(material.seed_titles)
        self.synthetic_names: list[str] = []
        names = "|".join(re.escape(n) for n in material.names)
        self.other_name = re.compile(rf"(?<![\w-])(?:{names})(?![\w])") if names else None

    def new_name(self) -> str:
        rng = self.rng
        while True:
            pieces = [rng.choice(self.material.pieces) for _ in range(rng.choice((2, 2, 3)))]
            name = rng.choice(("", "-")).join(p[0].upper() + p[1:] for p in pieces)
            if rng.random() < 0.4:
                name += rng.choice(("-", " ", "")) + rng.choice(("2", "3", "7B", "XL", "v2", "Pro", "13B", "Lite"))
            if not is_name(name):
                name += f"-{rng.randint(2, 99)}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def new_title(self, name: str, base: str) -> str:
        """A title on the base paper's subject: "Name: <its subtitle>" or its head with another's tail."""
        rng = self.rng
        prefix, colon, rest = base.partition(": ")
        rest = rest if colon and is_name(prefix) else base
        while True:
            if rng.random() < self.material.colon_rate:
                title = f"{name}: {rest}"
            else:
                a, b = rest, rng.choice(self.material.plain_titles)
                join = rng.choice(TITLE_JOINS)
                head = a.split(join, 1)[0] if join in a else " ".join(a.split()[: max(2, len(a.split()) // 2)])
                tail = b.split(join, 1)[1] if join in b else " ".join(b.split()[len(b.split()) // 2:])
                title = f"{head}{join}{tail}"
            key = title_key(title)
            if key and key not in self.used_titles:
                self.used_titles.add(key)
                return title

    def fill(self, sentence: str, name: str) -> str:
        sentence = sentence.replace(SELF, name)
        if self.other_name is None or not self.synthetic_names:
            return sentence

        def other(match: re.Match) -> str:
            if self.rng.random() < OTHER_NAME_TO_SYNTHETIC:
                return self.rng.choice(self.synthetic_names)
            return match.group(0)

        return self.other_name.sub(other, sentence)

    def paper(self) -> tuple[str, str]:
        rng, material = self.rng, self.material
        name = self.new_name()
        base_title, base = rng.choice(material.abstracts)
        title = self.new_title(name, base_title)
        chosen = []
        for i, sentence in enumerate(base):
            if rng.random() < KEEP_BASE_SENTENCE:
                chosen.append(sentence)
            else:
                pool = material.first if i == 0 else material.last if i == len(base) - 1 else material.middle
                chosen.append(rng.choice(pool))
        abstract = " ".join(self.fill(s, name) for s in chosen)
        if title.startswith(f"{name}: "):
            self.synthetic_names.append(name)
        return title, abstract


def listing_text(layout: str, papers: list[tuple[str, str]], date: str) -> str:
    """One listing file in the layout given, as the seeds write it."""
    if layout == "spaced":
        body = "".join(f"{title}\n\n{abstract}\n\n" for title, abstract in papers)
        return f"{SPACED_HEADER}{date}\n\n{body}"
    lines = [f"{title}\n{abstract}\n" for title, abstract in papers]
    return f"{COMPACT_HEADER}Subscribe{''.join(lines)}"


def count_seed_papers(seeds: Path) -> int:
    keys = set()
    for path in sources.listing_files(seeds):
        listing = sources.read_listing(path).listing
        keys.update(title_key(entry.title) for entry in (listing.entries if listing else ()))
    return len(keys)


def make_corpus(seeds: Path, out: Path, papers: int, seed: int = 0) -> dict:
    """Write listings holding `papers` distinct papers into `out` (emptied first); returns counts."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    material = read_material(seeds)
    rng = random.Random(f"paper-atlas-bench:{seed}:{papers}")
    composer = Composer(material, rng)
    seed_files = sources.listing_files(seeds)
    for path in seed_files:
        (out / path.name).write_bytes(path.read_bytes())
    distinct = count_seed_papers(seeds)
    entries = sum(material.listing_sizes)
    written: list[tuple[str, str]] = []
    number = 0
    while distinct < papers:
        size = material.listing_sizes[number % len(material.listing_sizes)]
        layout = material.layouts[number % len(material.layouts)]
        listing: list[tuple[str, str]] = []
        while len(listing) < size and distinct < papers:
            if written and rng.random() < REPEAT_RATE:
                repeat = rng.choice(written)
                if repeat not in listing:
                    listing.append(repeat)
                    continue
            paper = composer.paper()
            listing.append(paper)
            written.append(paper)
            distinct += 1
        day = number % 365
        date = f"{MONTHS[day // 31 % 12]} {day % 28 + 1}"
        name = f"s{number:05d}_{rng.getrandbits(64):016x}.txt"
        (out / name).write_text(listing_text(layout, listing, date), encoding="utf-8")
        entries += len(listing)
        number += 1
    return {"papers": distinct, "entries": entries, "listings": len(seed_files) + number}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, required=True, help="number of distinct papers")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the listings into")
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="the real listings to recombine")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    counts = make_corpus(args.seeds, args.out, args.papers, args.seed)
    print(f"{counts['papers']} papers, {counts['entries']} entries in {counts['listings']} listings → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
