"""Related papers by text similarity: TF-IDF over title and abstract, sparse top-k neighbours, with reasons.

As in arxiv-sanity: a scikit-learn TfidfVectorizer, then nearest neighbours by cosine
similarity. The neighbours are found with sparse products over blocks of rows, so no
N×N matrix (dense or sparse) is ever held; above EXACT_LIMIT papers only each paper's
strongest terms propose candidates, which are then scored exactly, so the work grows
with the number of papers rather than its square.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from .model import Paper

RELATED_COUNT = 5
REASON_TERMS = 3
# A two-word term is shown as a reason only if this many papers use it (a phrase, not a
# chance pair of words like "datasets including").
REASON_PHRASE_DF = 3
# A term in more than this share of the papers is too common to tell papers apart
# (with fewer than MIN_PAPERS_FOR_MAX_DF papers every term is kept).
MAX_DF = 0.2
MIN_PAPERS_FOR_MAX_DF = 50
# Up to this many papers every pair is compared; above, candidates come from each
# paper's CANDIDATE_TERMS strongest terms and the best CANDIDATES are scored exactly.
EXACT_LIMIT = 10_000
CANDIDATE_TERMS = 60
CANDIDATES = 15
# Upper bound on the entries of the blocks' products (rows × papers) computed at once, by THREADS threads.
BLOCK_ENTRIES = 2**24
THREADS = 2
# Pairs of papers whose shared terms are found in one sparse product.
PAIR_CHUNK = 20_000
READ_FIRST = 12


@dataclass(frozen=True, slots=True)  # slots: half the objects for the collector to walk (500,000 at 100k papers)
class Relation:
    """One related paper and why: the shared distinctive terms, topics and benchmarks."""

    slug: str
    score: float  # cosine similarity of the TF-IDF vectors (0–1)
    terms: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    benchmarks: tuple[str, ...] = ()


@dataclass
class TextVectors:
    """The TF-IDF matrix (one L2-normalised row per paper, in paper order) and its terms."""

    matrix: sp.csr_matrix
    terms: np.ndarray

    @cached_property
    def df(self) -> np.ndarray:
        """How many papers use each term."""
        return np.bincount(self.matrix.indices, minlength=self.matrix.shape[1])

    @cached_property
    def reason_eligible(self) -> np.ndarray:
        """Which terms may be a reason: no number; a two-word term only if REASON_PHRASE_DF papers use it."""
        return np.array([not term.isdigit() and (" " not in term or df >= REASON_PHRASE_DF)
                         for term, df in zip(self.terms.tolist(), self.df.tolist(), strict=True)], dtype=bool)


def document(paper: Paper) -> str:
    """The text a paper is compared by; the title counts twice."""
    return f"{paper.title}\n{paper.title}\n{paper.abstract}"


class WordsAndPairs:
    """scikit-learn's word analyzer with `stop_words`, `ngram_range=(1, 2)` and its default token pattern
    (lower-cased words of two or more characters, stop words dropped, then each pair of neighbours),
    the same terms in the same order, made faster."""

    TOKEN = re.compile(r"(?u)\b\w\w+\b")

    def __init__(self, stop_words: frozenset[str]) -> None:
        self.stop_words = stop_words

    def __call__(self, text: str) -> list[str]:
        words = [word for word in self.TOKEN.findall(text.lower()) if word not in self.stop_words]
        return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def text_vectors(papers: Sequence[Paper]) -> TextVectors:
    """TF-IDF of unigrams and bigrams, English stop words removed, sublinear term frequency.

    A term must be in at least two papers once there are a thousand of them (typos and
    one-off numbers only make the matrix bigger) and in at most MAX_DF of them.
    """
    if not papers:
        return TextVectors(sp.csr_matrix((0, 0), dtype=np.float32), np.array([], dtype=object))
    # Imported here: scikit-learn takes about a second to import, which a build with nothing to do skips.
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=WordsAndPairs(ENGLISH_STOP_WORDS), sublinear_tf=True,
                                 min_df=1 if len(papers) < 1000 else 2,
                                 max_df=MAX_DF if len(papers) >= MIN_PAPERS_FOR_MAX_DF else 1.0, dtype=np.float32)
    try:
        matrix = vectorizer.fit_transform(document(p) for p in papers)
    except ValueError:  # no term at all (empty or stop-word-only texts)
        return TextVectors(sp.csr_matrix((len(papers), 0), dtype=np.float32), np.array([], dtype=object))
    matrix = matrix.tocsr()
    matrix.sort_indices()  # canonical: sums run in the same order whatever the order of the papers
    return TextVectors(matrix, vectorizer.get_feature_names_out())


def nearest(matrix: sp.csr_matrix, count: int, tiebreak: np.ndarray | None = None,
            exact_limit: int = EXACT_LIMIT) -> tuple[np.ndarray, np.ndarray]:
    """For each row, the `count` other rows of highest cosine similarity (rows are L2-normalised).

    Returns (indices, scores), both of shape (rows, count); -1 and 0 where a row has fewer
    neighbours with any term in common. Ties are broken by `tiebreak` (lower first), so the
    result does not depend on the order of the rows.

    Up to `exact_limit` rows every pair is scored (block by block). Above, each row is
    compared with the rows that share one of its CANDIDATE_TERMS strongest terms, and the
    best CANDIDATES of those are scored exactly: the work then grows with N, not N².
    """
    n = matrix.shape[0]
    indices = np.full((n, count), -1, dtype=np.int64)
    scores = np.zeros((n, count), dtype=np.float32)
    if n < 2 or count < 1 or matrix.shape[1] == 0:
        return indices, scores
    tiebreak = np.arange(n) if tiebreak is None else np.asarray(tiebreak)
    exact = n <= exact_limit
    pruned = matrix if exact else strongest_terms(matrix, CANDIDATE_TERMS)
    index = pruned.T.tocsr()
    threads = max(1, min(THREADS, os.cpu_count() or 1))
    block = max(1, min(n, BLOCK_ENTRIES // threads // n))  # the blocks in flight hold BLOCK_ENTRIES together

    def fill(start: int) -> None:
        stop = min(n, start + block)
        product = (pruned[start:stop] @ index).tocsr()
        if not exact:  # a few candidates per row: all the rows at once
            rows, ranks, cols, data = top_of_rows(rescored(matrix, start, stop, product, max(CANDIDATES, count),
                                                           tiebreak), start, count, tiebreak)
            indices[start + rows, ranks] = cols
            scores[start + rows, ranks] = data
            return
        for offset in range(stop - start):
            cols, data = top_of_row(product, offset, start + offset, count, tiebreak)
            indices[start + offset, :len(cols)] = cols
            scores[start + offset, :len(cols)] = data

    # SciPy's sparse product releases the GIL: one block is multiplied while another is read.
    with ThreadPoolExecutor(threads) as pool:
        for _ in pool.map(fill, range(0, n, block)):
            pass
    return indices, scores


def top_of_row(product: sp.csr_matrix, offset: int, own: int, count: int,
               tiebreak: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The `count` highest positive entries of one row of a sparse product, skipping column `own`."""
    begin, end = product.indptr[offset], product.indptr[offset + 1]
    cols, data = product.indices[begin:end], product.data[begin:end]
    keep = (cols != own) & (data > 0)
    cols, data = cols[keep], data[keep]
    if len(data) > count:  # everything tied with the count-th best stays in, so ties are decided by tiebreak
        threshold = np.partition(data, len(data) - count)[len(data) - count]
        cols, data = cols[data >= threshold], data[data >= threshold]
    order = np.lexsort((tiebreak[cols], -data))[:count]
    return cols[order], data[order]


