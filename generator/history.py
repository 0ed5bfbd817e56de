"""First-seen dates from the repository's own history: when did each paper enter the atlas?

A paper is first seen on the date of the first commit in which a listing file of `seeds/`
contained it (the commit's author date, as a UTC day). So a listing added through the
GitHub web interface, with no local build, still dates its papers, and every clone with
full history (CI checks out with `fetch-depth: 0`) finds the same dates.

Git is asked a fixed number of questions, whatever the number of listings or papers:
where the seeds are (`rev-parse`), every commit that touched them (one `git log`), which
working copies differ from the last commit (`git diff HEAD`) and, only for a listing that
changed after it was added, its older versions (one `git cat-file --batch`).

What git cannot date is left undated here, and each such listing is named with the reason
(the pipeline then gives those papers the build's day, `build_day`):

* the seeds are not in a git checkout, or git is missing, or the repository has no commit;
* the listing (or the part of it holding the paper) is not committed yet;
* a shallow clone: the oldest commit it holds lists every file as added, so it says
  nothing about when they really were.

The URL manifest (`urls.yml`) records each paper's date once it is known and wins over
this module afterwards (see `pipeline`), so a later shallow clone or rewrite changes nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .model import Listing
from .slugs import title_key

GIT_TIMEOUT = 60  # seconds for one git command
HEADER = re.compile(r"^commit ([0-9a-f]{40,64}) (\d+)$")


@dataclass(frozen=True)
class Version:
    """One committed version of a listing file."""

    commit: str
    day: str  # the commit's author date, as a UTC day (YYYY-MM-DD)
    reliable: bool = True  # False at the boundary of a shallow clone: "added" there means "at or before"


@dataclass
class SeedHistory:
    """What git knows about the listing files of a seeds folder."""

    reason: str | None = None  # why there is no history (None: there is)
    prefix: str = ""  # the seeds folder's path inside the repository, "seeds/" say
    versions: dict[str, list[Version]] = field(default_factory=dict)  # file name → versions, oldest first
    changed: set[str] = field(default_factory=set)  # files whose working copy differs from the last commit
    root: Path | None = None

    def facts(self) -> dict:
        """Everything this history holds, as plain data (for a fingerprint of the build's inputs)."""
        return {"reason": self.reason, "changed": sorted(self.changed),
                "versions": {name: [[v.commit, v.day, v.reliable] for v in versions]
                             for name, versions in sorted(self.versions.items())}}


@dataclass
class Dating:
    """First-seen days of papers (by title key) and of listings as git tells them (None: git cannot)."""

    papers: dict[str, str | None] = field(default_factory=dict)  # title key → day
    listings: dict[str, str | None] = field(default_factory=dict)  # listing id → day its file was added
    undated: list[dict] = field(default_factory=list)  # {"file", "reason", "papers"}: what git cannot date


def build_day() -> str:
    """The day of this build: `SOURCE_DATE_EPOCH`'s when set (reproducible builds), else today in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return moment.date().isoformat()


def head_commit(seeds: Path) -> str:
    """The commit the seeds' checkout is at ("" outside git): a new commit may date papers anew."""
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=seeds, capture_output=True, timeout=GIT_TIMEOUT,
                                check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout.decode("ascii", "replace").strip() if result.returncode == 0 else ""


def utc_day(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).date().isoformat()


def git(folder: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git in `folder` (GIT_* variables of the caller ignored); raises GitError on failure."""
    if not folder.is_dir():
        raise GitError(f"{folder} is not a folder")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_OPTIONAL_LOCKS"] = "0"  # read only: never take the index lock (a parallel `git commit` may hold it)
    try:
        result = subprocess.run(["git", *args], cwd=folder, input=stdin, capture_output=True, env=env,
                                timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitError(f"git failed ({error})") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return result.stdout


class GitError(Exception):
    """A git command failed; the message says why in one line."""


def parse_log(output: bytes) -> dict[str, list[tuple[str, int, str]]]:
    """`git log -z --name-status --format='commit %H %at'` → file → [(commit, time, status)], newest first."""
    changes: dict[str, list[tuple[str, int, str]]] = {}
    commit: tuple[str, int] | None = None
    tokens = output.decode("utf-8", "surrogateescape").split("\0")
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip("\n")
        header = HEADER.match(token)
        if header:
            commit = (header.group(1), int(header.group(2)))
            index += 1
        elif token and commit is not None and index + 1 < len(tokens):
            changes.setdefault(tokens[index + 1], []).append((commit[0], commit[1], token[:1]))
            index += 2
        else:
            index += 1
    return changes


def current_versions(changes: list[tuple[str, int, str]], shallow: set[str]) -> list[Version]:
    """The versions of a file since it was last added, oldest first ([] when it was deleted last)."""
    versions: list[Version] = []
    for commit, timestamp, status in changes:  # newest first
        if status == "D":
            break
        versions.append(Version(commit, utc_day(timestamp), commit not in shallow))
        if status == "A":
            break
    return versions[::-1]


def read_history(seeds: Path) -> SeedHistory:
    """The git history of the listing files in `seeds` (never raises: a reason instead)."""
    try:
        info = git(seeds, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository", "--show-prefix",
                   "--git-path", "shallow", "--show-toplevel").decode("utf-8", "surrogateescape").split("\n")
        inside, is_shallow, prefix, shallow_path, root = info[:5]
        if inside != "true":
            return SeedHistory(reason="the seeds folder is not in a git work tree")
        shallow: set[str] = set()
        if is_shallow == "true":
            shallow = set((seeds / shallow_path).read_text(encoding="ascii").split())
        log = git(seeds, "-c", "log.showSignature=false", "log", "--topo-order", "--no-renames", "--relative", "-z",
                  "--name-status", "--format=commit %H %at", "--", ".")
        changed = git(seeds, "diff", "HEAD", "--no-renames", "--relative", "--name-only", "-z", "--", ".")
    except GitError as error:
        return SeedHistory(reason=f"no git history ({error})")
    except OSError as error:
        return SeedHistory(reason=f"cannot read the shallow clone's boundary ({error.strerror or error})")
    versions = {name: found for name, changes in parse_log(log).items()
                if "/" not in name and (found := current_versions(changes, shallow))}
    names = {name for name in changed.decode("utf-8", "surrogateescape").split("\0") if name}
    return SeedHistory(prefix=prefix, versions=versions, changed=names, root=Path(root))


def read_versions(history: SeedHistory, wanted: list[tuple[str, Version]]) -> dict[tuple[str, str], bytes | None]:
    """The contents of (file, version) pairs, in one `git cat-file --batch` (None: unreadable)."""
    requests = [(name, v) for name, v in wanted if "\n" not in name]
    contents: dict[tuple[str, str], bytes | None] = {(name, v.commit): None for name, v in wanted}
    if not requests or history.root is None:
        return contents
    stdin = "".join(f"{v.commit}:{history.prefix}{name}\n" for name, v in requests).encode("utf-8", "surrogateescape")
    try:
        output = git(history.root, "cat-file", "--batch", stdin=stdin)
    except GitError:
        return contents
    cursor = 0
    for name, version in requests:
        end = output.find(b"\n", cursor)
        if end < 0:
            break
        header = output[cursor:end].split()
        cursor = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            contents[(name, version.commit)] = output[cursor:cursor + size]
            cursor += size + 1
    return contents


def keys_in(data: bytes) -> set[str]:
    """The title keys of the papers in one version of a listing file."""
    from .sources import parse_listing  # here, not at the top: sources does not need history

    listing = parse_listing(data, "version", "version").listing
    return {title_key(entry.title) for entry in listing.entries} if listing else set()


def date_listing(listing: Listing, versions: list[Version], changed: bool,
                 contents: dict[tuple[str, str], bytes | None]) -> dict[str, str | None]:
    """Title key → the day of the first version holding it (None: in no committed version, or not dated).

    A listing committed once and unchanged since needs no reading: all its papers came with it.
    """
    keys = [title_key(entry.title) for entry in listing.entries]
    if not versions:
        return dict.fromkeys(keys)
    if len(versions) == 1 and not changed:
        return dict.fromkeys(keys, versions[0].day if versions[0].reliable else None)
    days: dict[str, str | None] = dict.fromkeys(keys)
    pending = set(keys)
    for version in versions:  # oldest first
        data = contents.get((Path(listing.path).name, version.commit))
        found = keys_in(data) & pending if data is not None else set()
        for key in found:
            days[key] = version.day if version.reliable else None
        pending -= found
    return days


def needs_reading(history: SeedHistory, name: str) -> bool:
    """True when a listing's papers may have come in different commits (changed after it was added)."""
    return len(history.versions.get(name, [])) > 1 or (name in history.changed and name in history.versions)


def date_papers(listings: list[Listing], history: SeedHistory) -> Dating:
    """First-seen day of every paper (by title key) in `listings`, and the day each listing was added.

    A paper in several listings takes the earliest day; `undated` names each listing holding
    papers that no listing dates, with the reason.
    """
    dating = Dating()
    names = {listing.id: Path(listing.path).name for listing in listings}
    wanted = [(name, version) for name in names.values() if needs_reading(history, name)
              for version in history.versions[name]]
    contents = read_versions(history, wanted) if wanted else {}
    dated: dict[str, str] = {}  # title key → earliest day git gives
    undated: dict[str, list[str]] = {}  # file → title keys git does not date there
    listed: list[dict[str, str | None]] = []  # each listing's title keys (with their days there)
    for listing in listings:
        name = names[listing.id]
        versions = history.versions.get(name, [])
        listed.append(date_listing(listing, versions, name in history.changed, contents))
        for key, day in listed[-1].items():
            if day is None:
                undated.setdefault(name, []).append(key)
            elif key not in dated or day < dated[key]:
                dated[key] = day
        dating.listings[listing.id] = versions[0].day if versions and versions[0].reliable else None
    for name, keys in undated.items():
        if left := sum(1 for key in dict.fromkeys(keys) if key not in dated):
            versions = history.versions.get(name, [])
            dating.undated.append({"file": name, "reason": undated_reason(history, versions, name), "papers": left})
    dating.papers = {key: dated.get(key) for keys in listed for key in keys}
    return dating


def undated_reason(history: SeedHistory, versions: list[Version], name: str) -> str:
    if history.reason:
        return history.reason
    if not versions:
        return "not committed yet"
    if not versions[0].reliable:
        return "a shallow clone: its oldest commit does not tell when the listing was added"
    if name in history.changed:
        return "changed since its last commit (papers not committed yet)"
    return "its older versions could not be read"
