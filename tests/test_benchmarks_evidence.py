"""What a paper does with a benchmark (its role) and the results it states for it."""

from __future__ import annotations

import pytest

from generator import roles
from generator.claims import Named, stated_results
from tests.test_benchmarks import mentions


def role_of(abstract: str, slug: str, title: str = "A paper") -> str:
    return mentions(abstract, title)[slug].role


# --- Roles ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("abstract, slug", [
    ("We introduce DS-1000, a code generation benchmark with a thousand data science problems.", "ds-1000"),
    ("In this paper, we introduce AmbigQA, a new open-domain question answering task.", "ambigqa"),
    ("We introduce the first large-scale Chinese Language Understanding Evaluation (CLUE) benchmark.", "clue"),
    ("This paper presents Russian SuperGLUE 1.1, an updated benchmark styled after GLUE.", "russian-superglue"),
    ("In this work, we extend this to Indic languages by releasing the IndicSUPERB benchmark.", "indicsuperb"),
    ("The resulting dataset, DCLM-Baseline enables training a 7B parameter language model.", "dclm-baseline"),
    ("We evaluate models on two new benchmarks, MBPP and MathQA-Python.", "mbpp"),
])
def test_introduces(abstract, slug):
    assert role_of(abstract, slug) == roles.INTRODUCES


def test_a_title_naming_a_benchmark_and_its_kind_introduces_it():
    assert role_of("We study things.", "ds-1000", "DS-1000: A Natural and Reliable Benchmark for Code Generation") \
        == roles.INTRODUCES
    assert role_of("We study things.", "superglue", "SuperGLUE Results: A Study of Models") != roles.INTRODUCES


def test_a_benchmark_named_later_in_an_introducing_sentence_is_not_introduced():
    found = mentions("This paper presents Russian SuperGLUE 1.1, an updated benchmark styled after GLUE.")
    assert found["glue"].role == roles.MENTIONS
    found = mentions("We introduce Babel-ImageNet, a benchmark that translates 1000 ImageNet labels.")
    assert found["babel-imagenet"].role == roles.INTRODUCES and found["imagenet"].role != roles.INTRODUCES


@pytest.mark.parametrize("abstract, slug", [
    ("We show that our model outperforms GPT-3 on SuperGLUE.", "superglue"),
    ("Chinchilla reaches a state-of-the-art average accuracy of 67.5% on the MMLU benchmark.", "mmlu"),
    ("Finally, we compare BAdam with Adam on a medium-sized task, finetuning RoBERTa-large on SuperGLUE.",
     "superglue"),
    ("For the image-text tasks, we use four diverse V&L datasets: VQAv2, GQA, NLVR2, and MSCOCO.", "nlvr2"),
])
def test_evaluates_on(abstract, slug):
    assert role_of(abstract, slug) == roles.EVALUATES


@pytest.mark.parametrize("abstract, slug", [
    ("We perform a large-scale evaluation over a suite of language models trained on the Pile.", "the-pile"),
    ("We instruction-tune the Llama 2-7B model on the Alpaca-GPT4 dataset.", "alpaca-gpt4"),
    ("When trained on OpenWebText, Kraken models reach a similar perplexity.", "openwebtext"),
    ("Our model achieves competitive results when using the Libri-Light 60k corpus as the unsupervised data.",
     "libri-light"),
])
def test_trains_on(abstract, slug):
    assert role_of(abstract, slug) == roles.TRAINS


@pytest.mark.parametrize("abstract, slug", [
    ("Modern LLMs are primarily evaluated on extrinsic measures based on benchmarks such as GLUE and SuperGLUE.",
     "superglue"),
    ("Encoder-only models like BERT outperform LLMs on benchmarks like GLUE and SuperGLUE.", "glue"),
    ("We propose a comprehensive Chinese benchmark SuperCLUE, named after another popular benchmark CLUE.", "clue"),
    ("We provide a standardized corpus of 240T tokens extracted from Common Crawl.", "common-crawl"),
])
def test_mentions(abstract, slug):
    assert role_of(abstract, slug) == roles.MENTIONS


def test_the_evidence_sentence_is_the_first_with_the_strongest_role():
    found = mentions("Models like BERT do well on benchmarks like GLUE. We fine-tune on GLUE and beat BERT. "
                     "GLUE is old.")
    assert found["glue"].role == roles.EVALUATES and found["glue"].sentence == 2