def top_of_rows(product: sp.csr_matrix, start: int, count: int,
                tiebreak: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """`top_of_row` of every row of a product with few entries per row (row i skips column start + i), in one
    sort: (rows, ranks, cols, scores) of the entries kept, each row's best first (rank 0)."""
    rows = np.repeat(np.arange(product.shape[0]), np.diff(product.indptr))
    cols, data = product.indices, product.data
    keep = (cols != rows + start) & (data > 0)
    rows, cols, data = rows[keep], cols[keep], data[keep]
    order = np.lexsort((tiebreak[cols], -data, rows))
    rows, cols, data = rows[order], cols[order], data[order]
    ranks = np.arange(len(rows)) - np.searchsorted(rows, rows)  # place within its row
    first = ranks < count
    return rows[first], ranks[first], cols[first], data[first]


def strongest_terms(matrix: sp.csr_matrix, keep: int) -> sp.csr_matrix:
    """The matrix with only the `keep` highest-weighted terms of each row that another row shares."""
    shared = np.bincount(matrix.indices, minlength=matrix.shape[1]) >= 2
    rows, cols, data = [], [], []
    for i in range(matrix.shape[0]):
        row_cols, row_data = row(matrix, i)
        row_cols, row_data = row_cols[shared[row_cols]], row_data[shared[row_cols]]
        if len(row_data) > keep:
            chosen = np.argpartition(-row_data, keep - 1)[:keep]
            row_cols, row_data = row_cols[chosen], row_data[chosen]
        rows.append(np.full(len(row_cols), i))
        cols.append(row_cols)
        data.append(row_data)
    return sp.csr_matrix((np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))),
                         shape=matrix.shape, dtype=matrix.dtype)


