import json

import pytest

from generator import sources
from generator.mentions import Alias, find_mentions, load_aliases, short_name
from generator.merge import merge_entries
from generator.model import Paper, Report
from generator.slugs import title_key
from generator.taxonomy import DataFileError
from tests.conftest import SEEDS
from tests.sitecheck import parse

ATLAS_TITLES = [
    "ART: Automatic multi-step reasoning and tool-use for large language models",
    "BASE Layers: Simplifying Training of Large, Sparse Models",
    "Mega: Moving Average Equipped Gated Attention",
    "MEGABYTE: Predicting Million-byte Sequences with Multiscale Transformers",
    "PERFECT: Prompt-free and Efficient Few-shot Learning with Language Models",
    "OPT: Open Pre-trained Transformer Language Models",
    "MUSE: Machine Unlearning Six-Way Evaluation for Language Models",
    "CLUE: A Chinese Language Understanding Evaluation Benchmark",
    "SuperCLUE: A Comprehensive Chinese Large Language Model Benchmark",
    "SuperGlue: Learning Feature Matching with Graph Neural Networks",
    "LLaMA: Open and Efficient Foundation Language Models",
    "LoRA: Low-Rank Adaptation of Large Language Models",
    "Language Models are Few-Shot Learners",
    "Finetuned Language Models Are Zero-Shot Learners",
    "GPT Understands, Too",
    "Z-Code++: A Pre-trained Language Model Optimized for Abstractive Summarization",
    "Yi: Open Foundation Models by 01.AI",
    "LLM.int8(): 8-bit Matrix Multiplication for Transformers at Scale",
]
ALIASES = load_aliases()


def slug(title: str) -> str:
    return title_key(title).replace(" ", "-")[:40]


def atlas(*abstracts: str) -> list[Paper]:
    papers = [Paper(key=title_key(t), slug=slug(t), title=t, abstract="An abstract.") for t in ATLAS_TITLES]
    citing = [Paper(key=f"citing {i}", slug=f"citing-{i}", title=f"Citing Paper {i}", abstract=text)
              for i, text in enumerate(abstracts)]
    return papers + citing


def linked(abstract: str) -> list[tuple[str, str]]:
    """(text as written, title of the paper it links to) for one citing abstract."""
    papers = atlas(abstract)
    titles = {p.slug: p.title for p in papers}
    return [(m.text, titles[m.target].split(":")[0]) for m in find_mentions(papers, ALIASES)["citing-0"]]


@pytest.mark.parametrize(("abstract", "expected"), [
    # ART: a word, another paper's own name, or the reasoning framework in context.
    ("We master the art of prompting. ART is everywhere.", []),
    ("We introduce ART, a new corpus-level autoencoding approach for dense retrieval. ART needs no labels.", []),
    ("Unlike ART, which interleaves chain-of-thought reasoning with tool calls, we plan first.", [("ART", "ART")]),
    # BASE: model sizes and knowledge bases are not BASE layers.
    ("We fine-tune T5-BASE and BERT-base, and a BASE model, on a knowledge BASE.", []),
    ("Routing tokens with BASE layers balances the experts.", [("BASE layers", "BASE Layers")]),
    # Mega: a prefix, a sentence start, a longer name.
    ("Mega-scale corpora are common. Mega models are big. MEGABYTE and Megatron scale well.",
     [("MEGABYTE", "MEGABYTE")]),
    ("Our model inherits the architecture of Mega (gated attention with a moving average).", [("Mega", "Mega")]),
    # PERFECT: an adjective unless about prompt-free few-shot learning.
    ("A perfect score. Perfect recall matters. PERFECT is an acronym we define here.", []),
    ("Without prompts, PERFECT reaches strong few-shot accuracy.", [("PERFECT", "PERFECT")]),
    # OPT as a verb, as part of another name, and as the model (with its size).
    ("We opt for a simpler loss; users can opt-in or Opt out.", []),
    ("We compare OPT-IML and OPTIMUS.", []),
    ("We evaluate OPT-175B and OPT 13B.", [("OPT", "OPT")]),
    # MUSE: another benchmark of the same name, unless the abstract is about unlearning.
    ("Word translation on the MUSE dictionaries improves.", []),
    ("We test unlearning on MUSE and find that models forget little.", [("MUSE", "MUSE")]),
    # CLUE as a word, inside a longer name or a URL, and the Chinese benchmark.
    ("We have no clue. Clue words help. See SuperCLUE and www.CLUEbenchmarks.com.", [("SuperCLUE", "SuperCLUE")]),
    ("On the Chinese benchmark CLUE we gain 3 points.", [("CLUE", "CLUE")]),
    # SuperGlue the feature matcher versus the SuperGLUE benchmark spelled "SuperGlue".
    ("On the SuperGlue benchmark, GPTs match BERTs.", []),
    ("Compared to SuperGlue, our matcher finds more correspondences between images.", [("SuperGlue", "SuperGlue")]),
    # Versions and variants are other papers; sizes and lowercase suffixes are the same one.
    ("We use LLaMA 2, Llama-2 and LLaMA-2, GPT-3.5, FLAN-T5, P-tuning v2 and Z-Code.", []),
    ("We beat GPT-3 175B and FLAN with a LoRA-based model.", [
        ("GPT-3", "Language Models are Few-Shot Learners"),
        ("FLAN", "Finetuned Language Models Are Zero-Shot Learners"),
        ("LoRA", "LoRA")]),
    # URLs, hyphenated compounds, people.
    ("Code at https://github.com/microsoft/LoRA and w2v-LoRA; as Yi et al. showed.", []),
    # Names with regex characters are matched literally.
    ("We quantize with LLM.int8() and LLMxint8().", [("LLM.int8()", "LLM.int8()")]),
])
def test_names_are_linked_only_where_they_name_the_paper(abstract, expected):
    assert linked(abstract) == expected