# --- Stated results ----------------------------------------------------------------------------------------

def claims_of(abstract: str) -> dict[str, list[tuple[str, str]]]:
    return {slug: [(c.value, c.measure) for c in m.claims] for slug, m in mentions(abstract).items()}


def test_a_number_before_on_benchmark_is_stated_for_it():
    assert claims_of("Chinchilla reaches a state-of-the-art average accuracy of 67.5% on the MMLU benchmark, "
                     "greater than a 7% improvement over Gopher.") == {
        "mmlu": [("67.5%", "state-of-the-art average accuracy")]}


def test_a_number_after_the_benchmark_name_is_stated_for_it():
    found = claims_of("Our 6B Vega method achieved new state-of-the-art performance on 4/8 tasks, sitting atop the "
                      "SuperGLUE leaderboard on Oct. 8, 2022, with an average score of 91.3.")
    assert found == {"superglue": [("91.3", "average score")]}


def test_each_benchmark_gets_its_own_numbers():
    found = claims_of("Compared to RoBERTa-Large, a DeBERTa model trained on half of the training data performs "
                      "consistently better, achieving improvements on MNLI by +0.9% (90.2% vs. 91.1%), on SQuAD "
                      "v2.0 by +2.3% (88.4% vs. 90.7%) and RACE by +3.6% (83.2% vs. 86.8%).")
    assert [v for v, _ in found["mnli"]] == ["+0.9% (90.2% vs. 91.1%)"]
    assert [v for v, _ in found["squad-2-0"]] == ["+2.3% (88.4% vs. 90.7%)"]
    assert [v for v, _ in found["race"]] == ["+3.6% (83.2% vs. 86.8%)"]


def test_respectively_pairs_numbers_with_benchmarks_in_order():
    found = claims_of("Our single model obtains 94.6% and 88.7% F1 on SQuAD 1.1 and 2.0, respectively.")
    assert found == {"squad": [("94.6%", "F1")], "squad-2-0": [("88.7%", "F1")]}
    found = claims_of("A model achieves performance retention of approximately 90\\% and 77\\% of the full-token "
                      "model in SuperGLUE and GLUE tasks, respectively.")
    assert [v for v, _ in found["superglue"]] == ["90\\%"] and [v for v, _ in found["glue"]] == ["77\\%"]


def test_numbers_that_do_not_add_up_with_respectively_are_attached_to_nothing():
    found = claims_of("SemAIM reaches 84.1% top-1 accuracy for fine-tuning on ImageNet, 51.3% AP for detection on "
                      "COCO, which outperforms MAE by 0.5%, 1.0%, and 0.5%, respectively.")
    assert found["imagenet"] == [("84.1%", "top-1 accuracy")]
    assert "0.5%" not in str(found["coco"]) and "1.0%" not in str(found["coco"])


def test_a_number_about_a_comparison_on_another_benchmark_is_not_attached_to_a_training_set():
    found = claims_of("When pre-finetuned on our synthetic data, T5-3B yields impressive results on the OpenLLM "
                      "leaderboard, surpassing the model trained on the Self-Instruct dataset by 4.14% points.")
    assert found["self-instruct"] == []
    assert found["open-llm-leaderboard"] == []


def test_costs_dates_sizes_and_citations_are_not_results():
    found = claims_of("DCLM-Baseline represents a 6.6 percentage point improvement on MMLU while being trained "
                      "with 40% less compute. It sits atop the SuperGLUE leaderboard as of January 6, 2021 "
                      "(Wang et al., 2019a) with a 7B model.")
    assert found["mmlu"] == [("6.6 percentage point", "improvement")]
    assert found["superglue"] == []


def test_a_value_keeps_its_comparison_word():
    found = claims_of("It retains more than 99% accuracy on SQuAD 2.0 using 50% of the Transformer parameters.")
    assert found == {"squad-2-0": [("more than 99%", "accuracy")]}


def test_stated_results_only_uses_the_sentence_it_is_given():
    sentence = "Our model gets 80.1% accuracy on GLUE."
    start = sentence.index("GLUE")
    claims = stated_results(sentence, [Named("glue", start, start + 4)], 7)
    assert [(c.value, c.measure, c.sentence) for c in claims["glue"]] == [("80.1%", "accuracy", 7)]
    assert stated_results(sentence, [Named("glue", start, start + 4, claimable=False)], 7) == {}
