"""Stable URL slugs: a pure function of a paper's title.

A slug never depends on the order of inputs or on which other papers exist:

* the title is slugified with python-slugify and cut at the last whole word that
  fits ``MAX_SLUG_LENGTH`` (a true prefix of the title's words);
* when the slug does not carry the whole normalised title (it was cut, or the title
  has characters that transliterate or vanish), a short hash of the normalised
  title is appended. Two different titles can then only share a slug by a hash
  collision, which `assign_slugs` resolves with a longer hash of the same titles.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from slugify import slugify

MAX_SLUG_LENGTH = 80
HASH_LENGTH = 6
HASH_LENGTHS = (HASH_LENGTH, 12, 24, 40)  # 40: the whole SHA-1
HASH_LIKE = re.compile(r"(^|-)([0-9a-f]{6}|[0-9a-f]{12}|[0-9a-f]{24}|[0-9a-f]{40})$")
NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
# NON_WORD for ASCII text, as a translation: every ASCII character but a letter or digit becomes a space.
ASCII_NON_WORD = str.maketrans(dict.fromkeys((c for c in map(chr, range(128)) if not c.isalnum()), " "))


def title_key(title: str) -> str:
    """The identity of a paper: its title case-folded, punctuation and spacing ignored.

    A title with no letters or digits at all (say "???") keys on its visible characters,
    so that two such titles are not taken for the same paper.
    """
    if title.isascii():  # the same, four times faster on an abstract: NFKC keeps ASCII, casefold is lower
        text = title.lower()
        words = " ".join(text.translate(ASCII_NON_WORD).split())
    else:
        text = unicodedata.normalize("NFKC", title).casefold()
        words = " ".join(NON_WORD.sub(" ", text).split())
    return words or " ".join(text.split())


def title_hash(key: str, length: int = HASH_LENGTH) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:length]


def cut_at_word(slug: str, limit: int) -> str:
    """The longest prefix of whole words (hyphen-separated) within `limit` characters."""
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1]
    if cut.endswith("-"):
        return cut[:-1]
    head = cut.rsplit("-", 1)[0]
    return head if head != cut else slug[:limit]


def base_slug(title: str) -> str:
    """The slug before any hash: slugified title cut at a word boundary (may be empty)."""
    return cut_at_word(slugify(title), MAX_SLUG_LENGTH)


def is_exact(base: str, key: str) -> bool:
    """Whether a title's base slug is its slug: it spells the whole title key and cannot be mistaken
    for a hashed slug (its last word is not a hash-like run of hex digits)."""
    return bool(base) and base.replace("-", " ") == key and not HASH_LIKE.search(base)


def slug_for(title: str, hash_length: int = HASH_LENGTH, key: str | None = None) -> str:
    """The slug of a title; adds a hash of the title when the slug loses information (`key`: its title key,
    when known)."""
    base, key = base_slug(title), title_key(title) if key is None else key
    if is_exact(base, key):
        return base
    suffix = title_hash(key, hash_length)
    base = cut_at_word(base, MAX_SLUG_LENGTH - hash_length - 1)
    return f"{base}-{suffix}" if base else f"paper-{suffix}"


def assign_slugs(keys_to_titles: dict[str, str]) -> dict[str, str]:
    """Slugs for many papers (title key → title), unique and independent of the order given.

    Slugs without a hash never collide (they spell different keys) and never look like
    hashed ones; hashed slugs collide only when two titles share their first words and a
    6-character hash: then each of them takes a longer hash of its own title.
    """
    slugs = {key: slug_for(title, key=key) for key, title in keys_to_titles.items()}
    for length in HASH_LENGTHS[1:]:
        by_slug: dict[str, list[str]] = {}
        for key, slug in slugs.items():
            by_slug.setdefault(slug, []).append(key)
        colliding = [key for keys in by_slug.values() if len(keys) > 1 for key in keys]
        if not colliding:
            break
        for key in colliding:
            slugs[key] = slug_for(keys_to_titles[key], length, key)
    return slugs
