import re
import sys
from functools import lru_cache

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.benchmarks import Matcher, annotate, find_benchmarks
from generator.mentions import load_aliases, paper_names
from generator.model import Paper
from generator.registry import load_registry as load_benchmarks
from generator.taxonomy import load_topics
from generator.terms import Match, TermIndex, character_classes, phrase_key
from generator.topics import TopicIndex
from tests.conftest import FIXTURES
from tests.test_benchmarks_gold import seed_papers


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


# -- trying the regexes only where the automaton says a match may begin finds what they find alone --

def finditer_find(index: TermIndex, text: str) -> list[Match]:
    """`TermIndex.find` as it was before `Beginnings`: each regex run over the whole text."""
    candidates: list[Match] = []
    if index._exact_re is not None:
        for m in index._exact_re.finditer(text):
            target = index.exact.get(phrase_key(m.group(0), index.flexible))
            if target is not None:
                candidates.append(Match(m.start(), m.end(), target, m.group(0)))
    if index._folded_re is not None:
        lowered = text.lower()
        folded_re = index._folded_re if len(lowered) == len(text) else index._folded_fallback
        for m in folded_re.finditer(lowered if folded_re is index._folded_re else text):
            target = index.folded.get(phrase_key(m.group(0), index.flexible).lower())
            if target is not None:
                candidates.append(Match(m.start(), m.end(), target, text[m.start():m.end()]))
    candidates.sort(key=lambda m: (m.start, -(m.end - m.start)))
    chosen: list[Match] = []
    for match in candidates:
        if chosen and match.start < chosen[-1].end:
            continue
        chosen.append(match)
    return chosen


@lru_cache(maxsize=1)
def real_indexes() -> dict[str, TermIndex]:
    """Every index the build compiles, from the real data files and the seed papers."""
    registry = load_benchmarks()
    matcher, found = Matcher(registry), Matcher(annotate(seed_papers(), registry).registry)
    topics = TopicIndex.build(load_topics())
    return {
        "benchmark names": matcher.index, "benchmark cues": matcher.cue_index,
        "with discovered benchmarks": found.index, "their cues": found.cue_index,
        "known names (discovery)": TermIndex.build([(n, b.slug, False) for b in registry.benchmarks for n in b.names],
                                                   flexible=True),
        "domain cues (discovery)": TermIndex.build([(c, k, False) for k, d in registry.domains.items() for c in d.cues],
                                                   flexible=True),
        "topic terms": topics.abstract, "topic title terms": topics.title, "topic shields": topics.exclude,
        # mentions.py looks names up itself; as an index, they make a big case-sensitive one
        "paper names": TermIndex.build([(n.text, n.target, True) for n in paper_names(seed_papers(), load_aliases())]),
    }


# Separators, boundaries and characters that lower-casing, encoding or classing could get wrong.
TRICKY = ["İstanbul GLUE", "GLUE İ GLUE", "ΣGLUE ΣΑΣ glue", "\u212aV cache KV cache", "GLUE\u00a0benchmark",
          "Natural\u2003Questions", "Natural\u00a0\u00a0Questions", "Natural - Questions", "Natural--Questions",
          "Natural \n Questions", "NaturalQuestions-based", "a  benchmark", "a\tbenchmark", "a\nbenchmark",
          "in\u2028context", "in\x1ccontext", "😀MMLU😀 MMLU 😀", "\u00adGLUE", "GLUE\u200b", "\ufeffGLUE", "-GLUE",
          "GLUE-", "GLUE-x", "GLUE-based", "GLUE—SuperGLUE", "(GLUE)", "GLUE.", "", " ", "-", "--", "ｇｌｕｅ",
          "BIG-bench Hard", "big bench hard", "BIG - bench", "Big_bench", "Mr. TyDi", "mr.tydi", "τ-bench",
          "τ2-bench on τ-bench", "V* Bench", "v*bench", "é GLUE é", "GLUEé", "MMLU-Pro", "MMLU-ProX", "SQuAD v2.0.",
          "SQuAD 1.1 and 2.0", "C4-based C4", "mixture-of-experts MoE MOE moe", "in-context learning, in context",
          "Low-Rank Adaptation (LoRA) of LLMs", "zero-shot zero shot zeroshot", "pre-training pretraining pre training",
          "İ MoE, CLIP and PEFT İİ QA"]


