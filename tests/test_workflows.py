"""The GitHub Actions workflows pass actionlint and pin every action to a commit."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))


def actionlint() -> str:
    found = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    assert Path(found).exists(), "actionlint is not installed (pip install -e '.[test]')"
    return found


def test_there_is_a_workflow():
    assert WORKFLOWS


def test_actionlint_passes():
    result = subprocess.run([actionlint(), "-no-color", *map(str, WORKFLOWS)], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_mistake(tmp_path):
    bad = tmp_path / ".github/workflows/bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.nope }}\n")
    result = subprocess.run([actionlint(), "-no-color", str(bad)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode != 0


def test_actions_are_pinned_to_commits_and_permissions_are_least():
    for workflow in WORKFLOWS:
        text = workflow.read_text()
        for use in re.findall(r"uses:\s*(\S+)", text):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", use), use
        data = yaml.safe_load(text)
        assert data["permissions"] == {"contents": "read"}
        for name, job in data["jobs"].items():
            for scope, level in (job.get("permissions") or {}).items():
                assert name == "deploy" or level != "write", (name, scope)
