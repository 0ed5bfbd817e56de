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
NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def title_key(title: str) -> str:
    """The identity of a paper: its title case-folded, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(NON_WORD.sub(" ", text).split())


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


def slug_for(title: str, hash_length: int = HASH_LENGTH) -> str:
    """The slug of a title; adds a hash of the title when the slug loses information."""
    key = title_key(title)
    base = base_slug(title)
    if base and base.replace("-", " ") == key:
        return base
    suffix = title_hash(key, hash_length)
    if not base:
        return f"paper-{suffix}"
    return f"{cut_at_word(base, MAX_SLUG_LENGTH - hash_length - 1)}-{suffix}"


def assign_slugs(keys_to_titles: dict[str, str]) -> dict[str, str]:
    """Slugs for many papers (key → title), unique; longer hashes for true collisions."""
    slugs = {key: slug_for(title) for key, title in keys_to_titles.items()}
    by_slug: dict[str, list[str]] = {}
    for key, slug in slugs.items():
        by_slug.setdefault(slug, []).append(key)
    for colliding in (keys for keys in by_slug.values() if len(keys) > 1):
        for key in colliding:
            slugs[key] = slug_for(keys_to_titles[key] + "\x00collision", hash_length=12)
    return slugs
