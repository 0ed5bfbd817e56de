"""What a paper does with a benchmark it names, judged from the sentence: its role.

introduces    the paper presents the benchmark ("we introduce X, a benchmark …", "X: A … Benchmark")
evaluates on  the paper reports results on it
trains on     the paper (pre-)trains on it (corpora, instruction data)
mentions      anything else: background, related work, a benchmark it is modelled on
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .text import word_cues

INTRODUCES, EVALUATES, TRAINS, MENTIONS = "introduces", "evaluates on", "trains on", "mentions"
ROLES = (INTRODUCES, EVALUATES, TRAINS, MENTIONS)  # strongest first

BENCHMARK_NOUN = (r"(?:benchmarks?|datasets?|data\s?sets?|corpus|corpora|suites?|testbeds?|test\s?beds?|datastores?|"
                  r"leaderboards?|challenges?|collections?|test\s+sets?|evaluation\s+sets?|challenge\s+sets?)")
INTRO_WORD = (r"(?:introduc|present|propos|releas|construct|build|built|creat|collect|curat|develop|contribut|design|"
              r"compil|establish|offer|provid|disseminat|obtain|produc)\w*")
INTRO_VERB = re.compile(
    r"\b(?:we|this\s+(?:paper|work|study|article|report|thesis)|here|in\s+this\s+(?:paper|work))\b[^.;:]*?"
    rf"\b{INTRO_WORD}\b(?:\s*(?:,|and|or)\s+{INTRO_WORD}\b)*", re.IGNORECASE)
INTRO_HINT = re.compile(r"\b(?:we|this|here|in this)\b")  # cheap test before INTRO_VERB (on lower-cased text)
INTRO_GAP_BLOCK = re.compile(r"\b(?:on|using|with|against|over|via|from|than|to|of|for|in|by|and|or)\b", re.IGNORECASE)
INTRO_BEFORE = re.compile(rf"(?:\bresulting\s+{BENCHMARK_NOUN}[,:]?|\bnewly\s+(?:introduced|proposed|created|"
                          rf"constructed|released|collected)|\b(?:two|three|four|several)?\s*new\s+{BENCHMARK_NOUN}[,:]"
                          rf"|\bcorresponding\s+{BENCHMARK_NOUN}\s*\()\s*$", re.IGNORECASE)
INTRO_NAMED = re.compile(rf"\b{BENCHMARK_NOUN},?\s+(?:named|called|dubbed|termed)\s*$", re.IGNORECASE)
INTRO_APPOSITION = re.compile(r"^\s*(?:\([^()]{0,120}\))?\s*[,:]\s*(?:a|an)\s+(?:new|novel|newly)\b", re.IGNORECASE)
TRAIN_VERB = (r"\b(?:pre-?train(?:s|ed|ing)?|train(?:s|ed|ing)?|instruction[- ]tun(?:e|es|ed|ing)|"
              r"distill(?:s|ed|ing)?|(?:continual(?:ly)?\s+)?pre-?training)\b")
NOT_TRAINING = (r"(?:resources|budget|costs?|compute|time|steps|efficien\w*|stabilit\w*|instabilit\w*|speed|procedure|"
                r"dynamics|loss|models?|LLMs?|LMs?|networks?|checkpoints?)")
TRAIN_BEFORE = re.compile(
    rf"(?:{TRAIN_VERB}(?!\s+{NOT_TRAINING}\b)"
    r"(?:(?!\b(?:evaluat|test|benchmark|while|based|compar|achiev|outperform|improv|result|perform|accura|score|"
    r"perplex)\w*\b)(?!\.\s)[^;,%])*?"
    r"\b(?:on|using|with|from)\s+(?:the\s+)?(?:[\w.+-]+\s+){0,2}"
    r"|\b(?:pre-?training|training)\s+(?:corpus|corpora|data|datasets?)\b[^.;]{0,40})$", re.IGNORECASE)
TRAIN_AFTER = re.compile(
    r"^\s*(?:[\w.+~-]+\s+){0,3}?(?:to\s+(?:pre-?)?train\b|for\s+(?:pre-?)?training\b|as\s+(?:the\s+)?(?:\w+\s+)?"
    r"(?:training|pre-?training|unsupervised|unlabell?ed|instruction)\s+data\b)", re.IGNORECASE)
SOURCE_BEFORE = re.compile(r"\b(?:extracted|derived|drawn|sourced|crawled|filtered|built|constructed|compiled|mined)"
                           r"\s+from\s+(?:the\s+)?$", re.IGNORECASE)
BACKGROUND = word_cues(
    r"such\s+as|like|e\.g\.|styled\s+after|named\s+after|modell?ed\s+(?:on|after)|inspired\s+by|following|"
    r"analog\w*|similar\s+to|popular|widely[- ]used|de\s+facto|have\s+driven|has\s+driven|facilitated|advent|"
    r"examples?")
FIRST_PERSON = word_cues(
    r"we|our|us|the\s+proposed|this\s+(?:\w+\s+)?(?:paper|work|study|method|approach|model|technique|"
    r"framework|regularization|architecture|system)|experiments?|experimental|empirical(?:ly)?")
EVALUATION = word_cues(
    r"evaluat|experiment|outperform|achiev|surpass|improv|result|accura|score|F1|state[- ]of[- ]the[- ]art|"
    r"sota|perform|gain|reach|match|obtain|report|test(?:ed|ing)\b|benchmark(?:ed|ing)\b|validat|comparable|on\s+par|"
    r"exceed|competitive|leaderboard|first\s+place|bleu|rouge|perplex|ppl|wer|recall|precision|top-1|retain|demonstrat|show|beat|"
    r"atop|rank|fine-?tun|boost|recover|win\s+rate|use[sd]?\b|using|employ|adopt", after=r"\w*")
TITLE_SPLIT = re.compile(r"\s*(?::|\s--?\s|\s—\s|\s–\s)\s*")
TITLE_HEAD_STOP = re.compile(r"\b(?:for|of|in|on|with|to|from|by|via|using|towards?|and|that|at)\b", re.IGNORECASE)
TITLE_NOUN = re.compile(r"(?:benchmark|dataset|corpus|suite|testbed|challenge\s+dataset|test\s+set)s?$", re.IGNORECASE)
COLLECTIVE_OF = re.compile(r"^\s*of\s+(?:[\w-]+\s+){0,3}(?:benchmarks|datasets|tasks|environments|evaluations|problems|"
                           r"questions)\b", re.IGNORECASE)


def title_head(title: str) -> tuple[str, str] | None:
    """For a title "NAME: A … Benchmark for …", (NAME, subtitle); None when the title introduces no benchmark."""
    parts = TITLE_SPLIT.split(title, maxsplit=1)
    if len(parts) != 2 or not parts[0] or len(parts[0].split()) > 3:
        return None
    name, subtitle = parts
    stop = TITLE_HEAD_STOP.search(subtitle)
    head = subtitle[: stop.start()] if stop else subtitle
    head = head.strip(" ,.")
    # "A Suite of Benchmarks for …" counts too: a collective noun whose object is benchmarks.
    collective = bool(re.search(r"\b(?:suite|collection|set)$", head, re.IGNORECASE) and stop
                      and COLLECTIVE_OF.match(subtitle[stop.start():]))
    if not TITLE_NOUN.search(head) and not collective:
        return None
    return name.strip(), subtitle


def title_role(title: str, start: int, end: int) -> str:
    """The role of a benchmark named in a paper's title."""
    head = title_head(title)
    if head and title[start:end].strip() == head[0] and start == 0:
        return INTRODUCES
    if start == 0 and head is None and TITLE_SPLIT.match(title[end:]) is not None and TITLE_NOUN.search(
            title[end:].split(" for ")[0].strip(" :-—–")):
        return INTRODUCES
    return EVALUATES if EVALUATION.search(title) or re.search(r"\b(?:on|for)\s+$", title[:start]) else MENTIONS


