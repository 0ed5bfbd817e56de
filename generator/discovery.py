"""Benchmarks the registry does not know yet, recognised from how papers present them.

A paper that introduces a benchmark or dataset says so in a few recognisable ways:
"X: A … Benchmark for …" (title), "we introduce X, a benchmark …", "a … dataset named X",
"a dynamic benchmark X", "the X dataset", "the … Language Understanding Evaluation (X)
benchmark". Each such name becomes a benchmark of its own, marked as found in the text, and
is listed in the build report so that it can be added to the registry.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, partial

from slugify import slugify

from . import roles
from .model import Paper
from .parallel import map_chunks
from .registry import Benchmark, Registry
from .terms import TermIndex
from .text import sentence_spans

# A name: one token with a capital after its first letter, a digit or all capitals ("CREPE", "JuICe",
# "M2D2", "DS-1000", "DIMSUM+", "Tele-Eval"), never a plain capitalised word ("Supplement").
NAME = r"[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*\+?"
NOUN = r"(?:benchmark|dataset|corpus|suite|testbed|test\s?bed|datastore|collection|set)"
SINGLE_NOUN = r"(?:benchmark|dataset|corpus|suite|testbed|datastore)"
ARTICLE_NOUN = re.compile(rf"^\s*(?:a|an|the)\s+((?:[\w'’+-]+,?\s+){{0,10}}?){NOUN}s?(?![\w-])", re.IGNORECASE)
COLLECTIVE = re.compile(r"^(?:collection|set|suite)s?$", re.IGNORECASE)
COLLECTIVE_OF = re.compile(r"^\s*of\s+(?:[\w,-]+\s+){0,4}?(?:benchmarks|datasets|tasks|environments|problems|"
                           r"questions|evaluation\s+tasks)\b", re.IGNORECASE)
NOT_MODIFIER = re.compile(r"\b(?:for|of|to|in|on|with|from|by|that|which|who|where|as|using|via|is|are|was|were)\b",
                          re.IGNORECASE)
SMALL = r"(?:for|of|and|the|in|on|to|with|a)"
TITLE_WORDS = rf"(?:[A-Z][\w'’-]*\s+(?:{SMALL}\s+)?){{0,7}}"

APPOSITION = re.compile(rf"(?<![\w-])(?P<name>{NAME})(?:\s*\((?P<exp>[^()]{{2,120}})\))?\s*[,:]\s*(?=(?:a|an|the)\s)")
NAMED = re.compile(rf"\b{SINGLE_NOUN},?\s+\(?(?:named|called|dubbed|termed)\s+(?P<name>{NAME})(?![\w-])", re.IGNORECASE)
BRACKETED_CAPITAL = re.compile(r"\([A-Z]")
APPOSITION_HINT = re.compile(r"[,:]\s*(?:a|an|the)\s")
NAMED_HINT = re.compile(r"\b(?:named|called|dubbed|termed)\b")
NOUN_THEN_NAME = re.compile(rf"\b(?:a|an|the)\s+(?:[\w-]+\s+){{0,5}}?{SINGLE_NOUN}\s+(?P<name>{NAME})(?![\w-])"
                            r"(?!\s*(?:benchmark|dataset|corpus|leaderboard)\b)")
NAME_THEN_NOUN = re.compile(rf"\b(?:[Tt]he|[Oo]ur|newly\s+introduced|introduced)\s+(?P<name>{NAME})\s+{SINGLE_NOUN}\b")
ACRONYM = r"(?P<name>[A-Z][A-Za-z0-9+-]{1,15})"
ACRONYM_AFTER_NOUN = re.compile(rf"(?P<exp>{TITLE_WORDS}[A-Z][\w-]*)\s+{SINGLE_NOUN}\s+\({ACRONYM}\)")
ACRONYM_BEFORE_NOUN = re.compile(rf"(?P<exp>{TITLE_WORDS}[A-Z][\w-]*)\s+\({ACRONYM}\)\s+{SINGLE_NOUN}\b")
NOUN_NAME = re.compile(r"(?<![\w-])(?!(?:The|A|An|On|In|Our)\s)(?P<name>(?:[A-Z][\w'’-]*\s+(?:(?:of|for|and)\s+)?){1,6}"
                       r"(?:Benchmark|Dataset|Corpus|Suite))"
                       r"\s+\((?P<alias>[A-Z][A-Za-z0-9+-]{1,15})\)")
NOUN_WORDS = ("benchmark", "dataset", "data set", "corpus", "corpora", "suite", "testbed", "test bed", "datastore",
              "collection")


def name_like(name: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", name)
    return bool(letters) and (sum(c.isupper() for c in letters) >= 2 or any(c.isdigit() for c in name)
                              or (letters.isupper() and len(letters) >= 2))


@dataclass(frozen=True)
class Finding:
    """One place where a paper presents a name as a benchmark or dataset."""

    name: str
    aliases: tuple[str, ...]
    paper: str
    sentence: int  # 0: the title
    phrase: str  # the words that present it ("a QA dataset containing …")
    introduces: bool


@dataclass
class Discovery:
    """A benchmark found in the papers' text, with every place it was found."""

    benchmark: Benchmark
    findings: list[Finding] = field(default_factory=list)

    def report(self) -> dict:
        first = self.findings[0]
        return {
            "name": self.benchmark.name, "slug": self.benchmark.slug, "aliases": list(self.benchmark.aliases),
            "domain": self.benchmark.domain,
            "introduced_by": sorted({f.paper for f in self.findings if f.introduces}),
            "found_in": sorted({f.paper for f in self.findings}),
            "evidence": {"paper": first.paper, "sentence": first.sentence, "text": first.phrase},
        }


