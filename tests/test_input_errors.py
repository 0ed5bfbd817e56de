"""Input that cannot be used stops the build with one sentence naming the file (and line)
and exit status 2 — from `paper-atlas build` and from `mkdocs build` alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import FIXTURES, ROOT, SEEDS, copy_project, mkdocs_build

TAXONOMY = ROOT / "generator" / "taxonomy"


def run_cli(capsys, *args: str) -> tuple[int, str]:
    code = main(["build", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.err.strip()


def one_sentence(message: str) -> bool:
    return message.startswith("paper-atlas: error: ") and "\n" not in message


def seeds_with(tmp_path: Path, *fixtures: Path) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for fixture in fixtures:
        shutil.copy(fixture, seeds)
    return seeds


def test_seeds_that_is_a_file(tmp_path, capsys):
    path = tmp_path / "seeds"
    path.write_text("not a folder")
    code, err = run_cli(capsys, "--seeds", str(path), "--out", str(tmp_path / "out"))
    assert code == 2 and one_sentence(err) and f"{path}: the seeds folder is not a folder" in err


def test_seeds_with_no_listing(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "readme.md").write_text("hello")
    code, err = run_cli(capsys, "--seeds", str(seeds), "--out", str(tmp_path / "out"))
    assert code == 2 and one_sentence(err) and "holds no listing" in err and str(seeds) in err


def test_two_listings_whose_names_make_the_same_url(tmp_path, capsys):
    seeds = seeds_with(tmp_path, FIXTURES / "compact.txt")
    shutil.copy(FIXTURES / "compact.txt", seeds / "Compact.txt")
    code, err = run_cli(capsys, "--seeds", str(seeds), "--out", str(tmp_path / "out"))
    assert code == 2 and one_sentence(err)
    assert err.endswith("compact.txt: its name gives the same URL as Compact.txt (listings/compact/); "
                        "rename one of them")


def test_unreadable_seeds_folder(tmp_path, capsys, monkeypatch):
    seeds = seeds_with(tmp_path, FIXTURES / "compact.txt")
    real_iterdir = Path.iterdir

    def iterdir(self):
        if self == seeds:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)  # tests run as root, where chmod 000 is no obstacle
    code, err = run_cli(capsys, "--seeds", str(seeds), "--out", str(tmp_path / "out"))
    assert code == 2 and one_sentence(err)
    assert err == f"paper-atlas: error: {seeds}: cannot read the seeds folder (Permission denied)"


def taxonomy_with(tmp_path: Path, topics: str | None) -> Path:
    folder = tmp_path / "taxonomy"
    folder.mkdir()
    shutil.copy(TAXONOMY / "benchmarks.yml", folder)
    if topics is not None:
        (folder / "topics.yml").write_bytes(topics.encode("latin-1" if "\xe9" in topics else "utf-8"))
    return folder


@pytest.mark.parametrize(("topics", "expected"), [
    (None, "topics.yml: file not found"),
    ("topics:\n  - name: A\n    terms: [unclosed\n", "topics.yml:4: invalid YAML"),
    ("topics:\n  - name: A\n    terms: [a]\n  - terms: [b]\n", "topics.yml:4: entry 2 under 'topics:' needs a 'name:'"),
    ("topics:\n  - name: A\n    terms: [a]\n  - name: B\n    terms: {x: 1}\n",
     "topics.yml:4: 'B': 'terms' must be a list of text"),
    ("topics:\n  - name: A\n    min_score: lots\n", "topics.yml:2: 'A': 'min_score' must be a number"),
    ("- just a list\n", "topics.yml:1: expected a mapping with a list under 'topics:'"),
    ("\tbad: indentation\n", "topics.yml:1: invalid YAML"),
    ("topics:\n  - name: Caf\xe9\n", "topics.yml:2: not UTF-8 text (byte 0xe9)"),
])
def test_broken_taxonomy_names_file_and_line(tmp_path, capsys, topics, expected):
    taxonomy = taxonomy_with(tmp_path, topics)
    code, err = run_cli(capsys, "--seeds", str(SEEDS), "--out", str(tmp_path / "out"), "--taxonomy", str(taxonomy))
    assert code == 2 and one_sentence(err)
    assert f"{taxonomy}/{expected}" in err


def test_output_folder_that_cannot_be_written(tmp_path, capsys):
    out = tmp_path / "out"
    out.write_text("a file where the docs folder should be")
    code, err = run_cli(capsys, "--seeds", str(SEEDS), "--out", str(out))
    assert code == 2 and one_sentence(err) and "cannot write" in err


def test_mkdocs_build_missing_seeds_exits_2_with_one_sentence(tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "seeds")
    result = mkdocs_build(project)
    assert result.returncode == 2
    assert f"paper-atlas: error: {project / 'seeds'}: the seeds folder does not exist" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_mkdocs_build_broken_taxonomy_exits_2_naming_file_and_line(tmp_path):
    project = copy_project(tmp_path / "project", seeds=FIXTURES / "bad" / "duplicates")
    (project / "generator").unlink()
    shutil.copytree(ROOT / "generator", project / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    topics = project / "generator/taxonomy/topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8") + "  - name: [broken\n", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 2, result.stderr
    line = len(topics.read_text(encoding="utf-8").splitlines()) + 1
    assert f"paper-atlas: error: {topics}:{line}: invalid YAML" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_mkdocs_build_strict_fails_on_a_rejected_entry_and_lenient_goes_on(tmp_path):
    project = copy_project(tmp_path / "project", seeds=FIXTURES / "bad" / "duplicates")
    shutil.copy(FIXTURES / "bad" / "two_titles.txt", project / "seeds")
    strict = mkdocs_build(project)
    assert strict.returncode == 1
    assert "WARNING -  paper-atlas: rejected two_titles.txt:5: title with no abstract" in strict.stderr
    assert "Aborted with 1 warnings in strict mode!" in strict.stdout
    lenient = mkdocs_build(project, "--no-strict")
    assert lenient.returncode == 0, lenient.stderr
    assert "1 entry rejected: the build went on without them" in lenient.stderr
    assert (project / "site/data/build-report.json").is_file()