def test_each_paper_is_linked_once_where_it_is_first_named_and_never_to_itself():
    papers = atlas("LoRA beats GPT3. LoRA is small. GPT-3 is big.")
    lora = next(p for p in papers if p.title.startswith("LoRA"))
    lora.abstract = "We propose LoRA. LoRA freezes GPT-3."
    found = find_mentions(papers, ALIASES)
    assert [(m.text, m.start) for m in found["citing-0"]] == [("LoRA", 0), ("GPT3", 11)]
    assert [m.text for m in found[lora.slug]] == ["GPT-3"]


def test_a_name_claimed_by_two_papers_needs_context_to_decide():
    papers = [Paper(key=title_key(title), slug=s, title=title, abstract=abstract) for s, title, abstract in [
        ("a", "DRAGON: Graph Pretraining", "x."), ("b", "DRAGON: Dense Retrieval", "y."),
        ("c", "Citing", "We compare with DRAGON on retrieval.")]]
    assert find_mentions(papers)["c"] == []
    aliases = [Alias(title="DRAGON: Dense Retrieval", context=("retrieval",))]
    assert [m.target for m in find_mentions(papers, aliases)["c"]] == ["b"]


@pytest.mark.parametrize(("title", "name"), [
    ("LoRA: Low-Rank Adaptation", "LoRA"), ("UL2: Unifying", "UL2"), ("BASE Layers: Simplifying", "BASE Layers"),
    ("Toolformer: Language Models", "Toolformer"), ("Infini-gram: Scaling", "Infini-gram"),
    ("Contrastive Decoding: Open-ended", None), ("A Little Help Goes a Long Way: Efficient", None),
    ("This is the way: designing", None), ("Sparse Upcycling: Training", None), ("(Mis)Fitting: A Survey", None),
    ("Language Models are Few-Shot Learners", None),
    ("Parameter-Efficient Fine-Tuning Methods for Pretrained Language Models: A Critical Review", None),
])
def test_short_names_come_from_title_prefixes_that_look_like_names(title, name):
    assert short_name(title) == name


def test_aliases_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "aliases.yml"
    bad.write_text("aliases:\n  - names: [X]\n")
    with pytest.raises(DataFileError, match="aliases.yml.*title"):
        load_aliases(bad)
    bad.write_text("aliases:\n  - title: T\n    names: {a: b}\n")
    with pytest.raises(DataFileError, match="'names' must be a list"):
        load_aliases(bad)


@pytest.fixture(scope="module")
def seed_papers():
    entries = [e for p in sources.listing_files(SEEDS) for e in sources.read_listing(p).listing.entries]
    return merge_entries(entries, Report())