@dataclass
class Sentence:
    """A sentence with the benchmark names in it, and the cue words found once for all of them
    (each when first asked for)."""

    text: str
    names: list[tuple[int, int]]  # spans of every benchmark name in the sentence

    @cached_property
    def blanked(self) -> str:
        """The text with the names blanked out ("Evaluation" in a name is no cue)."""
        chars = list(self.text)
        for s, e in self.names:
            chars[s:e] = " " * (e - s)
        return "".join(chars)

    @cached_property
    def intro_verbs(self) -> list[re.Match]:
        return list(INTRO_VERB.finditer(self.text)) if INTRO_HINT.search(self.text.lower()) else []

    @cached_property
    def evaluation(self) -> bool:
        return bool(EVALUATION.search(self.blanked))

    @cached_property
    def first_person(self) -> bool:
        return bool(FIRST_PERSON.search(self.blanked))

    @cached_property
    def background(self) -> list[re.Match]:
        return list(BACKGROUND.finditer(self.blanked))


def introduces(sentence: Sentence, start: int, end: int, others_before: list[tuple[int, int]]) -> bool:
    """Whether the sentence presents the benchmark named at [start, end) as the paper's own."""
    text = sentence.text
    before = text[max(0, start - 80):start]
    verbs = [v for v in sentence.intro_verbs if v.end() <= start]
    if INTRO_BEFORE.search(before) or INTRO_APPOSITION.match(text[end:end + 160]):
        return True
    if verbs and INTRO_NAMED.search(before):
        return True
    if not verbs:
        return False
    verb = verbs[-1]
    gap = text[verb.end():start]
    if len(gap.split()) > 12 or INTRO_GAP_BLOCK.search(gap):
        return False
    return not any(verb.end() <= s < start for s, _ in others_before)


def role(sentence: Sentence, start: int, end: int, others_before: list[tuple[int, int]] = ()) -> str:
    """The role of the benchmark named at [start, end); `others_before`: other benchmarks named earlier."""
    text = sentence.text
    if introduces(sentence, start, end, list(others_before)):
        return INTRODUCES
    if SOURCE_BEFORE.search(text[max(0, start - 60):start]):
        return MENTIONS
    if TRAIN_BEFORE.search(text[max(0, start - 120):start]) or TRAIN_AFTER.match(text[end:end + 80]):
        return TRAINS
    if sentence.evaluation and sentence.first_person:
        return EVALUATES
    if _background(sentence, start):
        return MENTIONS
    return EVALUATES if sentence.evaluation else MENTIONS


def sentence_role(text: str, start: int, end: int, others_before: list[tuple[int, int]] = (),
                  names: list[tuple[int, int]] = ()) -> str:
    """The role of the benchmark named at text[start:end] in a sentence (`names`: every name in it)."""
    return role(Sentence(text, list(names) or [(start, end)]), start, end, others_before)


LIST_WORDS = re.compile(r"[^\s,;/&]+")


def _background(sentence: Sentence, start: int) -> bool:
    """Whether a background cue ("such as", "like", "named after") leads up to the name at `start`:
    nothing but other names, list words and at most three other words stand between them."""
    for cue in sentence.background:
        if cue.end() > start:
            break
        between = sentence.blanked[cue.end():start]
        words = [w for w in LIST_WORDS.findall(between) if w.lower() not in {"and", "or", "the"}]
        if "(" not in between and len(words) <= 3:
            return True
    return False


def strongest(roles: list[str]) -> str:
    return min(roles, key=ROLES.index) if roles else MENTIONS
