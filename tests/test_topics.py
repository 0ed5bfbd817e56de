import json

import pytest

from generator import sources
from generator.merge import merge_entries
from generator.model import Paper, Report
from generator.pipeline import BuildOptions, build
from generator.taxonomy import Topic, load_topics
from generator.topics import TopicIndex, assign_topics, topic_scores
from tests.conftest import SEEDS

QUANT = Topic(slug="q", name="Quantization", description="", terms=("quantization", "quantized"))
SPEECH = Topic(slug="s", name="Speech", description="", terms=("speech",), exclude=("part-of-speech",))
OTHER = Topic(slug="o", name="Other", description="", terms=("other",))


def paper(slug: str, title: str, abstract: str) -> Paper:
    return Paper(key=slug, slug=slug, title=title, abstract=abstract)


def test_title_counts_more_than_a_passing_word():
    in_title = paper("a", "Better Quantization", "Nothing else here.")
    in_passing = paper("b", "Other Things", "Unlike quantization, the other method is better.")
    assert assign_topics([in_title, in_passing], [QUANT, OTHER]) == {"a": ["q"], "b": ["o"]}


def test_claims_count_more_than_remarks_and_a_sentence_counts_once():
    index = TopicIndex.build([QUANT])
    claims = paper("a", "X", "We study quantization. Our quantized models are small.")
    remarks = paper("b", "X", "Quantization is popular. Quantized models are small.")
    repeated = paper("c", "X", "We use quantization, quantization and more quantization.")
    assert topic_scores(claims, index) == {"q": 2.0}
    assert topic_scores(remarks, index) == {"q": 1.0}
    assert topic_scores(repeated, index) == {"q": 1.0}
    with_other_topic = [paper(p.slug, "Other", p.abstract) for p in (claims, remarks, repeated)]
    assert assign_topics(with_other_topic, [QUANT, OTHER]) == {"a": ["o", "q"], "b": ["o"], "c": ["o"]}


def test_a_sentence_naming_the_papers_own_method_is_a_claim():
    index = TopicIndex.build([QUANT])
    named = paper("a", "QLoRA: Efficient Finetuning", "QLoRA backpropagates through quantized weights.")
    unnamed = paper("b", "Efficient Finetuning", "QLoRA backpropagates through quantized weights.")
    assert topic_scores(named, index) == {"q": 1.0}
    assert topic_scores(unnamed, index) == {"q": 0.5}


def test_excluded_phrases_shield_the_terms_inside_them():
    papers = [paper("a", "Part-of-Speech Tagging for Everyone", "We tag part-of-speech labels."),
              paper("b", "Speech Recognition", "We recognise part-of-speech and speech.")]
    assert assign_topics(papers, [SPEECH, OTHER]) == {"a": [], "b": ["s"]}


def test_case_sensitive_terms_and_title_only_terms():
    rag = Topic(slug="r", name="RAG", description="", terms=(), exact_terms=("RAG",), min_score=1)
    bench = Topic(slug="b", name="Benchmarks", description="", terms=(), title_terms=("benchmark",))
    papers = [paper("a", "x", "We improve RAG."), paper("b", "x", "We wash a rag."),
              paper("c", "A Benchmark for Things", "Hello."),
              paper("d", "Things", "We evaluate on a benchmark. We beat the benchmark.")]
    assert assign_topics(papers, [rag, bench]) == {"a": ["r"], "b": [], "c": ["b"], "d": []}


def test_main_topic_first_then_by_score():
    papers = [paper("a", "Speech Quantization", "We quantized speech models. Our quantized speech is good."),
              paper("b", "Quantized Speech", "We study speech. More speech follows, we say.")]
    result = assign_topics(papers, [QUANT, SPEECH])
    assert result == {"a": ["q", "s"], "b": ["s", "q"]}


def test_a_paper_without_any_topic_joins_its_best_only_on_a_claim():
    claim = paper("a", "Untitled", "We apply quantization to bread.")
    remark = paper("b", "Untitled", "Quantization is not used here.")
    assert assign_topics([claim, remark], [QUANT]) == {"a": ["q"], "b": []}


def test_papers_without_topic_are_in_the_build_report(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "l.txt").write_text(
        "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\n"
        "SubscribeLoRA: Low-Rank Adaptation of Large Language Models\n"
        "We propose low-rank adaptation, a parameter-efficient method. Our adapters are small.\n"
        "Baking Sourdough at Home\nBread needs flour, water, salt and a great deal of patience. We bake a loaf "
        "every morning and share the crumb with the neighbours, who find it tasty and ask for more of it.\n",
        encoding="utf-8")
    report = build(BuildOptions(seeds=seeds, docs=tmp_path / "docs"))
    assert report.papers_without_topic == ["baking-sourdough-at-home"]
    data = json.loads((tmp_path / "docs/data/build-report.json").read_text())
    assert data["papers_without_topic"] == ["baking-sourdough-at-home"]
    export = json.loads((tmp_path / "docs/data/papers.json").read_text())
    lora = next(p for p in export["papers"] if p["title"].startswith("LoRA"))
    assert lora["topics"][0] == "parameter-efficient-fine-tuning"


