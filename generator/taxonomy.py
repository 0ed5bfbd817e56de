"""Loading the user-editable YAML data with clear errors (topics here; benchmarks in `registry`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from slugify import slugify

TAXONOMY_DIR = Path(__file__).parent / "taxonomy"


class DataFileError(Exception):
    """A data file is missing or malformed; the message names the file and line."""


class LineDict(dict):
    """A YAML mapping that remembers the line it starts on, for error messages."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):
    """The safe loader, with mappings that know their line."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode):
    data = LineDict()
    data.line = node.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def where(path: Path, item: object) -> str:
    """"path:line" for a mapping read by `load_yaml`, else just the path."""
    line = getattr(item, "line", 0)
    return f"{path}:{line}" if line else str(path)


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    description: str
    terms: tuple[str, ...]  # matched without case
    exact_terms: tuple[str, ...] = ()  # matched with case (acronyms that are also words)
    exclude: tuple[str, ...] = ()  # phrases that shield the terms inside them
    title_terms: tuple[str, ...] = ()  # matched without case, in the title only
    min_score: float = 2.0


def load_yaml(path: Path) -> object:
    """Parse a YAML file; a syntax error becomes a DataFileError naming file and line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(f"{path}: file not found") from None
    except OSError as error:
        raise DataFileError(f"{path}: cannot read the file ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        raise DataFileError(f"{path}:{line}: not UTF-8 text (byte {byte:#04x}); save it as UTF-8") from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass: no Python objects
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        location = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(error, "problem", None) or str(error)
        raise DataFileError(f"{location}: invalid YAML: {problem}") from None


def _entries(path: Path, key: str) -> list[dict]:
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise DataFileError(f"{where(path, data) if isinstance(data, dict) else f'{path}:1'}: "
                            f"expected a mapping with a list under '{key}:'")
    for number, item in enumerate(data[key], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise DataFileError(f"{where(path, item)}: entry {number} under '{key}:' needs a 'name:' (text)")
    return data[key]


def _strings(item: dict, key: str, path: Path) -> tuple[str, ...]:
    value = item.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise DataFileError(f"{where(path, item)}: '{item.get('name')}': '{key}' must be a list of text")
    return tuple(str(v) for v in value)


def _int(item: dict, key: str, default: int, path: Path) -> int:
    value = item.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise DataFileError(f"{where(path, item)}: '{item.get('name')}': '{key}' must be a whole number")
    return value


def _number(item: dict, key: str, default: float, path: Path) -> float:
    value = item.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DataFileError(f"{where(path, item)}: '{item.get('name')}': '{key}' must be a number")
    return float(value)


def _unique_slugs(items: list, path: Path) -> None:
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        if item.slug in seen:
            raise DataFileError(f"{path}: entry {number} ('{item.name}') has the slug '{item.slug}' of an earlier "
                                "entry; two entries cannot share a slug")
        seen.add(item.slug)


def load_topics(path: Path = TAXONOMY_DIR / "topics.yml") -> list[Topic]:
    topics = [
        Topic(
            slug=str(item.get("slug") or slugify(item["name"])),
            name=item["name"].strip(),
            description=str(item.get("description", "")).strip(),
            terms=_strings(item, "terms", path),
            exact_terms=_strings(item, "exact_terms", path),
            exclude=_strings(item, "exclude", path),
            title_terms=_strings(item, "title_terms", path),
            min_score=_number(item, "min_score", 2.0, path),
        )
        for item in _entries(path, "topics")
    ]
    _unique_slugs(topics, path)
    return topics