def test_every_alias_names_a_paper_of_the_seeds(seed_papers):
    keys = {p.key for p in seed_papers}
    assert [a.title for a in ALIASES if title_key(a.title) not in keys] == []


@pytest.mark.parametrize(("citing", "name", "cited"), [
    ("SuperCLUE", "CLUE", "CLUE"),
    ("Megalodon", "Mega", "Mega"),
    ("LightGlue", "SuperGlue", "SuperGlue"),
    ("AffineGlue", "SuperGlue", "SuperGlue"),
    ("LLaMA", "Chinchilla", "Training Compute-Optimal Large Language Models"),
    ("UL2", "FLAN", "Finetuned Language Models Are Zero-Shot Learners"),
    ("Can Large Language Models Truly Understand Prompts? A Case Study with Negated Prompts", "InstructGPT",
     "Training language models to follow instructions with human feedback"),
    ("Training Compute-Optimal Large Language Models", "Megatron-Turing NLG",
     "Using DeepSpeed and Megatron to Train Megatron-Turing NLG 530B, A Large-Scale Generative Language Model"),
    ("Simple linear attention language models balance the recall-throughput tradeoff", "H3", "Hungry Hungry Hippos"),
    ("LLMs are Also Effective Embedding Models", "ELMo", "Deep contextualized word representations"),
    ("Better Alignment with Instruction Back-and-Forth Translation", "Humpback",
     "Self-Alignment with Instruction Backtranslation"),
    ("VL-Adapter", "Compacter", "Compacter"),
])
def test_seed_abstracts_link_the_papers_they_name(seed_papers, citing, name, cited):
    by_name = {p.title.split(":")[0]: p for p in seed_papers}
    found = find_mentions(seed_papers, ALIASES)[by_name[citing].slug]
    assert (name, by_name[cited].slug) in [(m.text, m.target) for m in found]


@pytest.mark.parametrize(("citing", "not_cited"), [
    ("GPT Understands, Too", "SuperGlue"),  # "the SuperGlue benchmark" is SuperGLUE
    ("Questions Are All You Need to Train a Dense Passage Retriever", "ART"),  # its own ART
    ("BioInstruct", "LLaMA"),  # "LLaMA 1 & 2"
    ("GPTScore", "Finetuned Language Models Are Zero-Shot Learners"),  # "FLAN-T5-small"
])
def test_seed_abstracts_do_not_link_what_they_do_not_name(seed_papers, citing, not_cited):
    by_name = {p.title.split(":")[0]: p for p in seed_papers}
    found = find_mentions(seed_papers, ALIASES)[by_name[citing].slug]
    assert by_name[not_cited].slug not in {m.target for m in found}


def test_seed_mentions_are_many_and_plausible(seed_papers):
    found = find_mentions(seed_papers, ALIASES)
    total = sum(len(v) for v in found.values())
    assert 60 <= total <= 120
    assert all(m.target != slug for slug, ms in found.items() for m in ms)


def test_built_site_links_mentions_both_ways(built_site):
    site = built_site / "site"
    data = json.loads((site / "data/papers.json").read_text(encoding="utf-8"))
    papers = {p["slug"]: p for p in data["papers"]}
    superclue = next(p for p in data["papers"] if p["title"].startswith("SuperCLUE"))
    clue = next(p for p in data["papers"] if p["title"].startswith("CLUE"))
    assert superclue["mentions"] == [clue["slug"]]
    page = parse(site / superclue["url"] / "index.html")
    assert f"../{clue['slug']}/" in page.links  # the name in the abstract is a link
    html = (site / clue["url"] / "index.html").read_text(encoding="utf-8")
    mentioned_by = html.split('id="mentioned-by"', 1)[1]
    assert f'href="../{superclue["slug"]}/"' in mentioned_by
    for paper in papers.values():
        assert set(paper["mentions"]) <= set(papers) and paper["slug"] not in paper["mentions"]


def test_paper_pages_stay_small(built_site):
    pages = sorted((built_site / "site/papers").glob("*/index.html"), key=lambda p: p.stat().st_size)
    assert pages[-1].stat().st_size <= 25_000, pages[-1]  # 25 KB
    gpt3 = (built_site / "site/papers/language-models-are-few-shot-learners/index.html").read_text()
    assert "more (every one is in" in gpt3  # mentioned by more papers than the page lists
