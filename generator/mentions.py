"""Finding the papers of the atlas that an abstract names ("…improves on LoRA and GPT-3…").

Names come from the part of a title before its colon, when it looks like a name, and
from aliases.yml. They are matched with case where a run of letters and digits of the
abstract is the first of a name (found in one Aho-Corasick pass over the abstract, so the
cost hardly grows with the number of names), and then checked against rules that keep
ordinary words, variants and other papers' own names from becoming links; aliases.yml
documents the rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import ahocorasick_rs

from .model import Paper
from .parallel import map_chunks
from .slugs import title_key
from .taxonomy import TAXONOMY_DIR, DataFileError, load_yaml
from .terms import Match
from .text import sentence_spans

# Runs of letters and digits that hold a capital or a digit: where a name can start.
CANDIDATE = re.compile(r"(?<![A-Za-z0-9])(?=[a-z]*[A-Z0-9])[A-Za-z0-9]+")
FIRST_RUN = re.compile(r"[A-Za-z0-9]+")
# A `bytes.translate` table for ASCII-encoded text: letters and digits stay, anything else is a space.
RUN_CLASSES = bytes(i if chr(i).isascii() and chr(i).isalnum() else ord(" ") for i in range(256))
# A capitalised ordinary-looking word ("Mega", "Infini-gram"): stricter rules apply.
PLAIN_WORD = re.compile(r"^[A-Z][a-z]+(?:-[a-z]+)*$")
# What may follow a name: a model size ("-175B", " 13B") is the same paper ...
SIZE = r"\d+(?:\.\d+)?[BMKT]\b"
AFTER_HYPHEN_OK = re.compile(rf"-(?:{SIZE}|[a-z])")
AFTER_SPACE_SIZE = re.compile(rf"\s+{SIZE}")
# ... a version number is another one ("LLaMA 2", "P-tuning v2", "GPT-3.5").
AFTER_SPACE_VERSION = re.compile(r"\s+v?\d")
PERSON = re.compile(r"\s+et\s+al\b")
# Characters that make a name part of something else when they come just before it.
JOINED_BEFORE = set("-./@#_\\=&?%~")
# "We introduce ART, …", "a model called X": the abstract's own name, not a citation.
INTRODUCED = re.compile(
    r"\b(?:introduce[sd]?|present(?:s|ed)?|propose[sd]?|call(?:s|ed)?|name[sd]?|dub(?:s|bed)?|term(?:s|ed)?|namely)"
    r"\s+(?:(?:a|an|the|our|new|novel|simple|method|model|models|framework|approach|technique|system|"
    r"benchmark|dataset|called|named|dubbed),?\s+){0,4}$")
MAX_PREFIX_WORDS = 3
MAX_PREFIX_LENGTH = 40


@dataclass(frozen=True)
class Alias:
    """One entry of aliases.yml: more names for a paper, and the context they need."""

    title: str
    names: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    prefix: bool = True


@dataclass(frozen=True)
class Name:
    """A name that stands for a paper, as written."""

    text: str
    target: str  # paper slug
    context: re.Pattern | None = None  # the citing abstract must match this

    @cached_property
    def plain(self) -> bool:
        return bool(PLAIN_WORD.match(self.text))


def load_aliases(path: Path = TAXONOMY_DIR / "aliases.yml") -> list[Alias]:
    """The entries of aliases.yml; a malformed file is a DataFileError naming it."""
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("aliases"), list):
        raise DataFileError(f"{path}:1: expected a mapping with a list under 'aliases:'")
    aliases = []
    for number, item in enumerate(data["aliases"], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("title"), str) or not item["title"].strip():
            raise DataFileError(f"{path}: entry {number} under 'aliases:' needs a 'title:' (text)")
        aliases.append(Alias(title=item["title"].strip(), names=text_list(item, "names", path),
                             context=text_list(item, "context", path), prefix=item.get("prefix", True) is not False))
    return aliases


def text_list(item: dict, key: str, path: Path) -> tuple[str, ...]:
    value = item.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(f"{path}: '{item['title']}': '{key}' must be a list of text")
    return tuple(" ".join(v.split()) for v in value)


def short_name(title: str) -> str | None:
    """The part of a title before its colon, if it looks like a name (see aliases.yml)."""
    head, colon, _ = title.partition(":")
    head = " ".join(head.split())
    words = head.split()
    if not colon or not words or len(words) > MAX_PREFIX_WORDS or len(head) > MAX_PREFIX_LENGTH:
        return None
    if not head[0].isalnum():
        return None
    if any(any(c.isupper() or c.isdigit() for c in word[1:]) or word[0].isdigit() for word in words):
        return head
    return head if len(words) == 1 and PLAIN_WORD.match(head) else None


def context_pattern(words: Sequence[str]) -> re.Pattern | None:
    if not words:
        return None
    body = "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w])", re.IGNORECASE)


def paper_names(papers: Sequence[Paper], aliases: Sequence[Alias] = ()) -> list[Name]:
    """Every name of every paper: title short names, then aliases of papers in the atlas."""
    entries = {title_key(alias.title): alias for alias in aliases}
    names: list[Name] = []
    for paper in papers:
        alias = entries.get(paper.key)
        context = context_pattern(alias.context) if alias else None
        texts = list(alias.names) if alias else []
        prefix = short_name(paper.title)
        if prefix and (alias is None or alias.prefix):
            texts.insert(0, prefix)
        for text in dict.fromkeys(" ".join(t.split()) for t in texts):
            if FIRST_RUN.match(text) and CANDIDATE.match(text):
                names.append(Name(text, paper.slug, context))
    return names


class NameIndex:
    """Names bucketed by their first run of letters and digits; in a bucket, by text, longest first.
    The runs of a text that are first runs of names are found in one pass by an Aho-Corasick automaton."""

    def __init__(self, names: Sequence[Name]) -> None:
        buckets: dict[str, list[Name]] = {}
        for name in names:
            buckets.setdefault(FIRST_RUN.match(name.text).group(0), []).append(name)
        self.texts: dict[str, dict[str, list[Name]]] = {}  # first run → name text → its names
        self.lengths: dict[str, list[int]] = {}  # first run → the lengths of its names' texts, longest first
        for run, bucket in buckets.items():
            texts = self.texts[run] = {}
            for name in sorted(bucket, key=lambda n: (-len(n.text), n.text, n.target)):
                texts.setdefault(name.text, []).append(name)
            self.lengths[run] = sorted({len(text) for text in texts}, reverse=True)
        self.runs = list(self.texts)
        # A first run holds a capital or a digit (`paper_names`): the runs of a text it can be are
        # those of CANDIDATE, whole runs of letters and digits, each between two other characters.
        keys = [f" {run} ".encode() for run in self.runs]
        self.automaton = ahocorasick_rs.BytesAhoCorasick(keys) if keys else None

    def first_runs(self, text: str) -> list[tuple[int, str]]:
        """(start, run) for each run of letters and digits in `text` that is the first run of a name, in order."""
        if self.automaton is None:
            return []
        # Each character outside the runs' alphabet (any non-ASCII one too) becomes a space, the text padded with one.
        mapped = f" {text} ".encode("ascii", "replace").translate(RUN_CLASSES)
        found = self.automaton.find_matches_as_indexes(mapped, overlapping=True)
        return sorted((start, self.runs[key]) for key, start, _ in found)

    def candidates(self, text: str) -> list[tuple[int, int, list[Name]]]:
        """(start, end, names written there) for each place where a name of the index is
        written, the longest name where several start at the same place, without overlaps."""
        found: list[tuple[int, int, list[Name]]] = []
        cursor = 0
        for start, run in self.first_runs(text):
            if start < cursor or joined_before(text, start):
                continue
            texts = self.texts[run]
            for length in self.lengths[run]:
                names = texts.get(text[start:start + length])
                if names is not None:
                    found.append((start, start + length, names))
                    cursor = start + length
                    break
        return found


def joined_before(text: str, start: int) -> bool:
    """True if the name at `start` is glued to what comes before (a hyphen, a path, an address)."""
    return start > 0 and (text[start - 1] in JOINED_BEFORE or text[start - 1].isalnum())


def acceptable_end(text: str, end: int, plain: bool) -> bool:
    """Whether what follows a name leaves it a name of the same paper (see aliases.yml)."""
    rest = text[end:end + 16]
    if not rest:
        return True
    if rest[0].isalnum() or rest[0] == "+" or PERSON.match(rest):
        return False
    if rest[0] == "-":
        return bool(re.match(rf"-{SIZE}", rest)) if plain else bool(AFTER_HYPHEN_OK.match(rest))
    if rest[0] == "." and rest[1:2].isdigit():
        return False
    if AFTER_SPACE_VERSION.match(rest):
        return bool(AFTER_SPACE_SIZE.match(rest))
    return True


def introduced_names(abstract: str, places: list[tuple[int, int, list[Name]]],
                     spans: list[tuple[int, int]]) -> set[str]:
    """The names the abstract introduces as its own ("We introduce ART, a …")."""
    own = set()
    for start, end, _ in places:
        sentence_start = next((s for s, e in spans if s <= start < e), 0)
        if INTRODUCED.search(abstract, sentence_start, start):
            own.add(abstract[start:end])
    return own


def at_sentence_start(abstract: str, start: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start < e and not abstract[s:start].strip(" \"'(") for s, e in spans)


def mentions_in(paper: Paper, index: NameIndex) -> list[Match]:
    """The names of other papers in this paper's abstract, the first place each paper is named."""
    abstract = paper.abstract
    places = index.candidates(abstract)
    if not places:
        return []
    spans = sentence_spans(abstract)
    own = introduced_names(abstract, places, spans)
    own_short = short_name(paper.title)
    matches: list[Match] = []
    seen: set[str] = {paper.slug}
    contexts: dict[re.Pattern, bool] = {}

    def in_context(pattern: re.Pattern) -> bool:
        if pattern not in contexts:
            contexts[pattern] = bool(pattern.search(abstract))
        return contexts[pattern]

    for start, end, names in places:
        text = abstract[start:end]
        if text in own or text == own_short:
            continue
        # A popular name stands for many papers: what depends only on the place is decided once.
        end_ok = {plain: acceptable_end(abstract, end, plain) for plain in {n.plain for n in names}}
        starts_sentence = any(n.plain for n in names) and at_sentence_start(abstract, start, spans)
        targets = [n for n in names if n.target != paper.slug and end_ok[n.plain]
                   and not (n.plain and starts_sentence) and (n.context is None or in_context(n.context))]
        if len({n.target for n in names}) > 1:  # claimed by several papers: only context decides
            targets = [n for n in targets if n.context is not None]
        chosen = {n.target for n in targets}
        if len(chosen) != 1 or next(iter(chosen)) in seen:
            continue
        target = chosen.pop()
        seen.add(target)
        matches.append(Match(start, end, target, text))
    return matches


def find_mentions(papers: Sequence[Paper], aliases: Sequence[Alias] = ()) -> dict[str, list[Match]]:
    """paper slug → the mentions of other atlas papers in its abstract, in text order."""
    index = NameIndex(paper_names(papers, aliases))
    return dict(zip((p.slug for p in papers), map_chunks(mentions_of, papers, index), strict=True))


def mentions_of(papers: Sequence[Paper], index: NameIndex) -> list[list[Match]]:
    """`mentions_in` of each paper, in the order of the papers."""
    return [mentions_in(paper, index) for paper in papers]
