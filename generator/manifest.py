"""The manifest of published URLs (`urls.yml`, kept in the repository) and the redirects it implies.

Every build compares what it is about to publish with what was published before:

* a paper is known by its title key (`slugs.title_key`); its entry records the slug it is
  published under, its title and a fingerprint of its abstract. Entries are mappings, so
  later steps can keep more facts about a paper there (fields the build does not know are
  carried over untouched);
* when a known paper's slug changes, the old URL redirects to the new one;
* when a known paper is no longer built, the build looks for its successor — the paper its
  old title now merges into, or the one paper with the same abstract (its title was
  corrected) — redirects the old URL there and hands the successor the old entry's fields;
* other generated pages (topics, benchmarks, listings) are recorded by URL. One that
  disappears needs a redirect written by hand under `redirects:`;
* a published URL that is neither built nor redirected is reported as broken.

Adding papers or pages only ever adds entries: no existing URL changes.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import links, yamlout
from .parallel import map_chunks
from .slugs import title_key

VERSION = 1
# A page URL as the site makes them: lower-case path segments ending in "/" (no "..", no host).
URL = re.compile(r"^(?:[a-z0-9][a-z0-9_.-]*/)+$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HEADER = """\
# Every URL Paper Atlas has published, so that links to it never break (README: "Links that never break").
# The build keeps this file up to date: commit it with the seeds. By hand you may only
#   - add a redirect under `redirects:` (old URL: new URL) for a page you removed or merged away, or
#   - delete the entry of a removed page to let its URL go, or
#   - correct a paper's `first_seen:` day (YYYY-MM-DD).
# papers: title key -> the slug it is published under, its title, a fingerprint of its abstract and the day it
#   was first seen (found in the git history of seeds/ by the first build that saw it, then kept as recorded).
"""


@dataclass(frozen=True)
class PublishedPaper:
    """A paper as the build is about to publish it."""

    key: str
    slug: str
    title: str
    abstract: str
    first_seen: str | None = None  # the day the paper entered the atlas, if known (history.py)


@dataclass
class Manifest:
    papers: dict[str, dict] = field(default_factory=dict)  # title key → {"slug", "title", "abstract", …}
    pages: set[str] = field(default_factory=set)  # URLs of the other generated pages
    redirects: dict[str, str] = field(default_factory=dict)  # old URL → new URL


@dataclass
class PapersUpdate:
    """The papers' part of an update: their entries (first-seen days settled), redirects and broken URLs."""

    entries: dict[str, dict]  # title key → entry
    redirects: dict[str, str]  # old URL → new URL (unresolved)
    broken: list[str]


@dataclass
class Update:
    """The result of comparing a manifest with a build."""

    manifest: Manifest
    redirects: dict[str, str]  # old URL → URL that is built now (chains resolved)
    broken: list[str]  # published URLs that are neither built nor redirected, with the reason


def paper_url(slug: str) -> str:
    return f"papers/{slug}/"


def page_url(path: str) -> str:
    """The URL of a page from its path under docs/: `topics/x.md` → `topics/x/`, `topics/index.md` → `topics/`."""
    return links.page_url(path, directory_urls=True)


def page_source(url: str) -> str:
    """The other way round, for MkDocs: `topics/x/` → `topics/x.md`, `topics/` → `topics/index.md`."""
    return "index.md" if url in ("", "/") else url.rstrip("/") + ".md"


def fingerprint(abstract: str) -> str:
    """Recognises an abstract through changes of case, punctuation and spacing."""
    return hashlib.sha1(title_key(abstract).encode("utf-8")).hexdigest()[:12]


# -- reading and writing -----------------------------------------------------------------

class ManifestError(Exception):
    """The manifest cannot be read; the message names the file."""


# libyaml's safe loader reads the same data as PyYAML's, ten times faster (100,000 papers make a big file).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(path: Path) -> Manifest:
    """The manifest at `path`; an empty one when the file does not exist yet."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    except FileNotFoundError:
        return Manifest()
    except (OSError, yaml.YAMLError, ValueError) as error:  # ValueError: a date YAML cannot make (2024-02-30)
        raise ManifestError(f"{path}: cannot read the URL manifest ({error})") from None
    if not isinstance(data, dict) or data.get("version", VERSION) != VERSION:
        raise ManifestError(f"{path}: not a version-{VERSION} URL manifest")
    papers = data.get("papers") or {}
    if not isinstance(papers, dict) or not all(isinstance(e, dict) and "slug" in e for e in papers.values()):
        raise ManifestError(f"{path}: `papers:` must map title keys to entries with a slug")
    result = Manifest(papers={str(k): dict(v) for k, v in papers.items()},
                      pages={str(url) for url in data.get("pages") or []},
                      redirects={str(k): str(v) for k, v in (data.get("redirects") or {}).items()})
    for key, entry in result.papers.items():
        if "first_seen" in entry and (day := iso_day(entry["first_seen"])) is None:
            raise ManifestError(f"{path}: `first_seen:` of {key!r} is not a day like 2024-05-01: "
                                f"{entry['first_seen']!r}")
        if "first_seen" in entry:
            entry["first_seen"] = day
    bad = [str(e["slug"]) for e in result.papers.values() if not SLUG.match(str(e["slug"]))]
    bad += [url for url in [*result.pages, *result.redirects.keys(), *result.redirects.values()]
            if not URL.match(url) or "/../" in f"/{url}" or "/./" in f"/{url}"]
    if bad:
        raise ManifestError(f"{path}: not a page URL of this site (like `topics/speech/`): {bad[0]!r}")
    return result


def iso_day(value: object) -> str | None:
    """A first-seen day as `YYYY-MM-DD` (YAML reads an unquoted day as a date), or None when it is not one."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(value).isoformat() if isinstance(value, str) and DAY.match(value) else None
    except ValueError:
        return None