def _description(text: str) -> str:
    """The presenting phrase, up to the end of its clause, at most 30 words."""
    clause = re.split(r"(?<=[.;])\s|\s[-–—]\s", text.strip(), maxsplit=1)[0].rstrip(".;, ")
    words = clause.split()
    return " ".join(words[:30]) + ("…" if len(words) > 30 else "")


def _head_noun_phrase(after: str) -> str | None:
    """For the words after "X," ("a QA dataset containing …"), the phrase if its head noun is a benchmark noun."""
    match = ARTICLE_NOUN.match(after)
    if not match or NOT_MODIFIER.search(match.group(1)):
        return None
    words = match.group(0).split()
    evaluation_suite = len(words) > 2 and words[-2].lower() in {"evaluation", "benchmark", "test"}
    if COLLECTIVE.match(words[-1]) and not evaluation_suite and not COLLECTIVE_OF.match(after[match.end():]):
        return None
    return _description(after)


def _expansion(text: str | None) -> tuple[str, ...]:
    """A bracketed spelled-out name ("Action Learning From Realistic …"), when it is one."""
    if not text:
        return ()
    words = [w for w in re.split(r"\s+", text.strip()) if w]
    small = {"for", "of", "and", "the", "in", "on", "to", "with", "a", "from", "an"}
    if 2 <= len(words) <= 10 and all(w[0].isupper() or w.lower() in small for w in words) and words[0][0].isupper():
        return (" ".join(words),)
    return ()


def findings_in(paper: Paper, spans: list[tuple[int, int]] | None = None) -> list[Finding]:
    """Every place the paper presents a benchmark or dataset by name, registry-known or not."""
    found: list[Finding] = []
    head = roles.title_head(paper.title)
    if head and name_like(head[0]) and not re.search(r"\s", head[0].strip()):
        found.append(Finding(head[0], (), paper.slug, 0, _description(head[1]), True))
    if not _has_noun(f"{paper.title} {paper.abstract}".lower()):
        return found
    texts = [(0, paper.title)]
    spans = spans if spans is not None else sentence_spans(paper.abstract)
    texts += [(n, paper.abstract[s:e]) for n, (s, e) in enumerate(spans, start=1)]
    for number, sentence in texts:
        if _has_noun(sentence.lower()):
            found.extend(_sentence_findings(paper.slug, number, sentence))
    return found


def findings_of(papers: list[Paper], spans: dict[str, list[tuple[int, int]]]) -> list[list[Finding]]:
    """`findings_in` of each paper, in the order of the papers (`spans`: by slug, where known)."""
    return [findings_in(paper, spans.get(paper.slug)) for paper in papers]


def _has_noun(lowered: str) -> bool:
    return any(word in lowered for word in NOUN_WORDS)  # a few substring searches: faster than one regex


def _sentence_findings(paper: str, number: int, sentence: str) -> list[Finding]:
    found = []

    def add(name: str, aliases: tuple[str, ...], start: int, phrase: str | None = None) -> None:
        if name_like(name) or " " in name:
            before = sentence[:start]
            introduces = bool(roles.INTRO_VERB.search(before) or roles.INTRO_BEFORE.search(before)
                              or re.search(r"\b(?:new|novel|newly)\b", phrase or ""))
            found.append(Finding(name, aliases, paper, number, _description(phrase or sentence[start:]), introduces))

    for m in APPOSITION.finditer(sentence) if APPOSITION_HINT.search(sentence) else ():
        phrase = _head_noun_phrase(sentence[m.end():])
        if phrase:
            short = (m.group("exp") or "").strip()
            if re.fullmatch(NAME, short) and name_like(short):
                # "Benchmarking-IR (BEIR), a benchmark": the bracket holds the short name, the long one is its alias.
                add(short, (m.group("name"),) if name_like(m.group("name")) else (), m.start(), phrase)
            else:
                add(m.group("name"), _expansion(m.group("exp")), m.start(), phrase)
    patterns = (NAMED, NOUN_THEN_NAME, NAME_THEN_NOUN) if NAMED_HINT.search(sentence) else (NOUN_THEN_NAME,
                                                                                               NAME_THEN_NOUN)
    for pattern in patterns:
        for m in pattern.finditer(sentence):
            add(m.group("name"), (), m.start("name"), sentence[m.start():])
    if not BRACKETED_CAPITAL.search(sentence):
        return found
    for pattern in (ACRONYM_AFTER_NOUN, ACRONYM_BEFORE_NOUN):
        for m in pattern.finditer(sentence):
            add(m.group("name"), _expansion(m.group("exp")), m.start(), sentence[m.start():])
    for m in NOUN_NAME.finditer(sentence):
        add(m.group("name").strip(), (m.group("alias"),), m.start(), sentence[m.start():])
    return found