def rescored(matrix: sp.csr_matrix, start: int, stop: int, candidates: sp.csr_matrix, keep: int,
             tiebreak: np.ndarray) -> sp.csr_matrix:
    """The exact similarities of rows start:stop with the `keep` best of their candidates."""
    rows, cols = [], []
    for offset in range(stop - start):
        chosen, _ = top_of_row(candidates, offset, start + offset, keep, tiebreak)
        rows.append(np.full(len(chosen), offset))
        cols.append(chosen)
    rows_all, cols_all = np.concatenate(rows), np.concatenate(cols)
    pairs = matrix[start:stop][rows_all].multiply(matrix[cols_all])
    values = np.asarray(pairs.sum(axis=1)).ravel()
    return sp.csr_matrix((values, (rows_all, cols_all)), shape=(stop - start, matrix.shape[0]))


def row(matrix: sp.csr_matrix, i: int) -> tuple[np.ndarray, np.ndarray]:
    """Column indices and values of one row (without building a one-row matrix, which is slow)."""
    begin, end = matrix.indptr[i], matrix.indptr[i + 1]
    return matrix.indices[begin:end], matrix.data[begin:end]


def reason_terms(vectors: TextVectors, first: np.ndarray, second: np.ndarray,
                 limit: int = REASON_TERMS) -> list[tuple[str, ...]]:
    """For each pair of rows (first[k], second[k]), the terms that contribute most to their similarity.

    Numbers are left out, two-word terms must be used by REASON_PHRASE_DF papers, and a word
    already shown as part of a chosen two-word term is not shown again. The rows are multiplied
    PAIR_CHUNK pairs at a time (a product keeps exactly the shared terms), sorted by weight,
    then read until `limit` terms are chosen."""
    result: list[tuple[str, ...]] = []
    words: dict[int, tuple[str, list[str]]] = {}  # column → (term, its words), for the terms looked at
    for begin in range(0, len(first), PAIR_CHUNK):
        pairs = slice(begin, begin + PAIR_CHUNK)
        product = vectors.matrix[first[pairs]].multiply(vectors.matrix[second[pairs]]).tocsr()
        rows = np.repeat(np.arange(product.shape[0]), np.diff(product.indptr))
        keep = vectors.reason_eligible[product.indices]
        rows, cols, weights = rows[keep], product.indices[keep], product.data[keep]
        cols = cols[by_weight(rows, weights)]
        bounds = np.searchsorted(rows, np.arange(len(product.indptr)))
        # Python reads the first READ_FIRST terms of each pair (the rest only when those do not give `limit`).
        head = np.arange(len(rows)) - bounds[rows] < READ_FIRST
        head_cols, head_bounds = cols[head].tolist(), np.searchsorted(rows[head], np.arange(len(product.indptr)))
        bounds, head_bounds = bounds.tolist(), head_bounds.tolist()
        for pair in range(product.shape[0]):
            at, end = head_bounds[pair], head_bounds[pair + 1]
            chosen = choose(head_cols[at:end], vectors, words, limit)
            more = bounds[pair] + READ_FIRST
            if len(chosen) < limit and more < bounds[pair + 1]:
                chosen = choose(cols[bounds[pair]:bounds[pair + 1]].tolist(), vectors, words, limit)
            result.append(tuple(chosen))
    return result


