"""The URL manifest: published URLs are remembered, and a changed or merged-away page redirects."""

from __future__ import annotations

import re
import shutil

import pytest

from generator import manifest
from generator.cli import main
from generator.manifest import Manifest, PublishedPaper, fingerprint, load, update
from generator.pipeline import BuildOptions, build
from generator.slugs import slug_for, title_key
from tests.conftest import FIXTURES, ROOT, SEEDS, copy_project, mkdocs_build

ABSTRACT = "We study things. Things are studied in depth."


def paper(title: str, abstract: str = ABSTRACT) -> PublishedPaper:
    return PublishedPaper(title_key(title), slug_for(title), title, abstract)


def published(*papers: PublishedPaper, pages: tuple[str, ...] = ()) -> Manifest:
    return update(Manifest(), list(papers), list(pages)).manifest


def test_new_papers_and_pages_are_recorded():
    result = update(Manifest(), [paper("A Study of Things")], ["topics/things/"])
    entry = result.manifest.papers["a study of things"]
    assert entry == {"slug": "a-study-of-things", "title": "A Study of Things", "abstract": fingerprint(ABSTRACT)}
    assert result.manifest.pages == {"topics/things/"} and result.redirects == {} and result.broken == []


def test_a_corrected_title_redirects_by_its_abstract():
    before = published(paper("A Stduy of Things"), paper("Other", "Another abstract entirely."))
    before.papers["a stduy of things"]["first_seen"] = "2024-05-01"  # a field added by a later step
    result = update(before, [paper("A Study of Things"), paper("Other", "Another abstract entirely.")], [])
    assert result.redirects == {"papers/a-stduy-of-things/": "papers/a-study-of-things/"}
    assert "a stduy of things" not in result.manifest.papers
    assert result.manifest.papers["a study of things"]["first_seen"] == "2024-05-01"  # the paper keeps its history
    assert result.broken == []


def test_a_paper_merged_into_another_redirects_to_it():
    before = published(paper("Deep Things"), paper("Deep Things (extended)", "A longer version."))
    before.papers["deep things extended"]["title"] = "Deep Things"  # as if merging now treats both as one
    result = update(before, [paper("Deep Things")], [])
    assert result.redirects == {"papers/deep-things-extended/": "papers/deep-things/"}


def test_a_changed_slug_redirects_and_redirects_chain_to_the_page_that_exists():
    before = published(paper("Things"))
    before.papers["things"]["slug"] = "things-old"
    before.redirects["papers/things-older/"] = "papers/things-old/"
    result = update(before, [paper("Things")], [])
    assert result.redirects == {"papers/things-old/": "papers/things/", "papers/things-older/": "papers/things/"}
    assert result.manifest.papers["things"]["slug"] == "things"


def test_a_page_built_again_wins_over_its_redirect():
    before = published(paper("Things"))
    before.redirects["papers/things/"] = "papers/elsewhere/"
    assert update(before, [paper("Things")], []).redirects == {}


def test_a_vanished_page_is_broken_until_redirected_by_hand():
    before = published(paper("Gone Paper", "Its own abstract."), pages=("topics/old/", "topics/new/"))
    result = update(before, [], ["topics/new/"])
    assert any(b.startswith("papers/gone-paper/") for b in result.broken)
    assert any(b.startswith("topics/old/") for b in result.broken)
    assert result.manifest.papers["gone paper"]["slug"] == "gone-paper"  # still remembered

    before.redirects.update({"topics/old/": "topics/new/", "papers/gone-paper/": "about/"})
    fixed = update(before, [], ["topics/new/"], other_pages=["about/"])
    assert fixed.broken == []
    assert fixed.redirects == {"papers/gone-paper/": "about/", "topics/old/": "topics/new/"}
    assert manifest.redirect_maps(fixed.redirects) == {"papers/gone-paper.md": "about.md",
                                                       "topics/old.md": "topics/new.md"}


def test_a_redirect_to_nowhere_is_broken():
    before = published(pages=("topics/a/",))
    before.redirects["topics/a/"] = "topics/b/"
    result = update(before, [], [])
    assert result.redirects == {} and result.broken == ["topics/a/ redirects to topics/b/, which is not built"]