def texts_to_try() -> list[str]:
    papers = seed_papers()
    texts = [t for p in papers for t in (p.title, p.abstract)]
    hostile = (FIXTURES / "hostile" / "hostile.txt").read_text(encoding="utf-8").splitlines()
    tricky = [*TRICKY, *hostile, *(" ".join(TRICKY[i:i + 5]) for i in range(len(TRICKY)))]
    return [*texts, *(t.upper() for t in texts[:80]), *(t.swapcase() for t in texts[80:160]),
            *tricky, *(t.upper() for t in tricky), *(t.lower() for t in tricky)]


def phrase_texts(index: TermIndex) -> list[str]:
    """Each phrase of the index in a sentence, spelt in the ways a text may spell it."""
    texts = []
    for phrase in index.phrases or [*index.exact, *index.folded]:
        for spelt in {phrase, phrase.upper(), phrase.replace(" ", "-"), phrase.replace(" ", "  "),
                      phrase.replace(" ", ""), phrase.replace("-", " - ")}:
            texts += [f"On {spelt}, and ({spelt}-based){spelt}-x {spelt}", f"İ {spelt}"]  # "İ" lower-cases to two
    return texts


def test_find_finds_what_the_regexes_alone_find_in_every_real_index():
    texts = texts_to_try()
    for name, index in real_indexes().items():
        assert index._beginnings is not None, name
        for text in [*texts, *phrase_texts(index)]:
            assert index.find(text) == finditer_find(index, text), (name, text)


def test_every_index_finds_something_in_the_seeds():  # so the comparison above compares matches
    abstracts = [p.abstract for p in seed_papers()]
    for name, index in real_indexes().items():
        assert any(index.find(a) for a in abstracts), name


def test_what_the_character_classes_rely_on():
    """Only the space is printable whitespace (so a printable text has its separators classed right),
    whitespace is its own lower case, and a character lower-cased into ASCII is a word character
    (so the lower-cased text holds a case-sensitive match at the same place, boundaries and all)."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert [c for c in re.findall(r"\s", every) if c.isprintable()] == [" "]
    assert all(c.lower() == c for c in re.findall(r"\s", every))
    into_ascii = [c for c in every if not c.isascii() and c.lower() != c and c.lower().isascii()]
    assert into_ascii and all(re.match(r"\w", c) for c in into_ascii)
    for flexible in (False, True):
        classes = character_classes(flexible)
        for char in map(chr, range(128)):
            kind = chr(classes[ord(char)])
            if re.match(r"\w", char):
                assert kind == char
            else:
                assert kind == (" " if re.match(r"\s", char) or (flexible and char == "-") else "."), char


def test_texts_the_automaton_cannot_read_are_searched_by_the_regexes():
    index = TermIndex.build([("Natural Questions", "nq", False)])
    assert index._beginnings.places("natural\u00a0questions") is None  # whose classes would hide the separator
    assert [m.text for m in index.find("On Natural\u00a0Questions.")] == ["Natural\u00a0Questions"]
    assert index._beginnings.places("naïve natural questions") == [6]


def test_of_two_matches_as_long_the_case_sensitive_one_is_chosen():
    index = TermIndex.build([("GLUE", "z", True), ("glue", "a", False)])
    assert [m.target for m in index.find("GLUE and glue")] == ["z", "a"] == [m.target for m in finditer_find(
        index, "GLUE and glue")]


def test_phrases_without_words_are_searched_by_the_regexes():
    index = TermIndex({"-": "dash"}, {}, flexible=True)
    assert index._beginnings is None
    assert index.find("a - b") == finditer_find(index, "a - b")


ALPHABET = "aAbB -é."
AROUND = [" ", "  ", "-", "--", " - ", "\n", "\u00a0", "", "(", ")", ".", ",", "_", "é", "İ", "Σ", "😀", "\u200b", "x"]


@settings(derandomize=True, database=None, max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.text(ALPHABET, min_size=1, max_size=7), st.sampled_from("xyz"), st.booleans()),
                min_size=1, max_size=6),
       st.booleans(), st.sampled_from([(), ("based",), ("b", "ab")]), st.data())
def test_property_find_finds_what_the_regexes_alone_find(phrases, flexible, suffixes, data):
    twins = [(p.swapcase(), "~", not exact) for p, _, exact in phrases[:2]]  # matched by both rules
    index = TermIndex.build(phrases + twins, flexible=flexible, suffixes=suffixes)
    pieces = st.one_of(st.sampled_from([p for p, _, _ in phrases]), st.sampled_from(AROUND),
                       st.text(ALPHABET, max_size=4), st.text(max_size=3))
    parts = data.draw(st.lists(st.tuples(pieces, st.sampled_from([str, str.upper, str.lower, str.swapcase])),
                               max_size=12))
    text = "".join(case(piece) for piece, case in parts)
    assert index.find(text) == finditer_find(index, text)
