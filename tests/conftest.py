"""Shared fixtures: paths, a small atlas, and one real site build per test session."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
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
                    ignore=shutil.ignore_patterns("index.md", "map.md", "papers", "topics", "benchmarks", "listings",
                                                  "data", "previews"))
    shutil.copytree(seeds or SEEDS, target / "seeds")
    (target / "generator").symlink_to(ROOT / "generator")
    shutil.copy(ROOT / "mkdocs.offline.yml", target / "mkdocs.offline.yml")
    shutil.copy(ROOT / "Makefile", target / "Makefile")
    if seeds is None:  # the URL manifest belongs to the real seeds; other seeds make a new site
        shutil.copy(ROOT / "urls.yml", target / "urls.yml")
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


@pytest.fixture(scope="session")
def offline_bundle(built_site, tmp_path_factory) -> Path:
    """`make offline` run in the built project, and its zip unzipped elsewhere; returns the zip."""
    result = subprocess.run(["make", "offline", f"BIN={Path(sys.executable).parent}", "STAMP="], cwd=built_site,
                            capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout + result.stderr
    return built_site / "dist/paper-atlas-offline.zip"


@pytest.fixture(scope="session")
def unzipped_bundle(offline_bundle, tmp_path_factory) -> Path:
    """The offline bundle unzipped into a folder of its own, as a user would; returns its top folder."""
    target = tmp_path_factory.mktemp("usb-stick")
    with zipfile.ZipFile(offline_bundle) as bundle:
        bundle.extractall(target)
    return target / "paper-atlas"
