"""Finding the benchmarks a paper names, each with the sentence it was found in, its role and stated results.

Every name and alias of the registry (and of benchmarks discovered in the papers) is found
in one regex pass per text, without regard to case. A candidate then counts as a mention
when it is written as the registry writes it, or, for names that are also words or other
things, when the text says it is a benchmark: in a list with other benchmarks, or next to
"benchmark", "dataset", "leaderboard"… Cue words of a confusable thing (the SuperGlue
feature matcher, Rainbow DQN) overrule a name unless the text calls it a benchmark.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from . import claims, roles
from .claims import Claim, Named
from .discovery import Discovery, discover
from .model import Paper
from .parallel import map_chunks
from .registry import Confusable, Registry
from .terms import TermIndex
from .text import URL, sentence_spans

NOUN_AFTER = re.compile(
    r"^\s*\)?\s*(?:(?:[\w-]+\s+)?(?:benchmarks?|datasets?|data\s+sets?|corpus|corpora|leaderboards?|test\s+sets?|"
    r"dev\s+sets?|evaluation\s+sets?|suite|challenge)|tasks?)\b", re.IGNORECASE)
NOUN_RIGHT_AFTER = re.compile(
    r"^\s*\)?\s*(?:benchmarks?|datasets?|data\s+sets?|corpus|corpora|leaderboards?|test\s+sets?|dev\s+sets?|"
    r"evaluation\s+sets?|suite|challenge|tasks?)\b", re.IGNORECASE)
NOUN_BEFORE = re.compile(
    r"\b(?:benchmarks?|datasets?|corpus|corpora|leaderboards?)\s+(?:such\s+as\s+|like\s+|including\s+|"
    r"e\.g\.,?\s+|namely\s+|called\s+|named\s+)?(?:the\s+)?$", re.IGNORECASE)
DIGIT = re.compile(r"\d")
LIST_GAP = re.compile(r"^\s*(?:,\s*(?:and|or)?|;|and|or|&|/)\s*$", re.IGNORECASE)
VERSION_TAIL = re.compile(r"^(.*?\S)[\s-]*v?(\d+(?:\.\d+)*)$")
ELLIPTIC_VERSION = re.compile(r"^\s*(?:,|and|or|/|&)\s*(v?(\d+(?:\.\d+)+))\b")
# Words whose case never matters in a name: "BabyLM challenge" is "BabyLM Challenge", "MT-bench" is "MT-Bench".
# "Common Crawl-based", "GLUE-style", "ImageNet-pretrained": the name, then a word that is not part of it.
NAME_SUFFIXES = ("based", "style", "like", "derived", "pretrained", "pre-trained", "trained", "scale", "sized")
GENERIC_WORDS = {"benchmark", "bench", "challenge", "dataset", "corpus", "leaderboard", "test", "set", "tasks",
                 "competition", "collection", "suite", "data"}


WORD_SPLIT = re.compile(r"[\s-]+")


def case_key(name: str) -> str:
    """A name's key for comparing case: its words joined, generic words lower-cased."""
    words = WORD_SPLIT.split(name.strip())
    return "".join(w.lower() if w.lower() in GENERIC_WORDS else w for w in words if w)


@dataclass(frozen=True)
class BenchmarkMention:
    """A benchmark a paper names: where (the evidence sentence), as what (role) and with what results."""

    benchmark: str  # benchmark slug
    sentence: int  # 1-based index of the evidence sentence in the abstract (0: the title)
    text: str  # the name as written there
    role: str = roles.MENTIONS  # introduces | evaluates on | trains on | mentions
    sentences: tuple[int, ...] = ()  # every sentence naming it (0: the title)
    claims: tuple[Claim, ...] = ()  # results the abstract states for it


@dataclass(frozen=True)
class Candidate:
    slug: str
    start: int
    end: int
    text: str
    exact: bool  # written as the registry writes one of its names


@dataclass
class Rejected:
    """A name found in a paper that was judged not to be the benchmark (for the build report)."""

    paper: str
    benchmark: str
    text: str
    reason: str


