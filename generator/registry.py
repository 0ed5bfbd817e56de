"""The benchmark registry (`taxonomy/benchmarks.yml`): loading and checking it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from slugify import slugify

from .taxonomy import TAXONOMY_DIR, DataFileError, load_yaml, where
from .terms import phrase_key

CASE_RULES = {True: "sensitive", False: "insensitive", "strict": "strict"}
BENCHMARK_FIELDS = {"name", "slug", "domain", "description", "aliases", "parent", "case_sensitive", "context",
                    "confusable"}
DOMAIN_FIELDS = {"name", "description", "cues"}


def _known_fields(item: dict, fields: set[str], place: str) -> None:
    """A misspelt or misplaced field (or a comma that split a value) is an error, not ignored."""
    unknown = sorted(str(k) for k in item if k not in fields)
    if unknown:
        raise DataFileError(f"{place}: unknown field '{unknown[0]}' (fields: {', '.join(sorted(fields))}); "
                            "quote values that hold a comma")


@dataclass(frozen=True)
class Confusable:
    """Something else written like a benchmark's name, recognised by cue words in the paper."""

    what: str
    cues: tuple[str, ...]
    benchmark: str | None = None  # the slug of the benchmark meant instead, if it is one


@dataclass(frozen=True)
class Benchmark:
    slug: str
    name: str
    description: str
    domain: str
    aliases: tuple[str, ...] = ()
    case: str = "sensitive"  # sensitive | insensitive | strict (see the comments in benchmarks.yml)
    context_required: bool = False
    parent: str | None = None
    confusables: tuple[Confusable, ...] = ()
    discovered: bool = False  # found in a paper's text, not in the registry
    found_as: str = ""  # for a discovered benchmark: the phrase that presented it

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def case_sensitive(self) -> bool:
        return self.case != "insensitive"


@dataclass(frozen=True)
class Domain:
    key: str
    name: str
    description: str
    cues: tuple[str, ...] = ()  # words that place a benchmark found in the text in this domain


@dataclass
class Registry:
    benchmarks: list[Benchmark]
    domains: dict[str, Domain]
    not_benchmarks: frozenset[str] = frozenset()  # lower-cased names never discovered as benchmarks
    by_slug: dict[str, Benchmark] = field(init=False)

    def __post_init__(self) -> None:
        self.by_slug = {b.slug: b for b in self.benchmarks}

    def variants(self, slug: str) -> list[Benchmark]:
        return [b for b in self.benchmarks if b.parent == slug]

    def with_discovered(self, found: list[Benchmark]) -> Registry:
        return Registry([*self.benchmarks, *found], self.domains, self.not_benchmarks)


def _text_list(item: dict, key: str, place: str) -> tuple[str, ...]:
    value = item.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise DataFileError(f"{place}: '{key}' must be a list of text")
    return tuple(str(v) for v in value)


def _confusables(item: dict, place: str) -> tuple[Confusable, ...]:
    value = item.get("confusable") or []
    if not isinstance(value, list):
        raise DataFileError(f"{place}: 'confusable' must be a list")
    result = []
    for entry in value:
        if not isinstance(entry, dict) or not isinstance(entry.get("what"), str):
            raise DataFileError(f"{place}: each 'confusable' needs 'what:' (text) and 'cues:' (a list)")
        result.append(Confusable(entry["what"], _text_list(entry, "cues", place), entry.get("benchmark")))
    return tuple(result)


def _benchmark(item: dict, number: int, path: Path, domains: dict[str, Domain]) -> Benchmark:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
        raise DataFileError(f"{where(path, item)}: benchmark {number} needs a 'name:' (text)")
    place = f"{where(path, item)}: benchmark '{item['name']}'"
    _known_fields(item, BENCHMARK_FIELDS, place)
    case = item.get("case_sensitive", True)
    if case not in CASE_RULES:
        raise DataFileError(f"{place}: 'case_sensitive' must be true, false or strict")
    context = item.get("context")
    if context not in (None, "required"):
        raise DataFileError(f"{place}: 'context' can only be 'required'")
    domain = str(item.get("domain", "other"))
    if domain not in domains:
        raise DataFileError(f"{place}: unknown domain '{domain}' (known: {', '.join(domains)})")
    return Benchmark(
        slug=str(item.get("slug") or slugify(item["name"])),
        name=item["name"].strip(),
        description=str(item.get("description", "")).strip(),
        domain=domain,
        aliases=_text_list(item, "aliases", place),
        case=CASE_RULES[case],
        context_required=context == "required",
        parent=item.get("parent"),
        confusables=_confusables(item, place),
    )


def _check(benchmarks: list[Benchmark], path: Path) -> None:
    slugs: set[str] = set()
    forms: dict[str, str] = {}
    for benchmark in benchmarks:
        if benchmark.slug in slugs:
            raise DataFileError(f"{path}: two benchmarks share the slug '{benchmark.slug}'")
        slugs.add(benchmark.slug)
        for name in benchmark.names:
            key = phrase_key(name, flexible=True).lower()
            if forms.setdefault(key, benchmark.slug) != benchmark.slug:
                raise DataFileError(f"{path}: '{name}' names both '{forms[key]}' and '{benchmark.slug}'")
    for benchmark in benchmarks:
        if benchmark.parent and benchmark.parent not in slugs:
            raise DataFileError(f"{path}: '{benchmark.name}' names an unknown parent '{benchmark.parent}'")
        for confusable in benchmark.confusables:
            if confusable.benchmark and confusable.benchmark not in slugs:
                raise DataFileError(f"{path}: '{benchmark.name}' has a confusable naming an unknown benchmark "
                                    f"'{confusable.benchmark}'")


def load_registry(path: Path = TAXONOMY_DIR / "benchmarks.yml") -> Registry:
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("benchmarks"), list):
        raise DataFileError(f"{path}:1: expected a mapping with a list under 'benchmarks:'")
    raw_domains = data.get("domains") or {"other": {"name": "Other"}}
    if not isinstance(raw_domains, dict):
        raise DataFileError(f"{path}: 'domains:' must map a key to a name and a description")
    for key, value in raw_domains.items():
        if not isinstance(value, dict):
            raise DataFileError(f"{path}: domain '{key}' needs a mapping with 'name:' and 'description:'")
        _known_fields(value, DOMAIN_FIELDS, f"{where(path, value)}: domain '{key}'")
    domains = {key: Domain(str(key), str(value.get("name", key)), str(value.get("description", "")),
                           _text_list(value, "cues", f"{path}: domain '{key}'"))
               for key, value in raw_domains.items()}
    domains.setdefault("other", Domain("other", "Other", ""))
    benchmarks = [_benchmark(item, n, path, domains) for n, item in enumerate(data["benchmarks"], start=1)]
    _check(benchmarks, path)
    not_benchmarks = frozenset(str(n).lower() for n in data.get("not_benchmarks") or [])
    return Registry(benchmarks, domains, not_benchmarks)
