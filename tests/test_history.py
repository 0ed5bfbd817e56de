"""First-seen days: from git history, recorded in the URL manifest, stable across rebuilds and clones."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator import history, manifest
from generator.pipeline import BuildOptions, build
from generator.slugs import slug_for, title_key
from generator.sources import read_listing
from tests.gitrepo import clone, commit, git, init, write_listing

SITE = "https://atlas.example.org/"


def dates_of(seeds: Path) -> history.Dating:
    listings = [read_listing(path).listing for path in sorted(seeds.glob("*.txt"))]
    return history.date_papers(listings, history.read_history(seeds))


def day_of(dating: history.Dating, title: str) -> str | None:
    return dating.papers[title_key(title)]


def test_listings_date_their_papers_by_the_commit_that_added_them(tmp_path):
    repo = init(tmp_path / "repo")
    write_listing(repo / "seeds", "a.txt", "Alpha Models", "Beta Models")
    commit(repo, "2024-03-01")
    write_listing(repo / "seeds", "b.txt", "Beta Models", "Gamma Models")
    (repo / "README.md").write_text("not a listing\n")
    commit(repo, "2024-03-05")
    dating = dates_of(repo / "seeds")
    assert day_of(dating, "Alpha Models") == "2024-03-01"
    assert day_of(dating, "Beta Models") == "2024-03-01"  # in both listings: the earlier day
    assert day_of(dating, "Gamma Models") == "2024-03-05"
    assert dating.listings == {"a": "2024-03-01", "b": "2024-03-05"}
    assert dating.undated == []


def test_a_paper_added_to_a_committed_listing_is_dated_by_the_commit_that_added_it(tmp_path):
    repo = init(tmp_path / "repo")
    seeds = repo / "seeds"
    write_listing(seeds, "a.txt", "Alpha Models", "Beta Models")
    commit(repo, "2024-03-01")
    write_listing(seeds, "a.txt", "Alpha Models", "Beta Models", "Delta Models")
    commit(repo, "2024-04-10")
    write_listing(seeds, "a.txt", "Alpha Models", "Beta Models", "Delta Models", "Epsilon Models")  # not committed
    dating = dates_of(seeds)
    assert day_of(dating, "Alpha Models") == "2024-03-01"
    assert day_of(dating, "Delta Models") == "2024-04-10"
    assert day_of(dating, "Epsilon Models") is None
    assert dating.undated == [{"file": "a.txt", "reason": "changed since its last commit (papers not committed yet)",
                               "papers": 1}]


def test_a_listing_deleted_and_added_again_is_dated_from_its_return(tmp_path):
    repo = init(tmp_path / "repo")
    write_listing(repo / "seeds", "a.txt", "Alpha Models")
    commit(repo, "2024-01-01")
    (repo / "seeds/a.txt").unlink()
    write_listing(repo / "seeds", "keep.txt", "Other Models")
    commit(repo, "2024-02-01")
    write_listing(repo / "seeds", "a.txt", "Alpha Models")
    commit(repo, "2024-03-01")
    assert day_of(dates_of(repo / "seeds"), "Alpha Models") == "2024-03-01"


def test_what_git_cannot_date_is_named_with_the_reason(tmp_path):
    plain = tmp_path / "plain"
    write_listing(plain, "a.txt", "Alpha Models")
    dating = dates_of(plain)
    assert day_of(dating, "Alpha Models") is None
    assert dating.undated[0]["file"] == "a.txt" and "no git history" in dating.undated[0]["reason"]

    repo = init(tmp_path / "repo")
    write_listing(repo / "seeds", "a.txt", "Alpha Models")
    assert "no git history" in dates_of(repo / "seeds").undated[0]["reason"]  # a repository without commits
    commit(repo, "2024-03-01")
    write_listing(repo / "seeds", "new.txt", "New Models", "Alpha Models")
    dating = dates_of(repo / "seeds")
    assert day_of(dating, "Alpha Models") == "2024-03-01" and day_of(dating, "New Models") is None
    assert dating.undated == [{"file": "new.txt", "reason": "not committed yet", "papers": 1}]


def test_a_shallow_clone_does_not_take_its_oldest_commit_for_the_day_of_everything(tmp_path):
    repo = init(tmp_path / "repo")
    write_listing(repo / "seeds", "a.txt", "Alpha Models")
    commit(repo, "2024-01-01")
    write_listing(repo / "seeds", "b.txt", "Beta Models")
    commit(repo, "2024-02-01")
    write_listing(repo / "seeds", "c.txt", "Gamma Models")
    commit(repo, "2024-03-01")
    shallow = clone(repo, tmp_path / "shallow", "--depth", "2")
    dating = dates_of(shallow / "seeds")
    assert day_of(dating, "Alpha Models") is None and day_of(dating, "Beta Models") is None
    assert day_of(dating, "Gamma Models") == "2024-03-01"  # added after the boundary: known
    assert {u["file"] for u in dating.undated} == {"a.txt", "b.txt"}
    assert all("shallow clone" in u["reason"] for u in dating.undated)


def test_git_is_asked_a_fixed_number_of_questions(tmp_path, monkeypatch):
    repo = init(tmp_path / "repo")
    for number in range(6):
        write_listing(repo / "seeds", f"{number}.txt", *(f"Paper {number} {i} Models" for i in range(5)))
        commit(repo, f"2024-01-{number + 1:02d}")
    write_listing(repo / "seeds", "0.txt", "Paper 0 0 Models", "Later Models")
    commit(repo, "2024-02-01")
    calls = []
    real = history.git
    monkeypatch.setattr(history, "git", lambda folder, *args, **kw: calls.append(args) or real(folder, *args, **kw))
    dating = dates_of(repo / "seeds")
    assert day_of(dating, "Later Models") == "2024-02-01" and day_of(dating, "Paper 5 4 Models") == "2024-01-06"
    commands = [next(a for a in args if not a.startswith("-") and "=" not in a) for args in calls]
    assert commands == ["rev-parse", "log", "diff", "cat-file"]  # one log for all listings; one read of old versions


def test_git_dates_are_utc_days_of_the_author_date(tmp_path):
    repo = init(tmp_path / "repo")
    write_listing(repo / "seeds", "a.txt", "Alpha Models")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "late", "--date=2024-03-01T23:30:00-05:00")  # 04:30 UTC on March 2nd
    assert day_of(dates_of(repo / "seeds"), "Alpha Models") == "2024-03-02"


# -- through the whole build ------------------------------------------------------------------

def site_build(root: Path, docs: Path | None = None, **options) -> tuple:
    """Build `root`/seeds with the URL manifest at `root`/urls.yml; returns (report, papers.json data)."""
    docs = docs or root / "docs"
    report = build(BuildOptions(seeds=root / "seeds", docs=docs, site_url=SITE, manifest=root / "urls.yml",
                                **options))
    data = json.loads((docs / "data/papers.json").read_text(encoding="utf-8"))
    return report, data


def first_seen(data: dict) -> dict[str, str]:
    return {p["title"]: p["first_seen"] for p in data["papers"]}


# A link to a paper page followed on its line by the "new" mark, in Markdown or in raw HTML.
NEW_MARK = re.compile(r'(?:\]\(([^)]*papers/[^)]+\.md)\)|<a href="([^"]*papers/[^"#]+?)/?">[^<]*</a>)'
                      r'[^\n]*?<span class="pa-new"')


def marked_new(docs: Path) -> dict[str, set[str]]:
    """Page → the paper pages it marks "new"."""
    marked = {}
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text("utf-8")
        found = [markdown or html for markdown, html in NEW_MARK.findall(text)]
        if found:
            marked[page.relative_to(docs).as_posix()] = {Path(link).stem for link in found}
    return marked


@pytest.fixture
def two_updates(tmp_path) -> Path:
    """A repository whose seeds had two updates: a listing on 2024-03-01, another on 2024-03-08."""
    repo = init(tmp_path / "repo")
    (repo / ".gitignore").write_text("/docs/\n")
    write_listing(repo / "seeds", "first.txt", "Alpha Models", "Beta Models", "LoRA Adapters for Retrieval")
    commit(repo, "2024-03-01")
    return repo


def test_first_seen_days_survive_rebuilds_and_a_fresh_clone(two_updates, tmp_path):
    repo = two_updates
    report, data = site_build(repo)
    assert first_seen(data) == dict.fromkeys(["Alpha Models", "Beta Models", "LoRA Adapters for Retrieval"],
                                             "2024-03-01")
    recorded = manifest.load(repo / "urls.yml")
    assert {e["first_seen"] for e in recorded.papers.values()} == {"2024-03-01"}
    assert report.first_seen["source"] == "git" and report.first_seen["undated"] == []
    again, _ = site_build(repo)
    assert again.files_written == 0 and again.files_removed == 0  # a no-op rebuild writes nothing
    commit(repo, "2024-03-02", "record the manifest")

    fresh = clone(repo, tmp_path / "fresh")
    _, fresh_data = site_build(fresh)
    assert first_seen(fresh_data) == first_seen(data)
    assert (fresh / "urls.yml").read_bytes() == (repo / "urls.yml").read_bytes()
    assert (fresh / "docs/feeds/atlas.xml").read_bytes() == (repo / "docs/feeds/atlas.xml").read_bytes()

    (fresh / "urls.yml").unlink()  # without the manifest, git alone gives the same days
    _, from_git = site_build(fresh, docs=tmp_path / "docs-git-only")
    assert first_seen(from_git) == first_seen(data)


def test_the_manifest_wins_once_a_day_is_recorded(two_updates, tmp_path):
    repo = two_updates
    site_build(repo)
    path = repo / "urls.yml"
    path.write_text(path.read_text().replace("first_seen: '2024-03-01'", "first_seen: 2023-12-24", 1))
    _, data = site_build(repo)
    assert sorted(first_seen(data).values()) == ["2023-12-24", "2024-03-01", "2024-03-01"]
    commit(repo, "2024-03-02", "record the manifest")

    shallow = clone(repo, tmp_path / "shallow", "--depth", "1")  # git would say nothing; the manifest does
    report, shallow_data = site_build(shallow, fallback_day="2099-01-01")
    assert first_seen(shallow_data) == first_seen(data)
    assert report.first_seen["undated"][0]["reason"].startswith("a shallow clone")
    assert report.first_seen["dated_by_fallback"] == 0


def test_adding_a_listing_marks_only_its_new_papers_as_new(two_updates):
    repo = two_updates
    site_build(repo)
    write_listing(repo / "seeds", "second.txt", "LoRA Adapters for Retrieval", "Delta Models",
                  "Quantized LoRA Adapters")
    commit(repo, "2024-03-08")
    report, data = site_build(repo)
    days = first_seen(data)
    assert days["Delta Models"] == days["Quantized LoRA Adapters"] == "2024-03-08"
    assert days["LoRA Adapters for Retrieval"] == "2024-03-01"  # seen before: not new
    assert report.first_seen["latest"] == "2024-03-08" and report.first_seen["new"] == 2

    new = {slug_for("Delta Models"), slug_for("Quantized LoRA Adapters")}
    marks = marked_new(repo / "docs")
    assert marks["listings/second.md"] == new and "listings/first.md" not in marks
    assert marks["whats-new.md"] == new
    assert all(found <= new for found in marks.values())
    assert any(page.startswith("topics/") for page in marks)  # the topic of LoRA papers marks the new one

    assert (repo / "docs/previews/whats-new.png").is_file()
    whats_new = (repo / "docs/whats-new.md").read_text("utf-8")
    assert whats_new.index("2024\\-03-08") < whats_new.index("Delta Models") < whats_new.index("2024\\-03-01")
    assert whats_new.index("2024\\-03-01") < whats_new.index("Alpha Models")
    listing = (repo / "docs/listings/second.md").read_text("utf-8")
    assert "added to the atlas on 2024-03-08" in listing and "<strong>Papers:</strong> 3 · 2 new</li>" in listing


def test_an_uncommitted_listing_is_dated_by_the_build_and_said_so(two_updates, capsys):
    repo = two_updates
    write_listing(repo / "seeds", "draft.txt", "Draft Models", "Alpha Models")
    report, data = site_build(repo, fallback_day="2024-05-05")
    assert first_seen(data)["Draft Models"] == "2024-05-05" and first_seen(data)["Alpha Models"] == "2024-03-01"
    assert report.first_seen["undated"] == [{"file": "draft.txt", "reason": "not committed yet", "papers": 1}]
    assert report.first_seen["dated_by_fallback"] == 1
    saved = json.loads((repo / "docs/data/build-report.json").read_text("utf-8"))
    assert saved["first_seen"]["undated"][0]["file"] == "draft.txt"
    from generator.export import report_summary
    assert "draft.txt: not committed yet" in report_summary(report)

    commit(repo, "2024-06-01")  # committed later: the day recorded in the manifest stands
    _, data = site_build(repo)
    assert first_seen(data)["Draft Models"] == "2024-05-05"


def test_merged_papers_keep_the_earlier_day(tmp_path):
    before = manifest.Manifest()
    old = manifest.PublishedPaper("a stduy of things", "a-stduy-of-things", "A Stduy of Things", "Same abstract.",
                                  "2024-01-01")
    before.papers = manifest.update_papers(before, [old]).entries
    renamed = manifest.PublishedPaper("a study of things", "a-study-of-things", "A Study of Things",
                                      "Same abstract.", "2024-06-01")
    settled = manifest.update_papers(before, [renamed])
    assert settled.entries["a study of things"]["first_seen"] == "2024-01-01"
    assert settled.redirects == {"papers/a-stduy-of-things/": "papers/a-study-of-things/"}


def test_the_manifest_rejects_a_first_seen_that_is_not_a_day(tmp_path):
    path = tmp_path / "urls.yml"
    path.write_text("papers:\n  x:\n    slug: x\n    first_seen: yesterday\n")
    with pytest.raises(manifest.ManifestError, match="not a day"):
        manifest.load(path)
    path.write_text("papers:\n  x:\n    slug: x\n    first_seen: 2024-02-30\n")
    with pytest.raises(manifest.ManifestError, match="urls.yml: cannot read the URL manifest .*out of range"):
        manifest.load(path)
    path.write_text("papers:\n  x:\n    slug: x\n    first_seen: '2024-13-03'\n")
    with pytest.raises(manifest.ManifestError, match="not a day"):
        manifest.load(path)
    path.write_text("papers:\n  x:\n    slug: x\n    first_seen: 2024-02-03\n")  # YAML reads it as a date
    assert manifest.load(path).papers["x"]["first_seen"] == "2024-02-03"


def test_build_day_follows_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1709251200")  # 2024-03-01T00:00:00Z
    assert history.build_day() == "2024-03-01"


def test_the_git_facts_change_with_a_commit(two_updates):
    """What a fingerprint of the build's inputs needs: the facts change when the seeds' history does."""
    from generator.pipeline import first_seen_inputs
    options = BuildOptions(seeds=two_updates / "seeds", docs=two_updates / "docs", fallback_day="2024-01-01")
    before = first_seen_inputs(options)
    assert before == first_seen_inputs(options)
    write_listing(two_updates / "seeds", "more.txt", "More Models")
    commit(two_updates, "2024-04-01")
    assert first_seen_inputs(options) != before
    shutil.rmtree(two_updates / ".git")
    assert "no git history" in first_seen_inputs(options)["git"]["reason"]
