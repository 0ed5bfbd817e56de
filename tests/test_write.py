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
