"""Throw-away git repositories with commits at fixed dates, and small listings to put in them."""

from __future__ import annotations

import subprocess
from pathlib import Path

IDENTITY = ("-c", "user.name=Atlas Test", "-c", "user.email=atlas@example.org", "-c", "commit.gpgsign=false",
            "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always")


def git(repo: Path, *args: str, day: str | None = None) -> str:
    """Run git in `repo`, with author and committer dates at noon UTC of `day` (YYYY-MM-DD)."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(repo), "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"}
    if day:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T12:00:00+00:00"
    result = subprocess.run(["git", *IDENTITY, *args], cwd=repo, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def init(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q")
    return repo


def commit(repo: Path, day: str, message: str = "update") -> None:
    """Commit everything in the work tree, dated `day`."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, day=day)


def clone(source: Path, target: Path, *options: str) -> Path:
    """A clone through the file:// protocol (so that --depth makes a real shallow clone)."""
    git(source.parent, "clone", "-q", *options, source.resolve().as_uri(), str(target))
    return target


def abstract(title: str) -> str:
    return f"We study {title.lower()} in depth. The results are reported on standard tasks."


def listing_text(*titles: str) -> str:
    """A listing in the compact layout: header, then each title and its abstract."""
    lines = ["Get trending papers in your email inbox!", f"Subscribe{titles[0]}", abstract(titles[0])]
    for title in titles[1:]:
        lines += [title, abstract(title)]
    return "\n".join(lines) + "\n"


def write_listing(seeds: Path, name: str, *titles: str) -> Path:
    seeds.mkdir(parents=True, exist_ok=True)
    path = seeds / name
    path.write_text(listing_text(*titles), encoding="utf-8")
    return path
