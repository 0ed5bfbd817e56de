"""Writing generated files: only what changed, and pruning what no longer belongs."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class WriteResult:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write `content` to `path` unless it already holds exactly that; True if written."""
    try:
        if path.stat().st_size == len(content) and path.read_bytes() == content:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(content)
    tmp.replace(path)
    return True


def write_parts_if_changed(path: Path, parts: Iterable[str]) -> bool:
    """`write_if_changed` for a file made piece by piece (text, UTF-8), never held whole in memory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as out:
            out.writelines(parts)
        if same_bytes(tmp, path):
            tmp.unlink()
            return False
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(path)
    return True


def same_bytes(one: Path, other: Path, chunk: int = 2**20) -> bool:
    """Whether two files hold the same bytes (False when `other` does not exist), read a chunk at a time."""
    try:
        if one.stat().st_size != other.stat().st_size:
            return False
        with one.open("rb") as a, other.open("rb") as b:
            while block := a.read(chunk):
                if block != b.read(chunk):
                    return False
            return True
    except FileNotFoundError:
        return False


@dataclass(frozen=True)
class Written:
    """The content of a file another process has already written, or found unchanged (`changed` False)."""

    changed: bool


Content = str | bytes | Written | Iterable[str]  # an iterable of str: the file's text in pieces


def write_tree(root: Path, files: Iterable[tuple[str, Content]], owned_dirs: Iterable[str],
               owned_files: Iterable[str] = ()) -> WriteResult:
    """Write `files` (relative path, content) under `root`, then remove every other file
    inside `owned_dirs` (and any of `owned_files` not written). Nothing outside is touched.

    A `Written` content is only kept (and counted); a content that is neither str, bytes nor
    `Written` is an iterable of str pieces, written as they come."""
    result = WriteResult()
    kept: set[str] = set()  # paths as strings: 100,000 Path objects cost a fraction of a second
    for relative, content in files:
        path = os.path.join(root, relative)
        kept.add(path)
        if isinstance(content, Written):
            written = content.changed
        elif isinstance(content, str | bytes):
            data = content.encode("utf-8") if isinstance(content, str) else content
            written = write_if_changed(Path(path), data)
        else:
            written = write_parts_if_changed(Path(path), content)
        if written:
            result.written += 1
        else:
            result.unchanged += 1
    for folder in owned_dirs:
        result.removed += prune(root / folder, kept)
    for relative in owned_files:
        path = os.path.join(root, relative)
        if path not in kept and os.path.isfile(path):
            os.unlink(path)
            result.removed += 1
    return result


def prune(folder: Path, kept: set[str]) -> int:
    """Remove every file under `folder` that is not in `kept` (paths as strings: `os.fspath`), then the folders
    left empty; how many files.

    One walk of the folder (`os.walk`, which knows files from folders without a `stat` each)."""
    removed = 0
    if not folder.is_dir():
        return removed
    top = os.fspath(folder)
    for parent, _, files in os.walk(top, topdown=False):  # a folder's contents before the folder
        for name in files:
            path = os.path.join(parent, name)
            if path not in kept:
                os.unlink(path)
                removed += 1
        if parent != top and not os.listdir(parent):
            os.rmdir(parent)
    return removed
