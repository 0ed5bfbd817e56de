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

import codecs
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
# Where one sentence may end and the next begin: ". " then the next sentence's first character
# (a capital of any script, a digit or an opening bracket/quote); CJK full stops take no space.
SENTENCE_GAP = re.compile(r"[.!?][\"')\]]?\s+(\S)")
CJK_FULL_STOP = re.compile("[\u3002\uff0e]")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Invisible characters that only scraping leaves in a line: byte-order marks, zero-width
# spaces and word joiners, and the bidi embedding/override controls that can reorder how
# the text around them is displayed. (Joiners that scripts need, U+200C/U+200D, stay.)
INVISIBLE_CHARS = re.compile("[\ufeff\u200b\u2060\u202a-\u202e\u2066-\u2069]")
LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
UNICODE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

MAX_TITLE_CHARS = 300
MAX_LINE_CHARS = 100_000
BINARY_CONTROL_RATIO = 0.05
SAMPLE_BYTES = 65536


@dataclass(frozen=True)
class ReadResult:
    """A listing (or None when the file is unusable), what was rejected and what was repaired."""

    listing: Listing | None
    rejections: tuple[Rejection, ...]
    warnings: tuple[str, ...] = ()


def _single_bytes(error: UnicodeError) -> tuple[str, int]:
    """Decoding error handler: each byte that is not UTF-8 read as Windows-1252 (else Latin-1)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start:error.end]
    return "".join(_cp1252(byte) for byte in chunk), error.end


def _cp1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d: undefined in Windows-1252
        return chr(byte)


codecs.register_error("paper-atlas-single-bytes", _single_bytes)


def line_list(numbers: list[int], limit: int = 10) -> str:
    """"line 4" or "lines 4, 9, 12 (and 3 more)"."""
    shown = ", ".join(map(str, numbers[:limit]))
    more = f" (and {len(numbers) - limit} more)" if len(numbers) > limit else ""
    return f"line{'s' if len(numbers) > 1 else ''} {shown}{more}"


def binary_reason(data: bytes) -> str | None:
    """Why `data` is not text (too many control bytes), or None when it may be text."""
    sample = data[:SAMPLE_BYTES]
    controls = len(BINARY_BYTES.findall(sample))
    if sample and controls > len(sample) * BINARY_CONTROL_RATIO:
        return f"not a text file ({controls * 100 // len(sample)}% of its first bytes are control bytes)"
    return None


def decode_lines(data: bytes) -> tuple[list[str] | None, list[str]]:
    """Bytes to lines of text, and notes on what had to be repaired (None: not text at all).

    UTF-8 with or without a byte-order mark; a UTF-16/32 file with its byte-order mark;
    any byte that is not UTF-8 is read as Windows-1252 (Latin-1), line by line, so one
    stray Latin-1 byte does not garble the rest of the file. NUL bytes are dropped.
    Lines end at CR LF, CR or LF, as editors count them.
    """
    notes: list[str] = []
    for bom, codec in UNICODE_BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            if "\ufffd" in text:
                notes.append(f"not valid {codec.upper()}; unreadable characters replaced by \ufffd")
            return LINE_BREAK.split(text.replace("\x00", "")), notes
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if binary_reason(data):
        return None, notes
    if b"\r" not in data and b"\x00" not in data:  # most files: decoded at once
        try:
            return data.decode("utf-8").split("\n"), notes
        except UnicodeDecodeError:
            pass  # line by line below
    lines: list[str] = []
    legacy: list[int] = []
    nuls: list[int] = []
    for number, raw in enumerate(LINE_BREAK_BYTES.split(data), start=1):
        if b"\x00" in raw:
            raw = raw.replace(b"\x00", b"")
            nuls.append(number)
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode("utf-8", errors="paper-atlas-single-bytes"))
            legacy.append(number)
    if legacy:
        notes.append(f"{line_list(legacy)}: not valid UTF-8, read as Windows-1252/Latin-1")
    if nuls:
        notes.append(f"{line_list(nuls)}: NUL bytes removed")
    return lines, notes


def clean(line: str) -> str:
    """One line of text: Unicode NFC, control and invisible characters gone, spaces collapsed."""
    if line.isascii() and line.isprintable():  # most lines: nothing to normalise or drop (a fast check in C)
        return " ".join(line.split())
    line = unicodedata.normalize("NFC", line)
    line = INVISIBLE_CHARS.sub("", CONTROL_CHARS.sub(" ", line))
    return " ".join(line.split())


def has_sentence_break(line: str) -> bool:
    """True when the line holds at least two sentences."""
    if CJK_FULL_STOP.search(line[:-1]):
        return True
    starts = (m.group(1) for m in SENTENCE_GAP.finditer(line))
    return any(c.isupper() or c.isdigit() or c in "\"'([" for c in starts)


def is_title(line: str) -> bool:
    """A title is short and does not read like prose: no final period after
    several sentences or many words (titles may hold "?" or "!" mid-way)."""
    if len(line) > MAX_TITLE_CHARS:
        return False
    ends_like_prose = line.endswith((".", "\u3002", "\uff0e")) and not line.endswith("...")
    return not (ends_like_prose and (len(line) > 120 or has_sentence_break(line)))


def strip_header(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], str, str | None]:
    """Drop the header lines at the top; return the rest, the layout and any date line."""
    date_line = None
    index = 0
    saw_subscribe_alone = False
    while index < len(lines):
        text = lines[index][1]
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
                reason = "title with no abstract (the line after it was too long)"
                rejections.append(Rejection(file, pending[0], reason, excerpt(pending[1])))
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


def parse_listing(data: bytes, file: str, listing_id: str, path: str = "") -> ReadResult:
    """The entries of one listing's bytes; never raises, whatever the bytes are.

    Every non-blank line ends up in an entry, in the header, or in a rejection.
    """
    lines, notes = decode_lines(data)
    if lines is None:
        return ReadResult(None, (Rejection(file, None, binary_reason(data) or "not a text file"),))
    numbered = [(number, clean(raw)) for number, raw in enumerate(lines, start=1)]
    numbered = [(number, line) for number, line in numbered if line]
    warnings = tuple(f"{file}: {note}" for note in notes)
    if not numbered:
        reason = "empty file: no entries" if not data.strip() else "no visible text: no entries"
        return ReadResult(None, (Rejection(file, None, reason),), warnings)
    body, layout, date_line = strip_header(numbered)
    entries, rejections = pair_lines([(n, t) for n, t in body if t], file, listing_id)
    if not entries and not rejections:
        rejections.append(Rejection(file, numbered[-1][0], "header only: no entries"))
    listing = Listing(id=listing_id, path=path or file, layout=layout, date_line=date_line,
                      entries=tuple(entries))
    return ReadResult(listing, tuple(rejections), warnings)


def read_listing(path: Path) -> ReadResult:
    """Read one listing file; never raises for bad content or an unreadable file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = f"cannot read the file ({error.strerror or error})"
        return ReadResult(None, (Rejection(path.name, None, reason),))
    return parse_listing(data, path.name, path.stem, str(path))


def is_listing_file(path: Path) -> bool:
    return path.suffix == ".txt" and not path.name.startswith(".") and path.is_file()


def listing_files(folder: Path) -> list[Path]:
    """The listing files of a seeds folder, in name order (hidden files skipped)."""
    return sorted(p for p in folder.iterdir() if is_listing_file(p))


def ignored_files(folder: Path) -> list[tuple[str, str]]:
    """(name, reason) for every visible entry of a seeds folder that is not read as a listing."""
    ignored = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or is_listing_file(path):
            continue
        if path.is_dir():
            reason = "a folder (listings are read from the seeds folder itself, not sub-folders)"
        elif path.suffix != ".txt":
            reason = "not a .txt file"
        else:
            reason = "not a regular file (a broken link?)"
        ignored.append((path.name, reason))
    return ignored
