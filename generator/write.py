"""Writing generated files: only what changed, and pruning what no longer belongs."""

from __future__ import annotations

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


def write_tree(root: Path, files: Iterable[tuple[str, str | bytes]], owned_dirs: Iterable[str],
               owned_files: Iterable[str] = ()) -> WriteResult:
    """Write `files` (relative path, content) under `root`, then remove every other file
    inside `owned_dirs` (and any of `owned_files` not written). Nothing outside is touched."""
    result = WriteResult()
    kept: set[Path] = set()
    for relative, content in files:
        path = root / relative
        kept.add(path)
        data = content.encode("utf-8") if isinstance(content, str) else content
        if write_if_changed(path, data):
            result.written += 1
        else:
            result.unchanged += 1
    for folder in owned_dirs:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*"), reverse=True):
            if path.is_file() and path not in kept:
                path.unlink()
                result.removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    for relative in owned_files:
        path = root / relative
        if path not in kept and path.is_file():
            path.unlink()
            result.removed += 1
    return result