@dataclass
class Matcher:
    """The registry compiled for finding: one index over every name, plus what judging needs."""

    registry: Registry
    index: TermIndex = field(init=False)
    exact_keys: dict[str, set[str]] = field(init=False)
    confusables: dict[str, tuple[Confusable, ...]] = field(init=False)
    cue_index: TermIndex = field(init=False)

    def __post_init__(self) -> None:
        phrases = [(name, b.slug, False) for b in self.registry.benchmarks for name in b.names]
        self.index = TermIndex.build(phrases, flexible=True, suffixes=NAME_SUFFIXES)
        self.exact_keys = {b.slug: {case_key(n) for n in b.names} for b in self.registry.benchmarks}
        # Every confusable's cue words in one index; a target "slug:i" stands for confusable i of a benchmark.
        self.confusables = {b.slug: b.confusables for b in self.registry.benchmarks if b.confusables}
        self.cue_index = TermIndex.build([(cue, f"{slug}:{i}", False) for slug, confusables in self.confusables.items()
                                          for i, c in enumerate(confusables) for cue in c.cues], flexible=True)

    def candidates(self, text: str) -> list[Candidate]:
        """Every name of a known benchmark in the text, in any case; elliptic versions ("SQuAD 1.1 and 2.0") too."""
        found = []
        for match in self.index.find(text):
            benchmark = self.registry.by_slug[match.target]
            exact = benchmark.case == "insensitive" or case_key(match.text) in self.exact_keys[match.target]
            found.append(Candidate(match.target, match.start, match.end, match.text, exact))
        return self._with_elliptic_versions(text, found)

    def _with_elliptic_versions(self, text: str, found: list[Candidate]) -> list[Candidate]:
        extra = []
        for candidate in found:
            tail = VERSION_TAIL.match(candidate.text)
            follow = ELLIPTIC_VERSION.match(text[candidate.end:])
            if not tail or not follow:
                continue
            for name in (f"{tail.group(1)} {follow.group(2)}", f"{tail.group(1)} v{follow.group(2)}"):
                matches = self.index.find(name)
                if matches and matches[0].start == 0 and matches[0].end == len(name):
                    start = candidate.end + follow.start(1)
                    extra.append(Candidate(matches[0].target, start, candidate.end + follow.end(1),
                                           follow.group(1), candidate.exact))
                    break
        return sorted([*found, *extra], key=lambda c: c.start)

    def cues_in(self, paper_text: str, candidates: list[Candidate]) -> set[str]:
        """The confusables ("slug:i") whose cue words the paper contains; only looked for when needed."""
        if not any(c.slug in self.confusables for c in candidates):
            return set()
        return {m.target for m in self.cue_index.find(paper_text)}

    def confusable_meant(self, slug: str, cues: set[str]) -> Confusable | None:
        """The confusable thing the paper's words point to instead of this benchmark, if any."""
        for i, confusable in enumerate(self.confusables.get(slug, ())):
            if f"{slug}:{i}" in cues:
                return confusable
        return None


def benchmark_context(text: str, candidate: Candidate, tight: bool = False) -> bool:
    """Whether the words around a name say it is a benchmark ("the SuperGlue benchmark", "benchmarks like X").

    `tight`: the noun must follow the name directly ("arc benchmark", not "multiple large-scale benchmarks").
    """
    after = (NOUN_RIGHT_AFTER if tight else NOUN_AFTER).match(text[candidate.end:candidate.end + 60])
    return bool(after or NOUN_BEFORE.search(text[max(0, candidate.start - 60):candidate.start]))


def list_groups(text: str, candidates: list[Candidate]) -> list[list[Candidate]]:
    """Candidates that stand in one list ("Winogrande, Hellaswag, arc, boolq and piqa")."""
    groups: list[list[Candidate]] = []
    for candidate in candidates:
        if groups and LIST_GAP.match(text[groups[-1][-1].end:candidate.start]):
            groups[-1].append(candidate)
        else:
            groups.append([candidate])
    return groups


def _spelled_out(text: str, candidate: Candidate, accepted: list[Candidate]) -> bool:
    """Whether a name is followed by its accepted short form in brackets: "general language … evaluation (GLUE)"."""
    return any(a.slug == candidate.slug and re.fullmatch(r"\s*\(\s*", text[candidate.end:a.start])
               and text[a.end:a.end + 1] == ")" for a in accepted)


