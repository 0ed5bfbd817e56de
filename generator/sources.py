"""Readers for listing files: bytes in, a `Listing` of entries plus rejections out.

Two layouts occur in the wild and are recognised from the text itself:

* ``compact``: a two-line header, the first title glued to the word ``Subscribe``,
  then title and abstract on consecutive lines;
* ``spaced``: a blank line between every line and a five-line header
  (``new``, the e-mail line, ``Subscribe``, a byline, a date such as ``Mar 13``).

Both reduce to the same thing once blank lines and header lines are dropped: an
alternation of title lines and abstract lines. Anything that does not pair is
reported with its file and line, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .model import Entry, Listing, Rejection

HEADER_LINE = re.compile(
    r"^(new|subscribe|get trending papers in your e-?mail inbox.*|by\s*\S.*and the research community)$",
    re.IGNORECASE,
)
DATE_LINE = re.compile(
    r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(,?\s+\d{4})?$",
    re.IGNORECASE,
)
GLUED_SUBSCRIBE = re.compile(r"^Subscribe(?=\S)")
SENTENCE_BREAK = re.compile(r"[.!?][\"')\]]?\s+[A-Z0-9(\"']")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

MAX_TITLE_CHARS = 300
MAX_LINE_CHARS = 100_000
BINARY_CONTROL_RATIO = 0.05


@dataclass(frozen=True)
class ReadResult:
    """A listing (or None when the file is unusable) and what was rejected."""

    listing: Listing | None
    rejections: tuple[Rejection, ...]
    warnings: tuple[str, ...] = ()


def decode(data: bytes) -> tuple[str | None, list[str]]:
    """Bytes to text: UTF-8 (with or without BOM), else Windows-1252/Latin-1.

    Returns None for data that is not text at all.
    """
    warnings: list[str] = []
    if not data:
        return "", warnings
    sample = data[:65536]
    if sample.count(b"\x00") > len(sample) * BINARY_CONTROL_RATIO:
        return None, warnings
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        warnings.append("not valid UTF-8; decoded as Windows-1252/Latin-1")
    controls = len(CONTROL_CHARS.findall(text[:65536]))
    if controls > len(text[:65536]) * BINARY_CONTROL_RATIO:
        return None, warnings
    if "\x00" in text:
        text = text.replace("\x00", "")
        warnings.append("NUL bytes removed")
    return text, warnings


def clean(line: str) -> str:
    """One line of text: Unicode NFC, control characters gone, spaces collapsed."""
    line = unicodedata.normalize("NFC", line)
    line = CONTROL_CHARS.sub(" ", line)
    return " ".join(line.split())


def is_title(line: str) -> bool:
    """A title is short and does not read like prose: no final period after
    several sentences or many words (titles may hold "?" or "!" mid-way)."""
    if len(line) > MAX_TITLE_CHARS:
        return False
    ends_like_prose = line.endswith(".") and not line.endswith("...")
    return not (ends_like_prose and (len(line) > 120 or SENTENCE_BREAK.search(line)))


def strip_header(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], str, str | None]:
    """Drop the header lines at the top; return the rest, the layout and any date line."""
    date_line = None
    index = 0
    saw_subscribe_alone = False
    while index < len(lines):
        number, text = lines[index]
        if HEADER_LINE.match(text):
            saw_subscribe_alone = saw_subscribe_alone or text.lower() == "subscribe"
            index += 1
        elif DATE_LINE.match(text) and index < 8:
            date_line = text
            index += 1
        else:
            break
    rest = lines[index:]
    layout = "spaced" if saw_subscribe_alone else "compact"
    if rest and GLUED_SUBSCRIBE.match(rest[0][1]):
        number, text = rest[0]
        rest[0] = (number, text[len("Subscribe"):].strip())
        layout = "compact"
    return rest, layout, date_line


def excerpt(text: str, size: int = 80) -> str:
    return text if len(text) <= size else text[:size] + "…"


def pair_lines(lines: list[tuple[int, str]], file: str, listing: str):
    """Pair title lines with the abstract line after them; report what does not pair."""
    entries: list[Entry] = []
    rejections: list[Rejection] = []
    pending: tuple[int, str] | None = None
    for number, text in lines:
        if len(text) > MAX_LINE_CHARS:
            reason = f"line longer than {MAX_LINE_CHARS:,} characters"
            rejections.append(Rejection(file, number, reason, excerpt(text)))
            if pending:
                rejections.append(Rejection(file, pending[0], "title with no abstract", excerpt(pending[1])))
                pending = None
            continue
        if pending is None:
            if is_title(text):
                pending = (number, text)
            else:
                rejections.append(Rejection(file, number, "abstract with no title before it", excerpt(text)))
            continue
        if is_title(text):
            reason = "title with no abstract (followed by another title)"
            rejections.append(Rejection(file, pending[0], reason, excerpt(pending[1])))
            pending = (number, text)
            continue
        entries.append(Entry(title=pending[1], abstract=text, listing=listing,
                             position=len(entries) + 1, line=pending[0]))
        pending = None
    if pending is not None:
        reason = "title with no abstract (at the end of the file)"
        rejections.append(Rejection(file, pending[0], reason, excerpt(pending[1])))
    return entries, rejections


def read_listing(path: Path) -> ReadResult:
    """Read one listing file; never raises for bad content."""
    file = path.name
    listing_id = path.stem
    try:
        data = path.read_bytes()
    except OSError as error:
        return ReadResult(None, (Rejection(file, 0, f"cannot read the file: {error.strerror}"),))
    text, warnings = decode(data)
    if text is None:
        return ReadResult(None, (Rejection(file, 0, "not a text file"),))
    numbered = [(number, clean(raw)) for number, raw in enumerate(text.splitlines(), start=1)]
    numbered = [(number, line) for number, line in numbered if line]
    if not numbered:
        return ReadResult(None, (Rejection(file, 0, "empty file: no entries"),), tuple(warnings))
    body, layout, date_line = strip_header(numbered)
    entries, rejections = pair_lines(body, file, listing_id)
    if not entries and not rejections:
        rejections.append(Rejection(file, numbered[-1][0], "header only: no entries"))
    listing = Listing(id=listing_id, path=str(path), layout=layout, date_line=date_line, entries=tuple(entries))
    return ReadResult(listing, tuple(rejections), tuple(f"{file}: {w}" for w in warnings))


def listing_files(folder: Path) -> list[Path]:
    """The listing files of a seeds folder, in name order (hidden files skipped)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".txt" and not p.name.startswith("."))