def test_the_file_round_trips_and_keeps_fields_it_does_not_know(tmp_path):
    before = published(paper("Yes"), paper("A: B"), pages=("topics/x/",))
    before.papers["yes"]["first_seen"] = "2024-01-02"
    before.redirects["papers/old/"] = "papers/yes/"
    path = tmp_path / "urls.yml"
    path.write_text(manifest.dump(before), encoding="utf-8")
    assert load(path) == before
    assert manifest.dump(load(path)) == path.read_text(encoding="utf-8")
    assert load(tmp_path / "missing.yml") == Manifest()
    path.write_text("papers: [1, 2]\n")
    with pytest.raises(manifest.ManifestError, match="urls.yml"):
        load(path)
    for bad in ("../../outside/", "https://elsewhere.example/", "papers/x", "papers/<b>/"):
        path.write_text(f"redirects:\n  '{bad}': topics/x/\n")
        with pytest.raises(manifest.ManifestError, match="not a page URL"):
            load(path)


def test_page_urls_and_sources():
    assert manifest.page_url("topics/x.md") == "topics/x/"
    assert manifest.page_url("topics/index.md") == "topics/"
    assert manifest.page_url("index.md") == ""
    assert manifest.page_source("topics/x/") == "topics/x.md" and manifest.page_source("") == "index.md"


def test_adding_a_listing_never_changes_an_existing_url(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(path, seeds)
    urls = tmp_path / "urls.yml"
    build(BuildOptions(seeds=seeds, docs=tmp_path / "docs", manifest=urls))
    before = load(urls)
    for path in sorted(SEEDS.glob("*.txt"))[3:]:
        shutil.copy(path, seeds)
    report = build(BuildOptions(seeds=seeds, docs=tmp_path / "docs", manifest=urls))
    after = load(urls)
    assert report.redirects == {} and report.broken_urls == []
    assert len(after.papers) > len(before.papers) and after.pages >= before.pages
    for key, entry in before.papers.items():
        assert after.papers[key]["slug"] == entry["slug"], key


def test_cli_keeps_a_manifest_only_when_asked(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(FIXTURES / "compact.txt", seeds)
    assert main(["build", "--seeds", str(seeds), "--out", str(tmp_path / "docs")]) == 0
    assert not (tmp_path / "urls.yml").exists()
    assert main(["build", "--seeds", str(seeds), "--out", str(tmp_path / "docs"),
                 "--manifest", str(tmp_path / "urls.yml")]) == 0
    record = load(tmp_path / "urls.yml")
    assert {e["slug"] for e in record.papers.values()} == {"first-paper-a-study-of-things",
                                                           "second-paper-yes-a-title-with-marks"}
    assert "listings/compact/" in record.pages and "topics/" in record.pages and "" not in record.pages


def test_committed_manifest_is_current(built_site):
    """The build of the real seeds (in a copy of the project) leaves urls.yml as committed."""
    built = (built_site / "urls.yml").read_text(encoding="utf-8")
    assert built == (ROOT / "urls.yml").read_text(encoding="utf-8"), \
        "urls.yml is out of date: run `make site` and commit urls.yml with the seeds"


def test_renaming_a_paper_leaves_a_redirect_in_the_built_site(tmp_path):
    """A corrected title changes the slug; the old URL still leads to the paper (mkdocs-redirects)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(FIXTURES / "compact.txt", seeds / "listing.txt")
    project = copy_project(tmp_path / "project", seeds=seeds)
    first = mkdocs_build(project)
    assert first.returncode == 0, first.stderr
    assert (project / "site/papers/first-paper-a-study-of-things/index.html").is_file()

    listing = project / "seeds/listing.txt"
    listing.write_text(listing.read_text().replace("First Paper: A Study of Things",
                                                   "First Paper: A Careful Study of Things"))
    second = mkdocs_build(project)
    assert second.returncode == 0, second.stderr
    new = project / "site/papers/first-paper-a-careful-study-of-things/index.html"
    old = project / "site/papers/first-paper-a-study-of-things/index.html"
    assert new.is_file() and old.is_file()
    redirect = old.read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in redirect
    assert re.search(r'url=\.\./first-paper-a-careful-study-of-things/"', redirect)
    record = load(project / "urls.yml")
    assert record.redirects == {
        "papers/first-paper-a-study-of-things/": "papers/first-paper-a-careful-study-of-things/"}

    offline = mkdocs_build(project, "-f", "mkdocs.offline.yml")
    assert offline.returncode == 0, offline.stderr
    assert "first-paper-a-careful-study-of-things.html" in \
        (project / "dist/offline/papers/first-paper-a-study-of-things.html").read_text(encoding="utf-8")


def test_removing_a_published_page_without_a_redirect_fails_the_strict_build(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(FIXTURES / "compact.txt", seeds / "listing.txt")
    project = copy_project(tmp_path / "project", seeds=seeds)
    assert mkdocs_build(project).returncode == 0
    (project / "seeds/listing.txt").write_text((FIXTURES / "spaced.txt").read_text())
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "published URL papers/second-paper-yes-a-title-with-marks/" in result.stderr and "urls.yml" in result.stderr
