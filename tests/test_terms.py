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