def judge(matcher: Matcher, text: str, candidates: list[Candidate], cues: set[str],
          rejected: list[tuple[Candidate, str]] | None = None) -> list[Candidate]:
    """The candidates that are mentions of the benchmark (re-targeted where a confusable benchmark is meant).

    `cues`: the confusables whose cue words the paper contains (`Matcher.cues_in`).
    """
    by_slug = matcher.registry.by_slug
    anchored: list[Candidate] = []
    pending: list[Candidate] = []
    spelled: list[Candidate] = []
    dropped: list[tuple[Candidate, str]] = []
    for candidate in candidates:
        benchmark = by_slug[candidate.slug]
        confusable = matcher.confusable_meant(candidate.slug, cues)
        if confusable is not None and not benchmark_context(text, candidate):
            if confusable.benchmark:
                anchored.append(Candidate(confusable.benchmark, candidate.start, candidate.end, candidate.text, True))
            else:
                dropped.append((candidate, f"the paper speaks of {confusable.what}"))
            continue
        if candidate.exact:
            if benchmark_context(text, candidate) or not benchmark.context_required:
                anchored.append(candidate)
            else:
                pending.append(candidate)
        elif benchmark.case == "strict":
            dropped.append((candidate, "written in another case"))
        elif " " in candidate.text.strip() and candidate.text.islower():
            spelled.append(candidate)  # "general language understanding evaluation": a description, not a name
        elif benchmark_context(text, candidate, tight=True):
            anchored.append(candidate)
        else:
            pending.append(candidate)
    accepted = list(anchored)
    for group in list_groups(text, sorted([*anchored, *pending], key=lambda c: c.start)):
        if any(c in anchored for c in group):
            accepted.extend(c for c in group if c in pending)
    accepted.extend(c for c in spelled if _spelled_out(text, c, accepted))
    dropped.extend((c, "not written as a benchmark here") for c in [*pending, *spelled] if c not in accepted)
    if rejected is not None:
        rejected.extend(dropped)
    return sorted(accepted, key=lambda c: c.start)


def mask_urls(text: str) -> str:
    """The text with URLs blanked out (same length), so that no name is found inside one."""
    if "://" not in text:
        return text
    return URL.sub(lambda m: " " * len(m.group(0)), text)


@dataclass
class PaperFinding:
    mentions: list[BenchmarkMention]
    rejected: list[Rejected]


def find_in_paper(matcher: Matcher, paper: Paper, introduced: set[tuple[str, int]] = frozenset(),
                  spans: list[tuple[int, int]] | None = None) -> PaperFinding:
    """The benchmarks one paper names. `introduced`: (slug, sentence) pairs discovery saw presented as new;
    `spans`: the abstract's sentence spans, when already known."""
    rejected_pairs: list[tuple[Candidate, str]] = []
    title_candidates = matcher.candidates(mask_urls(paper.title))
    abstract = mask_urls(paper.abstract)
    abstract_candidates = matcher.candidates(abstract)
    cues = matcher.cues_in(f"{paper.title}\n{paper.abstract}", [*title_candidates, *abstract_candidates])
    title_found = judge(matcher, paper.title, title_candidates, cues, rejected_pairs)
    spans = spans if spans is not None else sentence_spans(paper.abstract)
    starts = [s for s, _ in spans]
    found = judge(matcher, abstract, abstract_candidates, cues, rejected_pairs)

    evidence: dict[str, list[tuple[int, str, str]]] = {}  # slug → [(sentence, role, text)]
    stated: dict[str, list[Claim]] = {}
    for candidate in title_found:
        evidence.setdefault(candidate.slug, []).append(
            (0, roles.title_role(paper.title, candidate.start, candidate.end), candidate.text))
    by_sentence: dict[int, list[Candidate]] = {}
    for candidate in found:
        number = bisect.bisect_right(starts, candidate.start)
        by_sentence.setdefault(number, []).append(candidate)
    for number, in_sentence in sorted(by_sentence.items()):
        offset, end = spans[number - 1]
        sentence = paper.abstract[offset:end]
        claimable = {}
        cues_here = roles.Sentence(sentence, [(c.start - offset, c.end - offset) for c in in_sentence])
        previous: tuple[Candidate, str] | None = None
        for i, candidate in enumerate(in_sentence):
            others = [(c.start - offset, c.end - offset) for c in in_sentence[:i] if c.slug != candidate.slug]
            role = roles.role(cues_here, candidate.start - offset, candidate.end - offset, others)
            if (candidate.slug, number) in introduced:
                role = roles.INTRODUCES
            # "two new benchmarks, MBPP and MathQA-Python": the rest of a list shares its first one's role.
            if previous and previous[1] == roles.INTRODUCES and LIST_GAP.match(
                    paper.abstract[previous[0].end:candidate.start]):
                role = roles.INTRODUCES
            previous = (candidate, role)
            claimable[candidate] = role in (roles.EVALUATES, roles.INTRODUCES)
            evidence.setdefault(candidate.slug, []).append((number, role, candidate.text))
        if any(claimable.values()) and DIGIT.search(sentence):
            named = [Named(c.slug, c.start - offset, c.end - offset, claimable[c]) for c in in_sentence]
            for slug, found_claims in claims.stated_results(sentence, named, number).items():
                stated.setdefault(slug, []).extend(found_claims)

    mentions = []
    for slug, items in evidence.items():
        role = roles.strongest([r for _, r, _ in items])
        # The evidence: the first sentence with the strongest role, preferring the abstract to the title.
        number, _, text = min((i for i in items if i[1] == role), key=lambda i: (i[0] == 0, i[0]))
        mentions.append(BenchmarkMention(slug, number, text, role, tuple(sorted({i[0] for i in items})),
                                         tuple(stated.get(slug, []))))
    mentions.sort(key=lambda m: (m.sentences[0], m.benchmark))
    rejected = [Rejected(paper.slug, c.slug, c.text, reason) for c, reason in rejected_pairs]
    return PaperFinding(mentions, rejected)


