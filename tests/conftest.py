"""Shared fixtures: paths, a small atlas, and one real site build per test session."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT / "seeds"


def copy_project(target: Path, seeds: Path | None = None) -> Path:
    """A throw-away copy of the project (hand-written docs, config, seeds) to build in."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", target / "overrides")
    shutil.copytree(ROOT / "docs", target / "docs",
                    ignore=shutil.ignore_patterns("index.md", "papers", "topics", "benchmarks", "listings", "data"))
    shutil.copytree(seeds or SEEDS, target / "seeds")
    (target / "generator").symlink_to(ROOT / "generator")
    return target


def mkdocs_build(project: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *extra],
                          cwd=project, capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1",
                                                                            "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real seeds built into a site with `mkdocs build --strict`; returns the project folder."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project


HOSTILE_LISTING = '<b>hostile<b> & {{ name }} "listing" # | [x](y).txt'  # a hostile file name, made at test time


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """A site built with `mkdocs build --strict` from hostile titles and abstracts only."""
    seeds = tmp_path_factory.mktemp("hostile-seeds")
    shutil.copy(FIXTURES / "hostile" / "hostile.txt", seeds / HOSTILE_LISTING)
    project = copy_project(tmp_path_factory.mktemp("hostile-project"), seeds=seeds)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project
