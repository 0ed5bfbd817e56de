import random

import numpy as np
import pytest

from generator import related, sources
from generator.merge import merge_entries
from generator.model import Paper, Report
from generator.related import nearest, related_papers, text_vectors
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def papers():
    entries = [e for p in sources.listing_files(SEEDS) for e in sources.read_listing(p).listing.entries]
    return merge_entries(entries, Report())


@pytest.fixture(scope="module")
def by_name(papers):
    return {p.title.split(":")[0]: p.slug for p in papers}


@pytest.fixture(scope="module")
def relations(papers):
    return related_papers(papers)


def test_five_distinct_others_most_similar_first(relations):
    for slug, found in relations.items():
        slugs = [r.slug for r in found]
        assert len(slugs) == 5 and slug not in slugs and len(set(slugs)) == 5
        scores = [r.score for r in found]
        assert scores == sorted(scores, reverse=True) and scores[-1] > 0


@pytest.mark.parametrize("family", [
    ["QLoRA", "LLM.int8()", "8-bit Optimizers via Block-wise Quantization"],
    ["SuperGlue", "LightGlue", "AffineGlue"],
    ["CLUE", "SuperCLUE"],
    ["RussianSuperGLUE", "Russian SuperGLUE 1.1"],
    ["Mega", "Megalodon"],
])
def test_siblings_are_each_others_neighbours(relations, by_name, family):
    for name in family:
        neighbours = {r.slug for r in relations[by_name[name]]}
        for sibling in family:
            if sibling != name:
                assert by_name[sibling] in neighbours, f"{sibling} not among the neighbours of {name}"


def test_reasons_are_true_of_both_papers(papers):
    by_slug = {p.slug: p for p in papers}
    topics = {p.slug: ["t-" + p.slug[0], "t-all"] for p in papers}  # papers sharing a first letter share a topic
    benchmarks = {p.slug: ["glue"] if "GLUE" in p.abstract else [] for p in papers}
    found = related_papers(papers, topics=topics, benchmarks=benchmarks)
    shown = 0
    for slug, relations in found.items():
        for relation in relations:
            for term in relation.terms:
                for paper in (by_slug[slug], by_slug[relation.slug]):
                    words = paper.title.lower() + " " + paper.abstract.lower()
                    assert all(word in words for word in term.split()), (term, paper.title)
                assert not term.isdigit()
            shown += len(relation.terms)
            assert set(relation.topics) == set(topics[slug]) & set(topics[relation.slug])
            assert set(relation.benchmarks) == set(benchmarks[slug]) & set(benchmarks[relation.slug])
    assert shown > 4 * len(papers)  # almost every pair has distinctive terms to show


def test_reasons_for_feature_matchers_name_what_they_share(relations, by_name):
    lightglue = next(r for r in relations[by_name["SuperGlue"]] if r.slug == by_name["LightGlue"])
    assert "feature matching" in lightglue.terms


def test_blocks_give_the_same_neighbours_as_a_dense_reference(papers, monkeypatch):
    sample = papers[:120]
    vectors = text_vectors(sample)
    dense = (vectors.matrix @ vectors.matrix.T).toarray()
    np.fill_diagonal(dense, -1)
    reference = np.argsort(-dense, axis=1, kind="stable")[:, :5]
    monkeypatch.setattr(related, "BLOCK_ENTRIES", 7 * len(sample))  # 7 rows per block
    indices, scores = nearest(vectors.matrix, 5)
    for i in range(len(sample)):
        assert np.allclose(scores[i], dense[i, reference[i]], atol=1e-6)  # the five best scores ...
        assert np.allclose(scores[i], dense[i, indices[i]], atol=1e-6)  # ... and the papers that have them


def test_the_pruned_candidates_path_finds_nearly_the_same_neighbours(papers, by_name):
    vectors = text_vectors(papers)
    exact, _ = nearest(vectors.matrix, 5)
    approximate, _ = nearest(vectors.matrix, 5, exact_limit=0)
    overlap = np.mean([len(set(exact[i]) & set(approximate[i])) / 5 for i in range(len(papers))])
    assert overlap > 0.8
    index = {p.slug: i for i, p in enumerate(papers)}
    for a, b in [("SuperGlue", "LightGlue"), ("CLUE", "SuperCLUE"), ("LLM.int8()", "QLoRA")]:
        assert index[by_name[b]] in approximate[index[by_name[a]]]


def test_result_does_not_depend_on_input_order(papers, relations):
    shuffled = list(papers)
    random.Random(4).shuffle(shuffled)
    again = related_papers(shuffled)
    assert {s: [r.slug for r in v] for s, v in again.items()} == {s: [r.slug for r in v] for s, v in relations.items()}


def test_the_top_of_all_rows_at_once_is_the_top_of_each_row():
    rng = np.random.default_rng(5)
    for rows, n, per_row in ((40, 60, 15), (30, 25, 25), (10, 8, 3)):
        data = rng.choice(np.array([0.0, 0.25, 0.5, 0.75], dtype=np.float32), size=(rows, n))  # many ties, some 0
        data[rng.random((rows, n)) > per_row / n] = 0
        product = related.sp.csr_matrix(data)
        start, tiebreak = 7, rng.permutation(n + 7)
        got_rows, ranks, cols, scores = related.top_of_rows(product, start, 5, tiebreak)
        for row in range(rows):
            want_cols, want_scores = related.top_of_row(product, row, start + row, 5, tiebreak)
            mine = got_rows == row
            assert list(ranks[mine]) == list(range(len(want_cols)))
            assert cols[mine].tolist() == want_cols.tolist() and scores[mine].tobytes() == want_scores.tobytes()


def test_ties_are_broken_by_slug():
    text = "Sparse attention for long documents with linear memory and retrieval."
    papers = [Paper(key=s, slug=s, title="Same", abstract=text) for s in ("c", "a", "d", "b")]
    found = related_papers(papers, count=2)
    assert [r.slug for r in found["c"]] == ["a", "b"]
    assert [r.slug for r in found["a"]] == ["b", "c"]


def test_small_and_empty_inputs():
    assert related_papers([]) == {}
    one = Paper(key="a", slug="a", title="Alone", abstract="Nothing to compare with.")
    assert related_papers([one]) == {"a": []}
    blank = [Paper(key=s, slug=s, title="The", abstract="a an the") for s in ("x", "y")]
    assert related_papers(blank) == {"x": [], "y": []}
    unrelated = [Paper(key="p", slug="p", title="Quantum", abstract="Qubits decohere."),
                 Paper(key="q", slug="q", title="Bread", abstract="Dough rises."),
                 Paper(key="r", slug="r", title="Qubits", abstract="Qubits entangle.")]
    found = related_papers(unrelated)
    assert [r.slug for r in found["q"]] == [] and [r.slug for r in found["p"]] == ["r"]


def test_the_fast_analyzer_makes_scikit_learns_terms():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    from generator.related import WordsAndPairs

    reference = TfidfVectorizer(stop_words="english", ngram_range=(1, 2)).build_analyzer()
    for text in ["The QLoRA method: 4-bit NormalFloat, a_b c and x2 y; Ünïcode Wörter über-all", "", "a b c the of",
                 "Large Language Models are large language models.\nLLMs\tscale"]:
        assert WordsAndPairs(ENGLISH_STOP_WORDS)(text) == reference(text)
