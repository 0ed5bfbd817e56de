"""What a paper does with a benchmark it names, judged from the sentence: its role.

introduces    the paper presents the benchmark ("we introduce X, a benchmark …", "X: A … Benchmark")
evaluates on  the paper reports results on it
trains on     the paper (pre-)trains on it (corpora, instruction data)
mentions      anything else: background, related work, a benchmark it is modelled on
"""

from __future__ import annotations

import re

INTRODUCES, EVALUATES, TRAINS, MENTIONS = "introduces", "evaluates on", "trains on", "mentions"
ROLES = (INTRODUCES, EVALUATES, TRAINS, MENTIONS)  # strongest first

BENCHMARK_NOUN = (r"(?:benchmarks?|datasets?|data\s?sets?|corpus|corpora|suites?|testbeds?|test\s?beds?|datastores?|"
                  r"leaderboards?|challenges?|collections?|test\s+sets?|evaluation\s+sets?|challenge\s+sets?)")
INTRO_WORD = (r"(?:introduc|present|propos|releas|construct|build|built|creat|collect|curat|develop|contribut|design|"
              r"compil|establish|offer|provid|disseminat|obtain|produc)\w*")
INTRO_VERB = re.compile(
    r"\b(?:we|this\s+(?:paper|work|study|article|report|thesis)|here|in\s+this\s+(?:paper|work))\b[^.;:]*?"
    rf"\b{INTRO_WORD}\b(?:\s*(?:,|and|or)\s+{INTRO_WORD}\b)*", re.IGNORECASE)
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
BACKGROUND = re.compile(
    r"\b(?:such\s+as|like|e\.g\.|styled\s+after|named\s+after|modell?ed\s+(?:on|after)|inspired\s+by|following|"
    r"analog\w*|similar\s+to|popular|widely[- ]used|de\s+facto|have\s+driven|has\s+driven|facilitated|advent|"
    r"examples?)\b", re.IGNORECASE)
FIRST_PERSON = re.compile(
    r"\b(?:we|our|us|the\s+proposed|this\s+(?:\w+\s+)?(?:paper|work|study|method|approach|model|technique|"
    r"framework|regularization|architecture|system)|experiments?|experimental|empirical(?:ly)?)\b", re.IGNORECASE)
EVALUATION = re.compile(
    r"\b(?:evaluat|experiment|outperform|achiev|surpass|improv|result|accura|score|F1|state[- ]of[- ]the[- ]art|"
    r"sota|perform|gain|reach|match|obtain|report|test(?:ed|ing)\b|benchmark(?:ed|ing)\b|validat|comparable|on\s+par|"
    r"exceed|competitive|leaderboard|first\s+place|bleu|rouge|perplex|ppl|wer|recall|precision|top-1|retain|demonstrat|show|beat|"
    r"atop|rank|fine-?tun|boost|recover|win\s+rate|use[sd]?\b|using|employ|adopt)\w*", re.IGNORECASE)
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
    if not TITLE_NOUN.search(head):
        # "A Suite of Benchmarks for …": a collective noun whose object is benchmarks.
        if not (re.search(r"\b(?:suite|collection|set)$", head, re.IGNORECASE) and stop
                and COLLECTIVE_OF.match(subtitle[stop.start():])):
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


def introduces(sentence: str, start: int, end: int, others_before: list[tuple[int, int]]) -> bool:
    """Whether the sentence presents the benchmark named at [start, end) as the paper's own."""
    before = sentence[:start]
    if INTRO_BEFORE.search(before) or INTRO_APPOSITION.match(sentence[end:]):
        return True
    if INTRO_NAMED.search(before) and INTRO_VERB.search(before):
        return True
    verb = None
    for verb in INTRO_VERB.finditer(before):
        pass
    if verb is None:
        return False
    gap = before[verb.end():]
    if len(gap.split()) > 12 or INTRO_GAP_BLOCK.search(gap):
        return False
    return not any(verb.end() <= s < start for s, _ in others_before)


def sentence_role(sentence: str, start: int, end: int, others_before: list[tuple[int, int]] = (),
                  names: list[tuple[int, int]] = ()) -> str:
    """The role of the benchmark named at sentence[start:end].

    `others_before`: other benchmarks named earlier in the sentence; `names`: every benchmark name
    in the sentence (blanked out before looking for cue words, so "Evaluation" in a name is no cue).
    """
    if introduces(sentence, start, end, list(others_before)):
        return INTRODUCES
    if SOURCE_BEFORE.search(sentence[max(0, start - 60):start]):
        return MENTIONS
    if TRAIN_BEFORE.search(sentence[max(0, start - 120):start]) or TRAIN_AFTER.match(sentence[end:end + 80]):
        return TRAINS
    blanked = sentence
    for s, e in names:
        blanked = blanked[:s] + " " * (e - s) + blanked[e:]
    evaluation = EVALUATION.search(blanked)
    if evaluation and FIRST_PERSON.search(blanked):
        return EVALUATES
    if _background(blanked, start):
        return MENTIONS
    return EVALUATES if evaluation else MENTIONS


def _background(blanked: str, start: int) -> bool:
    """Whether a background cue ("such as", "like", "named after") leads up to the name at `start`:
    nothing but other names, list words and at most three other words stand between them."""
    for cue in BACKGROUND.finditer(blanked[:start]):
        between = blanked[cue.end():start]
        words = [w for w in re.findall(r"[^\s,;/&]+", between) if w.lower() not in {"and", "or", "the"}]
        if "(" not in between and len(words) <= 3:
            return True
    return False


def strongest(roles: list[str]) -> str:
    return min(roles, key=ROLES.index) if roles else MENTIONS
