"""Finding benchmarks: the registry, and every trap of issue 3 as a test of its own."""

from __future__ import annotations

from functools import lru_cache

import pytest

from generator.benchmarks import Matcher, annotate
from generator.model import Paper
from generator.registry import load_registry
from generator.taxonomy import DataFileError


@lru_cache(maxsize=1)
def registry():
    return load_registry()


@lru_cache(maxsize=1)
def matcher():
    return Matcher(registry())


def mentions(abstract: str, title: str = "A paper") -> dict:
    """benchmark slug → mention, for one paper."""
    paper = Paper(key=title.lower(), slug="p", title=title, abstract=abstract)
    return {m.benchmark: m for m in annotate([paper], registry(), matcher()).mentions["p"]}


def names(abstract: str, title: str = "A paper") -> set[str]:
    return set(mentions(abstract, title))


# --- The registry -----------------------------------------------------------------------------

PUBLISHED_SLUGS = [  # slugs that existed before issue 3: URLs are forever
    "glue", "superglue", "squad", "squad-2-0", "mmlu", "mmlu-pro", "big-bench", "big-bench-hard", "gsm8k", "math",
    "humaneval", "mbpp", "ds-1000", "triviaqa", "natural-questions", "hotpotqa", "ambigqa", "xnli", "xcopa",
    "paws-x", "xwinograd", "flores-101", "xtreme", "clue", "superclue", "russian-superglue", "imagenet",
    "babel-imagenet", "coco", "librispeech", "libri-light", "superb", "indicsuperb", "mteb", "mmteb", "beir",
    "ms-marco", "alfred", "hellaswag", "winogrande", "piqa", "arc", "truthfulqa", "penn-treebank", "wikitext-103",
    "the-pile", "c4", "wmt", "cnn-dailymail", "xsum", "sst-2", "mnli", "race", "megadepth", "scannet"]


def test_registry_holds_several_hundred_complete_entries():
    benchmarks = registry().benchmarks
    assert len(benchmarks) >= 500
    for b in benchmarks:
        assert b.slug and b.name and b.description, b
        assert b.domain in registry().domains, b
        assert b.description.endswith("."), b.name


def test_registry_covers_every_domain_of_the_issue():
    counts: dict[str, int] = {}
    for b in registry().benchmarks:
        counts[b.domain] = counts.get(b.domain, 0) + 1
    for domain in ["language", "qa", "reasoning", "math", "code", "multilingual", "instruction", "vision",
                   "vision-language", "speech", "retrieval", "rl"]:
        assert counts.get(domain, 0) >= 15, (domain, counts.get(domain))


def test_published_slugs_are_kept():
    assert set(PUBLISHED_SLUGS) <= set(registry().by_slug)


def test_variants_name_their_parent():
    by_slug = registry().by_slug
    assert by_slug["squad-2-0"].parent == "squad"
    assert by_slug["arc-challenge"].parent == "arc" and by_slug["arc-easy"].parent == "arc"
    assert by_slug["mmlu-pro"].parent == "mmlu"
    assert {b.slug for b in registry().variants("glue")} >= {"mnli", "sst-2", "rte", "qnli", "cola"}


@pytest.mark.parametrize("entry, message", [
    ("- {name: A, slug: a, description: x.}\n  - {name: B, slug: a, description: y.}", "share the slug 'a'"),
    ("- {name: A, parent: nope, description: x.}", "unknown parent 'nope'"),
    ("- {name: A, case_sensitive: maybe, description: x.}", "true, false or strict"),
    ("- {name: A, domain: cooking, description: x.}", "unknown domain 'cooking'"),
    ("- {name: A, aliases: [Same], description: x.}\n  - {name: B, aliases: [same], description: y.}",
     "'same' names both 'a' and 'b'"),
    ("- {name: A, confusable: [{cues: [x]}], description: x.}", "needs 'what:'"),
    ("- {name: A, description: one, two.}", "unknown field 'two.'"),
    ("- {name: A, alias: [B], description: x.}", "unknown field 'alias'"),
])
def test_registry_mistakes_are_named(tmp_path, entry, message):
    path = tmp_path / "benchmarks.yml"
    path.write_text(f"benchmarks:\n  {entry}\n")
    with pytest.raises(DataFileError, match=message):
        load_registry(path)


# --- Word boundaries and longest match ----------------------------------------------------------

