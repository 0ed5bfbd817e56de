"""Finding the benchmarks a paper names, each with the sentence it was found in."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Paper
from .taxonomy import Benchmark
from .terms import TermIndex
from .text import sentence_spans


@dataclass(frozen=True)
class BenchmarkMention:
    benchmark: str  # benchmark slug
    sentence: int  # 1-based index of the sentence in the abstract (0: the title)
    text: str  # the name as written


def benchmark_index(benchmarks: list[Benchmark]) -> TermIndex:
    phrases = []
    for benchmark in benchmarks:
        for name in (benchmark.name, *benchmark.aliases):
            phrases.append((name, benchmark.slug, benchmark.case_sensitive))
    return TermIndex.build(phrases)


def find_benchmarks(papers: list[Paper], benchmarks: list[Benchmark]) -> dict[str, list[BenchmarkMention]]:
    """paper slug → mentions, the first mention of each benchmark per paper."""
    index = benchmark_index(benchmarks)
    result: dict[str, list[BenchmarkMention]] = {}
    for paper in papers:
        mentions: dict[str, BenchmarkMention] = {}
        for match in index.find(paper.title):
            mentions.setdefault(match.target, BenchmarkMention(match.target, 0, match.text))
        for number, (start, end) in enumerate(sentence_spans(paper.abstract), start=1):
            for match in index.find(paper.abstract[start:end]):
                mentions.setdefault(match.target, BenchmarkMention(match.target, number, match.text))
        result[paper.slug] = list(mentions.values())
    return result
