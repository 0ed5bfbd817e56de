"""Block YAML exactly as PyYAML's `safe_dump(data, sort_keys=False, allow_unicode=True, width=WIDTH)`
writes it, ten times faster for big mappings of short strings (the URL manifest).

Mappings, lists, strings and ints are written here; a string is written plain or in
single quotes when PyYAML writes all its characters as they are (printable ASCII, and with
`allow_unicode` the printable rest of Unicode but line breaks and the byte-order mark: its
rules for those cases are short, and only ASCII characters take part in them); a key too
long for `key:` is written `? key` with its value (a scalar or a mapping) after `: `.
Anything else — other characters, other types, a list under a long key — is handed to
PyYAML itself, one item at a time, so the text is always PyYAML's.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

WIDTH = 2**31  # no line is ever folded
STR_TAG = "tag:yaml.org,2002:str"
SIMPLE_KEY = 122  # a longer key is written `? key` (PyYAML: with its "!!str" tag, under 128 characters)
# What PyYAML's emitter (analyze_scalar) writes as itself, without `\x85`, U+2028, U+2029 (line breaks) and U+FEFF.
PRINTABLE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]+")
# What stops such a string from being plain in block context (PyYAML's analyze_scalar):
# an indicator first, a document marker, ": " or a final ":", " #", or a space at either end.
NOT_PLAIN = re.compile(r"""^(?:[#,\[\]{}&*!|>'"%@`]|[?:-](?: |$)|---|\.\.\.| )|: |:$| #| $""")
RESOLVER = yaml.resolver.Resolver()
# The first characters for which PyYAML's implicit resolvers may read a plain scalar as something else.
RESOLVED_FIRST = frozenset(char for char in yaml.resolver.Resolver.yaml_implicit_resolvers if char)


class Unsupported(Exception):
    """This value is left to PyYAML."""


def pyyaml(data: object) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=WIDTH)


def is_str(text: str) -> bool:
    """Whether a plain scalar `text` reads back as a string (not a number, bool, date or null)."""
    return text[0] not in RESOLVED_FIRST or resolves_to_str(text)


@lru_cache(maxsize=1 << 12)  # the same days come back in every entry
def resolves_to_str(text: str) -> bool:
    return RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == STR_TAG


def scalar(value: object) -> str:
    """A scalar as PyYAML writes it as a value or a simple key (raises Unsupported when unsure)."""
    if type(value) is int:
        return str(value)
    if type(value) is not str or not PRINTABLE.fullmatch(value):
        raise Unsupported
    if not NOT_PLAIN.search(value) and is_str(value):
        return value
    return "'" + value.replace("'", "''") + "'"


@lru_cache(maxsize=1 << 12)  # the same keys come back in every entry ("title", "first_seen", …)
def key(name: str) -> str:
    return scalar(name)


def mapping(data: dict, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for name, value in data.items():
        try:
            if type(name) is not str:
                raise Unsupported
            if len(name) > SIMPLE_KEY:
                lines = long_key_item(pad, scalar(name), value, indent)
            else:
                lines = item(pad, key(name), value, indent)
        except Unsupported:
            lines = nested_pyyaml(name, value, indent)
        out.extend(lines)


def nested_pyyaml(name: object, value: object, indent: int) -> list[str]:
    """PyYAML's lines for `name: value` at `indent`: dumped inside as many mappings as that takes
    (a multi-line scalar's lines are indented by its depth), whose own lines are dropped."""
    depth = indent // 2
    data = {name: value}
    for _ in range(depth):
        data = {"x": data}
    return pyyaml(data).splitlines(keepends=True)[depth:]


def item(pad: str, name: str, value: object, indent: int) -> list[str]:
    """The lines of `name: value` in a mapping indented by `pad`."""
    if type(value) is str:  # most values
        return [f"{pad}{name}: {scalar(value)}\n"]
    if isinstance(value, dict) and value:
        lines = [f"{pad}{name}:\n"]
        mapping(value, indent + 2, lines)
        return lines
    if isinstance(value, list) and value:  # PyYAML does not indent a list inside a mapping
        return [f"{pad}{name}:\n", *(f"{pad}- {scalar(v)}\n" for v in value)]
    if isinstance(value, dict | list):
        return [f"{pad}{name}: {'{}' if isinstance(value, dict) else '[]'}\n"]
    return [f"{pad}{name}: {scalar(value)}\n"]


def long_key_item(pad: str, name: str, value: object, indent: int) -> list[str]:
    """The lines of `name: value` for a key too long for that: `? name`, then `: value` (a scalar, or a
    mapping whose first line follows the colon)."""
    if isinstance(value, dict) and value:
        lines: list[str] = []
        mapping(value, indent + 2, lines)
        if lines[0].startswith("? ", indent + 2):  # a long key right after the colon: left to PyYAML
            raise Unsupported
        return [f"{pad}? {name}\n", f"{pad}: {lines[0][indent + 2:]}", *lines[1:]]
    if isinstance(value, dict | list):
        raise Unsupported
    return [f"{pad}? {name}\n", f"{pad}: {scalar(value)}\n"]


def dump(data: dict) -> str:
    """`data` (a mapping) as block YAML, the same text as PyYAML's (see the module's docstring)."""
    if not data:
        return pyyaml(data)
    out: list[str] = []
    mapping(data, 0, out)
    return "".join(out)