def test_glue_inside_superglue_is_not_glue():
    assert names("We report results on SuperGLUE only.") == {"superglue"}
    assert names("We report results on GLUE and SuperGLUE.") == {"glue", "superglue"}


def test_clue_inside_superclue_is_not_clue():
    assert names("We evaluate on SuperCLUE.") == {"superclue"}
    assert names("We evaluate on CLUE and SuperCLUE.") == {"clue", "superclue"}


def test_imagenet_inside_babel_imagenet_is_not_imagenet():
    assert names("We evaluate CLIP models on Babel-ImageNet.") == {"babel-imagenet"}
    assert names("We evaluate on ImageNet and on Babel-ImageNet.") == {"imagenet", "babel-imagenet"}


def test_mmlu_inside_mmlu_pro_is_not_mmlu():
    assert names("Our model reaches 70% on MMLU-Pro.") == {"mmlu-pro"}
    assert names("Scores on MMLU-Pro and MMLU improve.") == {"mmlu-pro", "mmlu"}


def test_a_name_glued_to_a_hyphenated_word_counts_only_for_a_few_suffixes():
    assert names("We pre-train on a new Common Crawl-based dataset.") == {"common-crawl"}
    assert names("We build a GLUE-style benchmark for Polish.") == {"glue"}
    assert names("We evaluate on MMLU-Redux.") == {"mmlu-redux"}
    assert "mmlu" not in names("We evaluate on MMLU-Xyz, a new test.")


# --- Names that are also words or other things ---------------------------------------------------

def test_superglue_the_feature_matcher_is_not_the_benchmark():
    assert names("SuperGlue is a neural network that matches two sets of local features.",
                 "SuperGlue: Learning Feature Matching with Graph Neural Networks") == set()
    assert names("AffineGlue makes SuperPoint and SuperGlue achieve similar accuracy as LoFTR on ScanNet.") == {
        "scannet"}


def test_superglue_written_like_the_benchmark_but_meaning_the_matcher_is_not_the_benchmark():
    abstract = ("Visual place recognition with feature mixing. Our method outperforms two-stage retrieval "
                "techniques such as Patch-NetVLAD, TransVPR and SuperGLUE all while being faster.")
    assert "superglue" not in names(abstract)


def test_benchmark_written_in_the_matchers_case_counts_where_the_context_says_benchmark():
    assert names("On the SuperGlue benchmark, GPTs achieve comparable performance to BERTs.") == {"superglue"}


def test_arc_race_copa_base_as_words_are_not_benchmarks():
    assert names("The arc of the story bends, and the race towards bigger models goes on.") == set()
    assert names("Messi won the Copa America with a BASE layer of defenders.") == set()
    assert names("We introduce BASE layers, a balanced assignment of experts.",
                 "BASE Layers: Simplifying Training of Large, Sparse Models") == set()
    assert names("We evaluate on ARC, RACE and COPA.") == {"arc", "race", "copa"}


def test_names_that_are_words_count_in_a_list_of_benchmarks_whatever_their_case():
    found = names("Performance on common benchmarks (such as Winogrande, Hellaswag, arc, boolq and piqa) remains.")
    assert found == {"winogrande", "hellaswag", "arc", "boolq", "piqa"}


def test_math_the_word_is_not_math_the_benchmark():
    assert names("We apply our framework on a test bed of math word problems.") == set()
    assert names("We evaluate on GSM8K and MATH.") == {"gsm8k", "math"}
    assert names("Gains of 12.7% on math tasks and 8.6% on vision tasks.") == set()


def test_arc_with_abstraction_cues_is_the_abstraction_and_reasoning_corpus():
    assert names("Following Chollet, we solve grid puzzles from ARC that test abstraction.") == {"arc-agi"}
    assert names("We evaluate on ARC and OpenBookQA science questions.") == {"arc", "openbookqa"}


def test_rainbow_the_agent_is_not_rainbow_the_benchmark():
    assert names("This paper examines six extensions to the DQN algorithm. Our experiments show that the "
                 "combination provides state-of-the-art performance on the Atari 2600 benchmark.",
                 "Rainbow: Combining Improvements in Deep Reinforcement Learning") == {"atari"}
    assert names("ExT5 outperforms T5 on SuperGLUE, GEM, Rainbow and several other tasks.") == {
        "superglue", "gem", "rainbow"}


def test_gqa_the_attention_is_not_gqa_the_dataset():
    assert names("DiffQKV improves inference speed over grouped-query attention (GQA).") == set()
    assert names("We report accuracy on VQAv2 and GQA.") == {"vqav2", "gqa"}


