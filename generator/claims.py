"""Results an abstract states for a benchmark ("an average score of 91.3 on SuperGLUE").

A number is attached to a benchmark only when the sentence ties them together: the number
comes just before "on|in|for … <benchmark>", or right after the benchmark's name ("MNLI by
+0.9%", "SuperGLUE leaderboard … with an average score of 91.3"). Numbers of several
benchmarks are paired only when the sentence says "respectively" and the counts agree.
Anything else stays unattached: a stated result shown next to the wrong benchmark is worse
than one not shown. These are claims of the abstract, never verified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Claim:
    value: str  # as written: "91.3", "+0.9% (90.2% vs. 91.1%)"
    measure: str  # what the number measures, in the sentence's words ("average score"); may be empty
    sentence: int  # 1-based sentence of the abstract


@dataclass(frozen=True)
class Named:
    """A benchmark named in a sentence: its slug, its span in the sentence, and whether results may be stated for it
    (not for a benchmark the paper only trains on or mentions in passing)."""

    slug: str
    start: int
    end: int
    claimable: bool = True


MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
NOT_RESULTS = (  # numbers that are no results, and citations
    rf"\b{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,\s*\d{{4}})?|\b{MONTHS}\s+\d{{4}}"  # dates
    r"|\([^()]*\bet\s+al\.?[^()]*\)|\b[A-Z][a-z]+\s+et\s+al\.?(?:,?\s*\(?\d{4}[a-z]?\)?)?"  # citations
    r"|\b(?:19|20)\d\d[a-z]?\b(?!\s*%)"  # years
    r"|\b\d+(?:\.\d+)?\s*[KMBT]\b|\b\d+(?:\.\d+)?\s*(?:billion|million|thousand)\b"  # sizes and counts
    r"|\b\d+(?:\.\d+)?\s*(?:x|×|times)\b|\b\d+(?:\.\d+)?x\w*"  # multipliers
    r"|\b\d+-(?:shot|bit|way|hop|gram|layer|step|class|choice|turn|point\s+scale)\b"  # settings
    r"|\b\d+/\d+\b|\b[A-Za-z]+[_-]?\{?\d+[\w.}-]*")  # fractions of tasks; names with numbers (GPT-3, Llama2-7B, F_0.5)
# Where one of them may begin (a bracket, a number, a word before a digit or "et al"): looked at first, so
# that they are not all tried everywhere (the same matches, 2.5x faster).
NOT_RESULT_START = r"(?=\(|\b(?:\d|[A-Za-z]+(?:\.?\s+\d|\s+et\s|[_-]?\{?\d)))"
NOT_A_RESULT = re.compile(f"{NOT_RESULT_START}(?:{NOT_RESULTS})", re.IGNORECASE)
NUMBER = re.compile(r"[+±−-]?\d+(?:[.,]\d+)?(?:\s*(?:\\?%|percent(?:age)?(?:\s+points?)?|pp\b|-?points?\b))?")
JOINER = re.compile(r"^\s*(?:\(|\)|vs\.?|versus|v\.s\.|&|and|,|/|to|→|->|\s)*\s*$", re.IGNORECASE)
METRIC = re.compile(
    r"\b(?:top-[15]\s+accuracy|accuracy|acc|scores?|mIoU|IoU|F1|F-?score|EM|exact\s+match|BLEU|ROUGE(?:-[12L])?|METEOR|CIDEr|SPICE|perplexity|PPL|"
    r"WER|CER|error(?:\s+rate)?|mAP|AP|AUC|recall(?:@\d+)?|precision|top-[15]|pass@\d+|win\s+rates?|Elo|"
    r"improvements?|gains?|points?|FID|MAUVE|correlation|success\s+rate|retention|margin|macro[- ]F1|"
    r"percentage\s+points?)\b", re.IGNORECASE)
COST_AFTER = re.compile(
    r"^\s*(?:(?:less|more|fewer|faster|slower|smaller|larger|reduction|savings?|speed-?up|lower|higher\s+throughput)\b|"
    r"(?:of\s+(?:the\s+|its\s+|their\s+|a\s+)?)?(?:[\w-]+\s+){0,2}(?:compute|parameters|tokens|memory|FLOPs|time|"
    r"GPUs?|hours|examples|samples|instances|languages|tasks|datasets|layers|costs?|budget|training\s+data)\b)",
    re.IGNORECASE)
COMPARATOR = re.compile(r"(?:(?:more|less|fewer|greater|higher|lower)\s+than|up\s+to|over|about|approximately|nearly|"
                        r"around|almost|at\s+least|at\s+most|roughly|[<>≤≥~≈])\s*\(?$", re.IGNORECASE)
LINK_BEFORE = re.compile(r"\b(?:on|in|for|at|across|of|over)\s+(?:the\s+)?(?:[\w.+-]+\s+){0,1}$", re.IGNORECASE)
CLAUSE_BREAK = re.compile(r";|\b(?:while|whereas|but|although|however|using|compared|yet)\b|\.\s", re.IGNORECASE)
POST_START = re.compile(r"^\s*(?:(?:benchmark|leaderboard|dataset|test\s+set|tasks?)\b)?[^;]*", re.IGNORECASE)
LIST_GAP = re.compile(r"^\s*(?:,\s*(?:and|or)?|and|or|&|/)\s*$", re.IGNORECASE)
MAX_POST = 110  # characters between a benchmark's name and a number stated after it
MAX_PRE = 80  # characters between a number and the name of the benchmark it is stated for


@dataclass(frozen=True)
class _Value:
    start: int
    end: int
    text: str
    count: int  # how many numbers the group holds ("28.8 and 28.5 points": 2)


def _mask(sentence: str) -> str:
    """The sentence with everything that is a number but not a result blanked out (same length)."""
    return NOT_A_RESULT.sub(lambda m: " " * len(m.group(0)), sentence)


def _values(sentence: str, masked: str) -> list[_Value]:
    """Groups of result numbers: "+0.9% (90.2% vs. 91.1%)" is one group of three."""
    numbers = [m for m in NUMBER.finditer(masked) if not COST_AFTER.match(masked[m.end():])]
    groups: list[list[re.Match]] = []
    for match in numbers:
        if groups and JOINER.match(masked[groups[-1][-1].end():match.start()]):
            groups[-1].append(match)
        else:
            groups.append([match])
    values = []
    for group in groups:
        start, end = group[0].start(), group[-1].end()
        while end < len(sentence) and sentence[end] == ")" and sentence[start:end].count("(") > sentence[
                start:end].count(")"):
            end += 1
        comparator = COMPARATOR.search(sentence[max(0, start - 20):start])
        shown = start - len(comparator.group(0)) if comparator else start
        text = sentence[shown:end].strip()
        if _is_result(masked, group[0].start(), end, text):
            values.append(_Value(start, end, text.lstrip("("), len(group)))
    return values


def _is_result(masked: str, start: int, end: int, text: str) -> bool:
    if "%" in text or re.search(r"points?|pp\b|percent", text):
        return True
    if re.search(r"\d\.\d", text) and (METRIC.search(masked[max(0, start - 40):start])
                                       or re.match(rf"^\s*(?:[\w-]+\s+){{0,2}}{METRIC.pattern}", masked[end:end + 30],
                                                   re.IGNORECASE)):
        return True
    return bool(re.search(r"\b(?:vs\.?|versus)\b", text))


MEASURE_STOP = re.compile(r"\b(?:on|in|for|at|over|than|while|and)\b|[,;()]")


def _measure(sentence: str, value: _Value) -> str:
    """The words naming what a number measures: the nearest metric phrase around it, in the sentence's words."""
    after = MEASURE_STOP.split(sentence[value.end:value.end + 40], maxsplit=1)[0]
    found = METRIC.search(after)
    if found:
        return _with_modifiers(after, found)
    before = re.split(r"[,;]", sentence[max(0, value.start - 60):value.start])[-1]
    metrics = list(METRIC.finditer(before))
    return _with_modifiers(before, metrics[-1]) if metrics else ""


