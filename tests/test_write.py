from pathlib import Path

from generator.write import write_tree


def test_writes_only_changes_and_prunes_only_owned_folders(tmp_path):
    (tmp_path / "about.md").write_text("hand-written")
    first = write_tree(tmp_path, [("papers/a.md", "A"), ("papers/b.md", "B"), ("index.md", "home")],
                       ["papers"], ["index.md"])
    assert (first.written, first.unchanged, first.removed) == (3, 0, 0)
    mtime = (tmp_path / "papers/a.md").stat().st_mtime_ns
    second = write_tree(tmp_path, [("papers/a.md", "A"), ("index.md", "home")], ["papers"], ["index.md"])
    assert (second.written, second.unchanged, second.removed) == (0, 2, 1)
    assert (tmp_path / "papers/a.md").stat().st_mtime_ns == mtime
    assert not (tmp_path / "papers/b.md").exists()
    assert (tmp_path / "about.md").read_text() == "hand-written"


def test_a_file_given_in_pieces_is_written_only_when_its_text_changed(tmp_path):
    first = write_tree(tmp_path, [("data/x.json", iter(["{", '"é": 1', "}\n"]))], ["data"])
    assert first.written == 1 and (tmp_path / "data/x.json").read_text(encoding="utf-8") == '{"é": 1}\n'
    mtime = (tmp_path / "data/x.json").stat().st_mtime_ns
    again = write_tree(tmp_path, [("data/x.json", iter(['{"é": 1', "}\n"]))], ["data"])
    assert (again.written, again.unchanged) == (0, 1) and (tmp_path / "data/x.json").stat().st_mtime_ns == mtime
    changed = write_tree(tmp_path, [("data/x.json", iter(['{"é": 2}\n']))], ["data"])
    assert changed.written == 1 and (tmp_path / "data/x.json").read_text(encoding="utf-8") == '{"é": 2}\n'
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["x.json"]  # no temporary file left


def test_pruning_removes_nested_files_and_the_folders_left_empty(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = Path("./docs")  # relative, as the build's docs folder usually is
    files = [("topics/a/b/c.md", "C"), ("topics/a/d.md", "D"), ("topics/e.md", "E"), ("feeds/x/y.xml", "Y")]
    write_tree(root, files, ["topics", "feeds"])
    (tmp_path / "docs/topics/stray.txt").write_text("left by hand")
    result = write_tree(root, [("topics/e.md", "E")], ["topics", "feeds"])
    assert result.removed == 4
    assert sorted(p.relative_to(tmp_path / "docs").as_posix() for p in (tmp_path / "docs").rglob("*")) == [
        "feeds", "topics", "topics/e.md"]
