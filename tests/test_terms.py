from generator.benchmarks import find_benchmarks
from generator.model import Paper
from generator.registry import load_registry as load_benchmarks
from generator.terms import TermIndex


def paper(title, abstract):
    return Paper(key=title.lower(), slug="p", title=title, abstract=abstract)


def names(title, abstract):
    found = find_benchmarks([paper(title, abstract)], load_benchmarks())["p"]
    return {m.benchmark for m in found}


def test_glue_inside_superglue_is_not_glue():
    assert names("A model", "We report results on SuperGLUE only.") == {"superglue"}
    assert names("A model", "We report results on GLUE and SuperGLUE.") == {"glue", "superglue"}


def test_superglue_feature_matcher_is_not_the_benchmark():
    assert names("SuperGlue: Learning Feature Matching with Graph Neural Networks",
                 "SuperGlue is a neural network that matches two sets of local features.") == set()


def test_longest_match_wins():
    index = TermIndex.build([("MMLU", "mmlu", True), ("MMLU-Pro", "mmlu-pro", True)])
    assert [m.target for m in index.find("Scores on MMLU-Pro and MMLU.")] == ["mmlu-pro", "mmlu"]


def test_spelling_variants_map_to_one_benchmark():
    assert names("x", "Results on SQuADv2 and SQuAD 2.0.") == {"squad-2-0"}
    assert names("x", "We use BigBench, Big-Bench and BIG-bench.") == {"big-bench"}
    assert names("x", "Trained on MSCOCO.") == {"coco"}


def test_mention_carries_its_sentence_number():
    found = find_benchmarks([paper("x", "First sentence. We evaluate on SuperGLUE. Done.")], load_benchmarks())["p"]
    assert [(m.benchmark, m.sentence) for m in found] == [("superglue", 2)]


def test_many_phrases_make_one_regex_per_case_rule():
    phrases = [(f"Name{i} Suite", f"t{i}", i % 2 == 0) for i in range(2000)]
    index = TermIndex.build(phrases)
    assert isinstance(index._exact_re.pattern, str) and isinstance(index._folded_re.pattern, str)
    found = index.find("We use Name1 suite, NAME1998 SUITE and Name1998 Suite, not Name19980 Suite.")
    assert [(m.target, m.text) for m in found] == [("t1", "Name1 suite"), ("t1998", "Name1998 Suite")]


def test_longest_phrase_wins_in_the_trie_and_shorter_ones_still_match():
    index = TermIndex.build([("BIG-bench", "bb", True), ("BIG-bench Hard", "bbh", True), ("BIG", "big", True)])
    assert [m.target for m in index.find("BIG-bench Hard, BIG-bench and BIG.")] == ["bbh", "bb", "big"]


def test_flexible_spacing_joins_words_with_spaces_hyphens_or_nothing():
    flexible = TermIndex.build([("Natural Questions", "nq", True)], flexible=True)
    for text in ["Natural Questions", "NaturalQuestions", "Natural-Questions", "Natural\nQuestions"]:
        assert [m.target for m in flexible.find(f"On {text}.")] == ["nq"], text
    strict = TermIndex.build([("Natural Questions", "nq", True)])
    assert strict.find("On NaturalQuestions.") == [] and len(strict.find("On Natural  Questions.")) == 1


def test_allowed_suffixes_after_a_hyphen():
    plain = TermIndex.build([("Common Crawl", "cc", True)])
    assert plain.find("a Common Crawl-based corpus") == []
    with_suffix = TermIndex.build([("Common Crawl", "cc", True)], suffixes=("based",))
    assert [m.text for m in with_suffix.find("a Common Crawl-based corpus")] == ["Common Crawl"]
    assert with_suffix.find("a Common Crawl-x corpus") == []


def test_offsets_stay_right_when_lower_casing_changes_the_length():
    index = TermIndex.build([("glue", "glue", False)])
    text = "İstanbul GLUE"  # "İ".lower() is two characters
    match = index.find(text)[0]
    assert text[match.start:match.end] == "GLUE" and match.text == "GLUE"
