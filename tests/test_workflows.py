"""The GitHub Actions workflows pass actionlint and pin every action to a commit."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
WRITE_ALLOWED = {"deploy": {"pages", "id-token"}, "release": {"contents"}}  # job → scopes it may write


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
            writes = {scope for scope, level in (job.get("permissions") or {}).items() if level == "write"}
            assert writes <= WRITE_ALLOWED.get(name, set()), (name, writes)
            if writes:  # only on a push of main (deploy) or of a version tag (release)
                assert "github.event_name == 'push'" in job["if"] and "refs/" in job["if"], name


def test_offline_bundle_is_an_artifact_and_attached_to_tagged_releases():
    data = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    assert data[True]["push"]["tags"] == ["v*"]  # YAML reads the key `on` as true
    build = data["jobs"]["build"]["steps"]
    assert any(step.get("run") == "make offline" for step in build)
    upload = next(step for step in build if "actions/upload-artifact@" in step.get("uses", ""))
    assert upload["with"] == {"name": "paper-atlas-offline", "path": "dist/paper-atlas-offline.zip",
                              "if-no-files-found": "error"}
    release = data["jobs"]["release"]
    assert "startsWith(github.ref, 'refs/tags/v')" in release["if"] and release["needs"] == "build"
    download = release["steps"][0]
    assert "actions/download-artifact@" in download["uses"] and download["with"]["name"] == upload["with"]["name"]
    assert "gh release create" in release["steps"][1]["run"] and "paper-atlas-offline.zip" in release["steps"][1]["run"]