def choose(cols: list[int], vectors: TextVectors, words: dict[int, tuple[str, list[str]]], limit: int) -> list[str]:
    """The first `limit` terms of `cols` (heaviest first) that do not repeat words of the ones chosen before:
    a term is left out when all its words were shown (a word of a chosen pair, or a pair of chosen words)."""
    chosen: list[str] = []
    seen: set[str] = set()
    for col in cols:
        found = words.get(col)
        if found is None:
            term = str(vectors.terms[col])
            found = words[col] = (term, term.split())
        term, parts = found
        if seen.issuperset(parts):
            continue
        chosen.append(term)
        seen.update(parts)
        if len(chosen) == limit:
            break
    return chosen


def by_weight(rows: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The order of a sparse matrix's entries (rows ascending, columns ascending within a row) by row, then by
    descending weight, then by column: one stable sort of a 64-bit key (a positive float32's bits sort as it does)."""
    key = rows.astype(np.uint64) << np.uint64(32) | (np.uint64(2**32 - 1) - weights.view(np.uint32).astype(np.uint64))
    return np.argsort(key, kind="stable")


@dataclass
class Neighbours:
    """What related papers take from the texts alone (`text_neighbours`): the TF-IDF vectors, each paper's
    nearest papers and their scores (see `nearest`), and the terms each of those pairs shares, row by row."""

    vectors: TextVectors
    indices: np.ndarray
    scores: np.ndarray
    terms: list[tuple[str, ...]]


def text_neighbours(papers: Sequence[Paper], count: int = RELATED_COUNT,
                    vectors: TextVectors | None = None) -> Neighbours:
    """The TF-IDF vectors of the papers (unless given), the `count` nearest papers of each and the terms they
    share: the part of `related_papers` that needs no topic nor benchmark (the build runs it meanwhile)."""
    vectors = vectors if vectors is not None else text_vectors(papers)
    slugs = [p.slug for p in papers]
    indices, scores = nearest(vectors.matrix, count, tiebreak=np.argsort(np.argsort(slugs, kind="stable")))
    pairs = indices >= 0
    return Neighbours(vectors, indices, scores, reason_terms(vectors, np.nonzero(pairs)[0], indices[pairs]))


def related_papers(papers: Sequence[Paper], count: int = RELATED_COUNT, vectors: TextVectors | None = None,
                   topics: Mapping[str, Sequence[str]] | None = None,
                   benchmarks: Mapping[str, Sequence[str]] | None = None,
                   neighbours: Neighbours | None = None) -> dict[str, list[Relation]]:
    """paper slug → its `count` most similar papers, most similar first, each with its reasons.

    `topics` and `benchmarks` map a paper slug to its topic and benchmark slugs; the ones two
    papers share are part of the reasons. `neighbours`: `text_neighbours(papers, count)`, when already known.
    """
    neighbours = neighbours if neighbours is not None else text_neighbours(papers, count, vectors)
    topics, benchmarks = topics or {}, benchmarks or {}
    slugs = [p.slug for p in papers]
    terms = iter(neighbours.terms)
    topic_sets = {slug: set(found) for slug, found in topics.items()}
    benchmark_sets = {slug: set(found) for slug, found in benchmarks.items()}
    result: dict[str, list[Relation]] = {}
    # Python lists, not NumPy rows: 500,000 pairs at 100,000 papers are read one by one.
    for slug, row, row_scores in zip(slugs, neighbours.indices.tolist(), neighbours.scores.tolist(), strict=True):
        own_topics, own_benchmarks = topics.get(slug, ()), benchmarks.get(slug, ())
        relations = []
        for j, score in zip(row, row_scores, strict=True):
            if j < 0:
                break
            other = slugs[j]
            shared_topics = topic_sets.get(other, ()) if own_topics else ()
            shared_benchmarks = benchmark_sets.get(other, ()) if own_benchmarks else ()
            relations.append(Relation(
                slug=other,
                score=round(score, 4),
                terms=next(terms),
                topics=tuple([t for t in own_topics if t in shared_topics]),
                benchmarks=tuple([b for b in own_benchmarks if b in shared_benchmarks]),
            ))
        result[slug] = relations
    return result