def matcher_for(registry: Registry) -> Matcher:
    return Matcher(registry)


def find_benchmarks(papers: list[Paper], registry: Registry) -> dict[str, list[BenchmarkMention]]:
    """paper slug → mentions of registry benchmarks (no discovery), one per benchmark."""
    matcher = matcher_for(registry)
    return {paper.slug: find_in_paper(matcher, paper).mentions for paper in papers}


@dataclass
class BenchmarkAnnotations:
    """What the benchmark step adds to the atlas."""

    registry: Registry  # the registry's benchmarks and those discovered in the papers
    mentions: dict[str, list[BenchmarkMention]]  # paper slug → its benchmarks
    discoveries: list[Discovery]
    rejected: list[Rejected]

    def report(self) -> list[dict]:
        """The discoveries for the build report, with every paper that names them."""
        named_in: dict[str, list[str]] = {}
        for paper, mentions in self.mentions.items():
            for mention in mentions:
                named_in.setdefault(mention.benchmark, []).append(paper)
        result = []
        for discovery in self.discoveries:
            entry = discovery.report()
            entry["named_in"] = sorted(named_in.get(discovery.benchmark.slug, []))
            result.append(entry)
        return result


def annotate(papers: list[Paper], registry: Registry, matcher: Matcher | None = None) -> BenchmarkAnnotations:
    """Discover the benchmarks the registry does not know, then find every benchmark in every paper.

    `matcher`: the registry already compiled (`Matcher(registry)`), to reuse it across calls.
    """
    matcher = matcher if matcher is not None and matcher.registry is registry else Matcher(registry)
    spans = {paper.slug: sentence_spans(paper.abstract) for paper in papers}
    discoveries = discover(papers, registry, matcher.index, spans)
    if discoveries:
        matcher = Matcher(registry.with_discovered([d.benchmark for d in discoveries]))
    introduced: dict[str, set[tuple[str, int]]] = {}
    for discovery in discoveries:
        for finding in discovery.findings:
            if finding.introduces:
                introduced.setdefault(finding.paper, set()).add((discovery.benchmark.slug, finding.sentence))
    mentions: dict[str, list[BenchmarkMention]] = {}
    rejected: list[Rejected] = []
    for paper, found in zip(papers, map_chunks(findings, papers, matcher, introduced, spans), strict=True):
        mentions[paper.slug] = found.mentions
        rejected.extend(found.rejected)
    return BenchmarkAnnotations(matcher.registry, mentions, discoveries, rejected)


def findings(papers: list[Paper], matcher: Matcher, introduced: dict[str, set[tuple[str, int]]],
             spans: dict[str, list[tuple[int, int]]]) -> list[PaperFinding]:
    """`find_in_paper` of each paper, in the order of the papers."""
    return [find_in_paper(matcher, paper, introduced.get(paper.slug, set()), spans[paper.slug]) for paper in papers]