def _with_modifiers(text: str, metric: re.Match) -> str:
    """A metric word with up to three words qualifying it just before ("macro-average score", "5-shot accuracy")."""
    words = text[:metric.start()].split()
    modifiers: list[str] = []
    for word in reversed(words[-3:]):
        if word.lower() in STOPWORDS or not re.fullmatch(r"[\w@.-]+", word) or re.fullmatch(r"[\d.,%+-]+", word):
            break
        modifiers.insert(0, word)
    return " ".join([*modifiers, metric.group(0)])


STOPWORDS = {"a", "an", "the", "of", "on", "in", "by", "with", "and", "to", "its", "our", "their", "new", "achieves",
             "achieving", "reaches", "obtains", "has", "have", "is", "are", "was", "were", "gets", "retains", "than",
             "more", "less", "over", "up", "about", "vs", "vs.", "versus"}


def _list_after(named: list[Named], sentence: str, index: int) -> list[Named]:
    """The benchmark at `index` and those listed right after it ("on SQuAD 1.1 and 2.0")."""
    chain = [named[index]]
    for nxt in named[index + 1:]:
        if LIST_GAP.match(sentence[chain[-1].end:nxt.start]):
            chain.append(nxt)
        else:
            break
    return chain


def stated_results(sentence: str, named: list[Named], number: int) -> dict[str, list[Claim]]:
    """slug → the claims the sentence states for it (sentence `number` of the abstract)."""
    if not named:
        return {}
    named = sorted(named, key=lambda n: n.start)
    masked = _mask(sentence)
    respectively = re.search(r"\brespectively\b", sentence, re.IGNORECASE)
    values = _values(sentence, masked)
    claims: dict[str, list[Claim]] = {}

    def add(target: Named, value: _Value, text: str | None = None) -> None:
        if not target.claimable:
            return
        claim = Claim(text or value.text, _measure(sentence, value), number)
        if claim not in claims.setdefault(target.slug, []):
            claims[target.slug].append(claim)

    for value in values:
        # Stated for a benchmark named after it: "67.5% on the MMLU benchmark", "94.6% and 88.7% F1 on A and B, resp.".
        following = next((i for i, n in enumerate(named) if n.start >= value.end), None)
        if following is not None:
            between = masked[value.end:named[following].start]
            if len(between) <= MAX_PRE and LINK_BEFORE.search(between) and not CLAUSE_BREAK.search(between) \
                    and "," not in between:
                chain = _list_after(named, sentence, following)
                if len(chain) == 1 and (value.count == 1 or not respectively):
                    add(chain[0], value)
                elif value.count == 1 and not respectively:
                    for n in chain:  # "more than 99% accuracy on SQuAD 2.0 and GLUE": said of both
                        add(n, value)
                elif respectively and len(chain) == value.count:
                    numbers = [m.group(0).strip() for m in NUMBER.finditer(masked, value.start, value.end)]
                    unit = "%" if numbers and numbers[-1].endswith("%") else ""
                    for n, text in zip(chain, numbers, strict=True):
                        add(n, value, text if text.endswith("%") else text + unit)
                continue
        # Stated right after a benchmark's name: "MNLI by +0.9%", "SuperGLUE leaderboard … score of 91.3".
        preceding = next((n for n in reversed(named) if n.end <= value.start), None)
        if preceding is None or respectively:
            continue
        between = masked[preceding.end:value.start]
        if (len(between) <= MAX_POST and not CLAUSE_BREAK.search(between) and _post_linked(between)
                and not any(preceding.end <= n.start < value.start for n in named)
                and not any(preceding.end <= v.start < value.start for v in values)):
            add(preceding, value)
    return claims


def _post_linked(between: str) -> bool:
    """Whether the words between a name and a number tie the number to the name."""
    stripped = between.strip()
    if not stripped or stripped in {"(", ":", "=", "-", "—"}:
        return True
    if re.match(r"^(?:benchmark|leaderboard|dataset|test\s+set|task)?\s*(?:\(|by\b|with\b|of\b|at\b|:)", stripped,
                re.IGNORECASE):
        return True
    if re.fullmatch(r"(?:[\w-]+\s+){0,3}\(", stripped):  # "BLINK spatial reasoning (83.9%)"
        return True
    return bool(re.search(r"\b(?:by|of|with)(?:\s+(?:an?\s+|the\s+)?(?:[\w-]+\s*){0,4})?\(?$", stripped))
