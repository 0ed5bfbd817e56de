"""Skipping a build that has nothing to do.

A build is a pure function of its inputs (listings, taxonomy, options) and of the
generator itself (code, templates, library versions). After each build a small
manifest, `docs/.paper-atlas-build.json` (MkDocs ignores dot-files), records a hash of
all of those and a digest of the generated files' names, sizes and modification
times. When the next build finds the same inputs and the generated files exactly as it
left them, there is nothing to write: it returns the previous report without reading,
enriching or rendering anything. Any other case (an input edited, a generated file
touched or deleted, a new generator version) is a full build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import fields
from importlib import metadata
from pathlib import Path

from .model import Rejection, Report
from .write import write_if_changed

MANIFEST = ".paper-atlas-build.json"
PACKAGE_DIR = Path(__file__).resolve().parent
LIBRARIES = ("Jinja2", "MarkupSafe", "python-slugify", "PyYAML", "scikit-learn", "numpy", "scipy")
CHUNK = 1 << 20


def _hash_file(digest, path: Path) -> None:
    digest.update(f"\0{path.name}\0".encode())
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    except OSError:
        digest.update(b"\0missing")


def _library_versions() -> str:
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    return ";".join(versions)


def input_fingerprint(inputs: Iterable[Path], settings: dict) -> str:
    """A hash of the input files' contents, the settings, and the generator's own files and libraries."""
    digest = hashlib.sha256()
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    digest.update(_library_versions().encode())
    for path in sorted(p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        _hash_file(digest, path)
    for path in inputs:
        _hash_file(digest, Path(path))
    return digest.hexdigest()


def outputs_digest(root: Path, owned_dirs: Iterable[str], owned_files: Iterable[str]) -> str:
    """A digest of every generated file's path, size and modification time (no content is read)."""
    digest = hashlib.sha256()
    stack = [root / folder for folder in owned_dirs]
    entries: list[str] = []
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as scan:
                for entry in scan:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(Path(entry.path))
                    else:
                        stat = entry.stat(follow_symlinks=False)
                        entries.append(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}")
        except FileNotFoundError:
            entries.append(f"{folder}\0missing")
    for name in owned_files:
        try:
            stat = (root / name).stat()
            entries.append(f"{root / name}\0{stat.st_size}\0{stat.st_mtime_ns}")
        except FileNotFoundError:
            entries.append(f"{root / name}\0missing")
    for line in sorted(entries):
        digest.update(line.encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


def report_from_json(path: Path) -> Report | None:
    """The report a previous build wrote to `data/build-report.json`, or None if unusable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        known = {f.name for f in fields(Report)}
        report = Report(**{key: value for key, value in data.items() if key in known})
        report.rejected = [Rejection(**r) for r in data.get("rejected", [])]
        return report
    except (OSError, ValueError, TypeError):
        return None


class BuildManifest:
    """What the last build of a docs folder was made from, and what it left there."""

    def __init__(self, docs: Path, owned_dirs: Iterable[str], owned_files: Iterable[str]) -> None:
        self.docs = docs
        self.owned_dirs = tuple(owned_dirs)
        self.owned_files = tuple(owned_files)
        self.path = docs / MANIFEST

    def _saved(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def unchanged(self, fingerprint: str) -> bool:
        """True when the last build had these inputs and its files are still exactly as it wrote them."""
        saved = self._saved()
        return saved.get("inputs") == fingerprint and \
            saved.get("outputs") == outputs_digest(self.docs, self.owned_dirs, self.owned_files)

    def save(self, fingerprint: str) -> None:
        """Record this build; the file is only rewritten when it changes (`mkdocs serve` watches docs/)."""
        data = {"inputs": fingerprint, "outputs": outputs_digest(self.docs, self.owned_dirs, self.owned_files)}
        write_if_changed(self.path, (json.dumps(data) + "\n").encode("utf-8"))

    def forget(self) -> None:
        """Drop the record before a build, so a build that fails half-way is not taken for a finished one."""
        with contextlib.suppress(OSError):  # docs/ is not a folder: the build's own write reports it
            self.path.unlink(missing_ok=True)