def _domain(cues: TermIndex, keys: list[str], words: str) -> str:
    """The domain whose cue words occur most in the presenting phrase (the first listed on a tie)."""
    scores = Counter(m.target for m in cues.find(words))
    if not scores:
        return "other"
    return max(scores, key=lambda k: (scores[k], -keys.index(k)))


def discover(papers: list[Paper], registry: Registry, known: TermIndex | None = None,
             spans: dict[str, list[tuple[int, int]]] | None = None) -> list[Discovery]:
    """Benchmarks the papers present that the registry does not know, in order of first finding.

    `known`: an index of the registry's names (built here when not given); `spans`: paper slug →
    sentence spans of its abstract, when already known.
    """
    if known is None:
        known = TermIndex.build([(n, b.slug, False) for b in registry.benchmarks for n in b.names], flexible=True)
    is_known = cache(partial(_is_known, known))  # the same names are found again and again
    slugs = set(registry.by_slug)
    by_key: dict[str, Discovery] = {}
    for found in map_chunks(findings_of, papers, spans or {}):
        for finding in found:
            name = finding.name.strip()
            if name.lower() in registry.not_benchmarks or is_known(name):
                continue
            key = name.lower()
            if key not in by_key:
                slug = slugify(name) or "benchmark"
                if slug in slugs:
                    slug = f"{slug}-{hashlib.sha1(name.encode()).hexdigest()[:6]}"
                slugs.add(slug)
                aliases = tuple(a for a in finding.aliases if not is_known(a) and a.lower() != key)
                benchmark = Benchmark(slug=slug, name=name, description="", domain="other", aliases=aliases,
                                      case="strict", discovered=True, found_as=finding.phrase)
                by_key[key] = Discovery(benchmark)
            by_key[key].findings.append(finding)
    titles = {paper.slug: paper.title for paper in papers}
    keys = list(registry.domains)
    cues = TermIndex.build([(cue, key, False) for key, d in registry.domains.items() for cue in d.cues], flexible=True)
    _merge_same(by_key)
    result = []
    for discovery in by_key.values():
        words = " ".join([discovery.benchmark.name, *discovery.benchmark.aliases,
                          *(f.phrase for f in discovery.findings)])
        if _domain(cues, keys, words) == "other":
            words += " " + " ".join(titles[f.paper] for f in discovery.findings)
        b = discovery.benchmark
        aliases = tuple(dict.fromkeys(a for f in discovery.findings for a in f.aliases
                                      if not is_known(a) and a.lower() != b.name.lower()))
        discovery.benchmark = Benchmark(b.slug, b.name, b.description, _domain(cues, keys, words), aliases, b.case,
                                        False, None, (), True, discovery.findings[0].phrase)
        result.append(discovery)
    return result


def _merge_same(by_key: dict[str, Discovery]) -> None:
    """Discoveries where one's name is the other's alias ("OLC" and "Open License Corpus (OLC)") become one,
    named by the name that says what it is (ends in "Corpus", "Benchmark"…) or else the one found first."""
    for key, discovery in list(by_key.items()):
        if key not in by_key:
            continue
        for alias in (a for f in discovery.findings for a in f.aliases):
            other = by_key.get(alias.lower())
            if other is None or other is discovery:
                continue
            keep, drop = (discovery, other)
            if re.search(r"(?:Benchmark|Dataset|Corpus|Suite)$", other.benchmark.name) and not re.search(
                    r"(?:Benchmark|Dataset|Corpus|Suite)$", discovery.benchmark.name):
                keep, drop = other, discovery
            kept = set(keep.findings)
            for finding in drop.findings:
                if finding not in kept:
                    keep.findings.append(finding)
                    kept.add(finding)
            keep.findings.append(Finding(keep.benchmark.name, (drop.benchmark.name,), drop.findings[0].paper,
                                         drop.findings[0].sentence,
                                         drop.findings[0].phrase, False))
            del by_key[drop.benchmark.name.lower()]
            if drop is discovery:
                break


def _is_known(known: TermIndex, name: str) -> bool:
    matches = known.find(name)
    return bool(matches) and matches[0].start == 0 and matches[0].end == len(name)