def test_a_confusable_name_can_point_to_another_benchmark():
    found = names("It reaches the state of the art on closed book question answering (WebQA, Natural Questions).")
    assert found == {"webquestions", "natural-questions"}


def test_a_word_that_needs_context_counts_only_in_context():
    assert names("The Messenger app delivered results.") == set()
    assert names("Grid worlds (RTFM, Messenger, NetHack) require generalization.") == {"rtfm", "messenger",
                                                                                       "nethack"}


def test_conll_the_conference_is_not_conll_2003():
    assert names("Benchmarking was done in the BabyLM challenge, published at CoNLL 2023.") == {"babylm"}
    assert names("We report F1 on CoNLL-2003 and CoNLL 2003 NER.") == {"conll-2003"}


def test_no_name_is_found_inside_a_url():
    assert names("Code and models are at https://github.com/facebookresearch/BLINK and are open.") == set()


def test_a_spelled_out_name_in_lower_case_is_a_description_not_the_name():
    assert names("We introduce a Russian general language understanding evaluation benchmark.") == set()
    assert names("+1.1% on the general language understanding evaluation (GLUE) benchmark.") == {"glue"}


def test_a_benchmark_named_inside_another_ones_spelled_out_name_is_not_named():
    found = names("We corrupt SuperGLUE with our technique (FunGLUE for Phonetically Noised GLUE).")
    assert found == {"superglue", "funglue"}


# --- Versions and spellings ------------------------------------------------------------------------

def test_squad_versions_and_spellings():
    for spelling in ["SQuADv2", "SQuAD 2.0", "SQuAD2.0", "SQuAD v2.0", "SQuAD-2.0"]:
        assert names(f"Results on {spelling} are strong.") == {"squad-2-0"}, spelling
    for spelling in ["SQuAD", "SQuAD 1.1", "SQuAD v1.1", "SQuAD1.1"]:
        assert names(f"Results on {spelling} are strong.") == {"squad"}, spelling


def test_a_version_said_once_for_two_releases_names_both():
    assert names("Our model obtains 94.6% and 88.7% F1 on SQuAD 1.1 and 2.0, respectively.") == {
        "squad", "squad-2-0"}


def test_big_bench_spellings():
    for spelling in ["BigBench", "Big-Bench", "BIG-bench", "BIG-Bench", "BIG bench"]:
        assert names(f"We test on tasks from {spelling}.") == {"big-bench"}, spelling
    assert names("We test on BBH and BIG-Bench Hard.") == {"big-bench-hard"}


def test_coco_spellings():
    for spelling in ["MSCOCO", "MS-COCO", "MS COCO", "COCO", "Microsoft COCO"]:
        assert names(f"FID on {spelling} improves.") == {"coco"}, spelling


def test_spaces_hyphens_and_nothing_are_interchangeable_between_words():
    assert names("Results on NaturalQuestions and Natural-Questions.") == {"natural-questions"}
    assert names("Trained on Tiny Stories and MS MARCO, evaluated on MSMARCO.") == {"tinystories", "ms-marco"}


def test_wmt_years():
    assert names("Translation on WMT'14 English-German.") == {"wmt14"}
    assert names("Translation on WMT 2016 En-Ro and WMT.") == {"wmt16", "wmt"}


# --- Evidence ---------------------------------------------------------------------------------------

def test_mention_carries_its_sentences_and_the_text_as_written():
    found = mentions("First sentence. We evaluate on Superglue and GLUE. Done on SuperGLUE.")
    assert found["superglue"].sentence == 2 and found["superglue"].sentences == (2, 3)
    assert found["superglue"].text == "Superglue"


def test_a_title_mention_is_sentence_zero():
    found = mentions("We study things.", "Toward Efficient Pretraining: A Case Study on SuperGLUE")
    assert found["superglue"].sentence == 0


def test_names_judged_not_to_be_the_benchmark_say_why():
    from generator.benchmarks import find_in_paper
    paper = Paper(key="k", slug="p", title="SuperGlue: Learning Feature Matching",
                  abstract="SuperGlue matches local features. The race is on.")
    reasons = {(r.benchmark, r.text): r.reason for r in find_in_paper(matcher(), paper).rejected}
    assert "feature matcher" in reasons[("superglue", "SuperGlue")]
    assert reasons[("race", "race")] == "written in another case"