def test_shipped_taxonomy_is_curated():
    topics = load_topics()
    assert 20 <= len(topics) <= 31
    assert len({t.slug for t in topics}) == len(topics)
    for topic in topics:
        assert len(topic.description) > 60, topic.slug
        assert topic.terms or topic.exact_terms, topic.slug


@pytest.fixture(scope="module")
def seed_topics():
    entries = [e for p in sources.listing_files(SEEDS) for e in sources.read_listing(p).listing.entries]
    papers = merge_entries(entries, Report())
    assigned = assign_topics(papers, load_topics())
    return {p.title.split(":")[0]: assigned[p.slug] for p in papers}


@pytest.mark.parametrize(("paper_name", "main"), [
    ("LoRA", "parameter-efficient-fine-tuning"),
    ("QLoRA", "quantization-and-compression"),
    ("SuperGlue", "image-matching-and-localization"),
    ("LightGlue", "image-matching-and-localization"),
    ("Deep contextualized word representations", "embeddings-and-representations"),
    ("Training Compute-Optimal Large Language Models", "scaling-laws-and-pretraining"),
    ("Toolformer", "reasoning-and-tool-use"),
    ("MUSE", "privacy-copyright-and-safety"),
    ("REPLUG", "retrieval-augmented-models"),
    ("Mixture-of-Experts with Expert Choice Routing", "mixture-of-experts"),
    ("W2v-BERT", "speech-and-audio"),
])
def test_seed_papers_get_the_topic_they_are_about(seed_topics, paper_name, main):
    assert seed_topics[paper_name][0] == main


@pytest.mark.parametrize(("paper_name", "not_in"), [
    # "Zero-Shot" in a vision title is not prompting; back-translation is not multilinguality;
    # hate speech is not audio; an inductive bias is not a social one; "like Experts" and
    # "Expert Reinforcement" are not mixtures of experts; "Decoding-enhanced BERT" generates nothing.
    ("Diffusion Models for Zero-Shot Open-Vocabulary Segmentation", "in-context-learning-and-prompting"),
    ("Better Alignment with Instruction Back-and-Forth Translation", "multilingual-models"),
    ("HaT5", "speech-and-audio"),
    ("Mega", "privacy-copyright-and-safety"),
    ("Programming Every Example", "mixture-of-experts"),
    ("STEER", "mixture-of-experts"),
    ("DeBERTa", "text-generation-and-summarization"),
    ("Fantastic Copyrighted Beasts and How (Not) to Generate Them", "tokenization-and-text-encoding"),
])
def test_passing_words_do_not_make_a_topic(seed_topics, paper_name, not_in):
    assert not_in not in seed_topics[paper_name]


def test_seed_papers_are_spread_over_topics(seed_topics):
    assert all(seed_topics.values())  # every paper of the seeds has a topic
    counts = {}
    for assigned in seed_topics.values():
        for slug in assigned:
            counts[slug] = counts.get(slug, 0) + 1
    assert set(counts) == {t.slug for t in load_topics()}  # no empty topic
    assert max(counts.values()) < len(seed_topics) / 4  # no topic swallows the atlas
    assert sum(len(v) for v in seed_topics.values()) / len(seed_topics) < 2.5


def test_a_phrase_listed_under_two_topics_counts_for_both_and_words_keep_their_boundaries():
    from generator.topics import term_hits
    remote = Topic(slug="v", name="Vision", description="", terms=("remote sensing", "prompt"), exclude=("re-prompt",))
    domain = Topic(slug="d", name="Domains", description="", terms=("remote sensing",), exact_terms=("RAG",))
    index = TopicIndex.build([remote, domain])
    found = sorted((m.text, target) for m, target in term_hits(
        "Remote  sensing; prompt-based prompts, a prompt, RAG, rag, re-RAG.", index.abstract, index.exclude))
    assert found == [("RAG", "d"), ("Remote  sensing", "d"), ("Remote  sensing", "v"), ("prompt", "v")]


def test_own_name_search_finds_what_the_word_bounded_regex_finds():
    import re

    from generator.topics import names_in

    pattern = re.compile(r"(?<![\w-])QLoRA(?![\w])")
    for text in ["QLoRA is good", "the QLoRA-based", "xQLoRA", "QLoRA_x", "(QLoRA)", "a QLoRAs", "é QLoRA ö",
                 "-QLoRA", "QLoRA2 QLoRA."]:
        for start in range(len(text) + 1):
            for end in range(start, len(text) + 1):
                assert names_in(text, "QLoRA", start, end) == bool(pattern.search(text, start, end)), (text, start, end)
