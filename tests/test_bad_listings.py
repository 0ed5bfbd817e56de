"""Every bad listing gets the right papers or a clear entry in the build report — never a
traceback, never a silently missing paper (fixtures: tests/fixtures/bad/README.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator import sources
from generator.cli import main
from generator.pipeline import BuildOptions, build
from tests.conftest import FIXTURES

BAD = FIXTURES / "bad"
FIRST, SECOND = "First Paper on Things", "Second Paper on Widgets"
ABSTRACT_1 = "We study things in depth. Things turn out to be interesting, and we show why."


def read(name: str) -> sources.ReadResult:
    return sources.read_listing(BAD / name)


def titles(result: sources.ReadResult) -> list[str]:
    return [e.title for e in result.listing.entries] if result.listing else []


def rejected(result: sources.ReadResult) -> list[tuple[int | None, str, str]]:
    return [(r.line, r.reason, r.excerpt) for r in result.rejections]


@pytest.mark.parametrize("name", ["empty.txt", "blank_lines.txt"])
def test_empty_file_is_reported_as_a_whole(name):
    result = read(name)
    assert result.listing is None
    assert rejected(result) == [(None, "empty file: no entries", "")]


@pytest.mark.parametrize(("name", "line"), [("header_only.txt", 3), ("header_only_spaced.txt", 9)])
def test_header_only_is_reported_at_its_last_line(name, line):
    result = read(name)
    assert titles(result) == []
    assert rejected(result) == [(line, "header only: no entries", "")]


def test_title_with_no_abstract_at_the_end():
    result = read("title_at_end.txt")
    assert titles(result) == [FIRST, SECOND]
    assert rejected(result) == [(7, "title with no abstract (at the end of the file)", "A Title Left Alone at the End")]


def test_two_titles_in_a_row_rejects_the_first_and_keeps_the_second():
    result = read("two_titles.txt")
    assert titles(result) == [FIRST, SECOND]
    assert [e.line for e in result.listing.entries] == [3, 6]
    assert rejected(result) == [(5, "title with no abstract (followed by another title)",
                                 "A Title Whose Abstract Went Missing")]


def test_abstract_with_no_title():
    result = read("abstract_no_title.txt")
    assert titles(result) == [FIRST, SECOND]
    (line, reason, excerpt), = rejected(result)
    assert (line, reason) == (5, "abstract with no title before it")
    assert excerpt.startswith("An abstract whose title was lost.")


@pytest.mark.parametrize("name", ["crlf.txt", "cr_only.txt", "bom.txt", "invisible.txt", "utf16.txt"])
def test_line_endings_byte_order_marks_and_invisible_characters(name):
    result = read(name)
    assert result.rejections == () and result.warnings == ()
    entries = result.listing.entries
    assert entries[0].title == FIRST and entries[0].abstract == ABSTRACT_1
    assert [e.line for e in entries] == [3, 5]  # the lines an editor shows, whatever the line ends
    for entry in entries:
        assert "\r" not in entry.title + entry.abstract and "\ufeff" not in entry.title + entry.abstract
        assert "\u200b" not in entry.title and "\u202e" not in entry.title
    assert entries[1].title == ("Первая статья о вещах" if name == "utf16.txt" else SECOND)


def test_latin1_bytes_are_read_as_windows_1252_and_said_so():
    result = read("latin1.txt")
    assert titles(result) == ["Über Modèles: a Café Study"]
    assert result.listing.entries[0].abstract.endswith("naïve rôle is the model’s worth.")
    assert result.warnings == ("latin1.txt: lines 3, 4: not valid UTF-8, read as Windows-1252/Latin-1",)


def test_one_latin1_line_does_not_garble_the_utf8_around_it():
    result = read("mixed_encoding.txt")
    assert titles(result) == ["First Paper on Things — in UTF-8", "Second Paper on Café Widgets",
                              "Third Paper on Gadgets “quoted”"]
    assert result.warnings == ("mixed_encoding.txt: line 5: not valid UTF-8, read as Windows-1252/Latin-1",)


def test_nul_bytes_are_removed_and_said_so():
    result = read("nul_bytes.txt")
    assert titles(result) == [FIRST, SECOND]
    assert result.listing.entries[0].abstract == ABSTRACT_1
    assert result.warnings == ("nul_bytes.txt: lines 3, 4: NUL bytes removed",)


def test_a_file_that_is_not_text():
    result = read("not_text.txt")
    assert result.listing is None
    (line, reason, _), = rejected(result)
    assert line is None and reason.startswith("not a text file")


def test_a_one_megabyte_line_is_rejected_with_its_start(tmp_path: Path):
    path = tmp_path / "long.txt"
    huge = "Lorem ipsum dolor sit amet. " * 40_000  # 1.1 MB on one line
    path.write_text(f"First Paper on Things\n{ABSTRACT_1}\nA Title Before a Huge Line\n{huge}\n"
                    f"Second Paper on Widgets\n{ABSTRACT_1}\n", encoding="utf-8")
    result = sources.read_listing(path)
    assert titles(result) == [FIRST, SECOND]
    reasons = rejected(result)
    assert reasons[0][:2] == (4, "line longer than 100,000 characters")
    assert reasons[0][2].startswith("Lorem ipsum dolor sit amet.") and len(reasons[0][2]) <= 81
    assert reasons[1] == (3, "title with no abstract (the line after it was too long)", "A Title Before a Huge Line")


def test_unreadable_file_is_reported_not_raised(tmp_path: Path):
    folder = tmp_path / "looks-like-a-file.txt"
    folder.mkdir()
    result = sources.read_listing(folder)
    assert result.listing is None and result.rejections[0].reason.startswith("cannot read the file")


def build_from(tmp_path: Path, *names: str) -> tuple[dict, object]:
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(BAD / name, seeds / name.replace("/", "_"))
    report = build(BuildOptions(seeds=seeds, docs=tmp_path / "docs"))
    data = json.loads((tmp_path / "docs/data/build-report.json").read_text(encoding="utf-8"))
    return data, report


def test_same_paper_with_slightly_different_titles_is_merged(tmp_path: Path):
    data, report = build_from(tmp_path, "duplicates/a.txt", "duplicates/b.txt")
    assert report.entries_read == 4 and report.papers == 2
    papers = json.loads((tmp_path / "docs/data/papers.json").read_text(encoding="utf-8"))["papers"]
    study = next(p for p in papers if p["title"] == "Deep Learning: A Study of Things")
    assert study["listings"] == ["duplicates_a", "duplicates_b"] and len(study["appearances"]) == 3
    assert [(m["title"], m["listing"], m["line"], m["paper"]) for m in data["merged"]] == [
        ("deep learning -- a study of things", "duplicates_b", 3, study["slug"]),
        ("DEEP LEARNING. A STUDY OF THINGS!", "duplicates_b", 5, study["slug"])]
    assert data["merged"][0]["listings"] == ["duplicates_a", "duplicates_b"]
    assert data["conflicts"] == [] and data["rejected"] == []


def test_same_title_with_two_abstracts_is_kept_once_with_the_conflict_reported(tmp_path: Path):
    data, report = build_from(tmp_path, "conflict/a.txt", "conflict/b.txt")
    assert report.papers == 1
    paper = json.loads((tmp_path / "docs/data/papers.json").read_text(encoding="utf-8"))["papers"][0]
    assert paper["abstract"] == ABSTRACT_1
    conflict, = data["conflicts"]
    assert conflict["listing"] == "conflict_b" and conflict["line"] == 3 and conflict["kept_from"] == "conflict_a"
    assert conflict["abstract"] == "We propose a method for widgets. It beats the baseline on three tasks."
    assert conflict["paper"] == paper["slug"]


ALL_BAD = sorted(str(p.relative_to(BAD)) for p in BAD.rglob("*.txt"))


def test_every_bad_listing_together_nothing_lost(tmp_path: Path, capsys):
    """All fixtures in one build: every entry read is a paper or a merge, every line that is
    neither is in the report with file, line and reason; the default build goes on."""
    data, report = build_from(tmp_path, *ALL_BAD)
    assert data["files_read"] == sorted(name.replace("/", "_") for name in ALL_BAD)
    assert data["entries_read"] == data["papers"] + len(data["merged"])
    where = {(r["file"], r["line"]): r["reason"] for r in data["rejected"]}
    assert where == {
        ("abstract_no_title.txt", 5): "abstract with no title before it",
        ("blank_lines.txt", None): "empty file: no entries",
        ("empty.txt", None): "empty file: no entries",
        ("header_only.txt", 3): "header only: no entries",
        ("header_only_spaced.txt", 9): "header only: no entries",
        ("not_text.txt", None): where[("not_text.txt", None)],
        ("title_at_end.txt", 7): "title with no abstract (at the end of the file)",
        ("two_titles.txt", 5): "title with no abstract (followed by another title)",
    }
    assert all(r["excerpt"] for r in data["rejected"] if r["line"] and "header" not in r["reason"])
    assert len(data["warnings"]) == 3 and len(data["conflicts"]) == 1
    assert set(data) >= {"papers_without_topic", "papers_without_benchmark", "benchmarks_discovered", "files_ignored"}
    assert main(["build", "--seeds", str(tmp_path / "seeds"), "--out", str(tmp_path / "docs")]) == 0
    out = capsys.readouterr().out
    assert "5 entries and 3 files rejected: the build went on without them" in out
    assert "rejected two_titles.txt:5: title with no abstract (followed by another title)" in out
    assert "rejected not_text.txt: not a text file" in out
    assert "repaired nul_bytes.txt: lines 3, 4: NUL bytes removed" in out


def test_strict_fails_on_a_rejected_entry_but_still_writes_the_report(tmp_path: Path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(BAD / "two_titles.txt", seeds)
    out = tmp_path / "docs"
    assert main(["build", "--strict", "--seeds", str(seeds), "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert "--strict does not allow that" in captured.err and "Traceback" not in captured.err
    assert "rejected two_titles.txt:5" in captured.out
    report = json.loads((out / "data/build-report.json").read_text(encoding="utf-8"))
    assert report["rejected"][0]["line"] == 5
    shutil.copy(BAD / "crlf.txt", seeds / "two_titles.txt")  # fixed: strict passes
    assert main(["build", "--strict", "--seeds", str(seeds), "--out", str(out)]) == 0


def test_files_in_seeds_that_are_not_listings_are_reported(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(BAD / "crlf.txt", seeds)
    (seeds / "notes.md").write_text("# notes\n")
    (seeds / "old").mkdir()
    (seeds / ".hidden.txt").write_text("ignored quietly\n")
    report = build(BuildOptions(seeds=seeds, docs=tmp_path / "docs"))
    assert report.files_ignored == [{"file": "notes.md", "reason": "not a .txt file"},
                                    {"file": "old", "reason": "a folder (listings are read from the seeds folder "
                                                              "itself, not sub-folders)"}]