def dump(manifest: Manifest) -> str:
    """The manifest as YAML, sorted, so that a diff shows exactly what changed."""
    data = {"version": VERSION,
            "papers": {key: dict(sorted(manifest.papers[key].items())) for key in sorted(manifest.papers)},
            "pages": sorted(manifest.pages),
            "redirects": dict(sorted(manifest.redirects.items()))}
    return HEADER + yamlout.dump(data)  # PyYAML's text (safe_dump, unicode, no folding), written faster


# -- comparing with a build ----------------------------------------------------------------

def fingerprints(abstracts: list[str]) -> list[str]:
    return [fingerprint(abstract) for abstract in abstracts]


def successor(entry: dict, papers: dict[str, PublishedPaper],
              by_abstract: dict[str, list[PublishedPaper]]) -> PublishedPaper | None:
    """The paper a vanished one became: the one its title now merges into, or the only one with its abstract
    (`by_abstract`: the papers by the fingerprint of their abstract)."""
    if "title" in entry and (same := papers.get(title_key(str(entry["title"])))):
        return same
    matches = by_abstract.get(entry["abstract"], []) if entry.get("abstract") else []
    return matches[0] if len(matches) == 1 else None


def resolve(redirects: dict[str, str], live: set[str]) -> tuple[dict[str, str], list[str]]:
    """Redirects whose chains are followed to a built page; those that end nowhere are returned apart."""
    resolved, dangling = {}, []
    for source in sorted(redirects):
        if source in live:
            continue  # a page is built there again: it wins
        target, seen = redirects[source], {source}
        while target in redirects and target not in live and target not in seen:
            seen.add(target)
            target = redirects[target]
        if target in live:
            resolved[source] = target
        else:
            dangling.append(source)
    return resolved, dangling


def update_papers(manifest: Manifest, papers: list[PublishedPaper]) -> PapersUpdate:
    """The manifest's paper entries after this build: slugs and titles updated, vanished papers
    handed to their successors, and a first-seen day recorded for each paper that has none.

    A recorded first-seen day wins over the one the build found; when two papers become one,
    the earlier day is kept.
    """
    current = {p.key: p for p in papers}
    entries = {key: dict(entry) for key, entry in manifest.papers.items()}
    redirects = dict(manifest.redirects)
    prints = map_chunks(fingerprints, [p.abstract for p in papers])
    by_abstract: dict[str, list[PublishedPaper]] = {}
    for paper, printed in zip(papers, prints, strict=True):
        by_abstract.setdefault(printed, []).append(paper)
        entry = entries.setdefault(paper.key, {})
        if entry.get("slug") not in (None, paper.slug):
            redirects[paper_url(entry["slug"])] = paper_url(paper.slug)
        entry.update(slug=paper.slug, title=paper.title, abstract=printed)
    broken = []
    for key in [k for k in entries if k not in current]:
        entry = entries[key]
        old = paper_url(str(entry["slug"]))
        if old in redirects:
            continue  # redirected by hand (or before): that decision stands
        found = successor(entry, current, by_abstract)
        if found is None:
            broken.append(f"{old} (“{entry.get('title', key)}”) is no longer built")
            continue
        redirects[old] = paper_url(found.slug)
        heir = entries[found.key]
        for name, value in entry.items():
            heir.setdefault(name, value)
        if "first_seen" in entry:
            heir["first_seen"] = min(str(heir["first_seen"]), str(entry["first_seen"]))
        del entries[key]
    for paper in papers:
        if paper.first_seen is not None:
            entries[paper.key].setdefault("first_seen", paper.first_seen)
    return PapersUpdate(entries, redirects, broken)


def update(manifest: Manifest, papers: list[PublishedPaper], pages: list[str],
           other_pages: list[str] = (), settled: PapersUpdate | None = None) -> Update:
    """Compare the manifest with what is about to be published; returns the new manifest and redirects.

    `pages` are the URLs of the generated pages other than papers (recorded in the manifest);
    `other_pages` those of hand-written pages (not recorded, but a redirect may point to one).
    `settled` is `update_papers(manifest, papers)` when the caller has it already.
    """
    settled = settled or update_papers(manifest, papers)
    redirects, broken = dict(settled.redirects), list(settled.broken)
    live = {paper_url(p.slug) for p in papers} | set(pages) | set(other_pages)
    for url in sorted(manifest.pages - set(pages)):
        if url not in redirects:
            broken.append(f"{url} is no longer built")
    resolved, dangling = resolve(redirects, live)
    broken += [f"{url} redirects to {redirects[url]}, which is not built" for url in dangling]
    new = Manifest(papers=settled.entries, pages=manifest.pages | set(pages), redirects=redirects)
    return Update(manifest=new, redirects=resolved, broken=sorted(broken))


def redirect_maps(redirects: dict[str, str]) -> dict[str, str]:
    """Redirects as the mkdocs-redirects plugin takes them: old page source → new page source."""
    return {page_source(old): page_source(new) for old, new in sorted(redirects.items())}
