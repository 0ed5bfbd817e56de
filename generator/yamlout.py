"""Block YAML exactly as PyYAML's `safe_dump(data, sort_keys=False, allow_unicode=True, width=WIDTH)`
writes it, ten times faster for big mappings of short strings (the URL manifest).

Mappings, lists, strings and ints are written here; a string is written plain or in
single quotes when it is printable ASCII (PyYAML's rules for those cases are short), and
anything else — other characters, other types, keys too long for `key:` — is handed to
PyYAML itself, one item at a time, so the text is always PyYAML's.
"""

from __future__ import annotations

import re

import yaml

WIDTH = 2**31  # no line is ever folded
STR_TAG = "tag:yaml.org,2002:str"
SIMPLE_KEY = 122  # a longer key is written `? key` (PyYAML: with its "!!str" tag, under 128 characters)
PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]+")
# What stops a printable ASCII string from being plain in block context (PyYAML's analyze_scalar):
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
    if text[0] not in RESOLVED_FIRST:
        return True
    return RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == STR_TAG


def scalar(value: object) -> str:
    """A scalar as PyYAML writes it as a value or a simple key (raises Unsupported when unsure)."""
    if type(value) is int:
        return str(value)
    if type(value) is not str or not PRINTABLE_ASCII.fullmatch(value):
        raise Unsupported
    if not NOT_PLAIN.search(value) and is_str(value):
        return value
    return "'" + value.replace("'", "''") + "'"


def key(value: object) -> str:
    if type(value) is not str or len(value) > SIMPLE_KEY:
        raise Unsupported
    return scalar(value)


def mapping(data: dict, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for name, value in data.items():
        try:
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
    if isinstance(value, dict) and value:
        lines = [f"{pad}{name}:\n"]
        mapping(value, indent + 2, lines)
        return lines
    if isinstance(value, list) and value:  # PyYAML does not indent a list inside a mapping
        return [f"{pad}{name}:\n", *(f"{pad}- {scalar(v)}\n" for v in value)]
    if isinstance(value, dict | list):
        return [f"{pad}{name}: {'{}' if isinstance(value, dict) else '[]'}\n"]
    return [f"{pad}{name}: {scalar(value)}\n"]


def dump(data: dict) -> str:
    """`data` (a mapping) as block YAML, the same text as PyYAML's (see the module's docstring)."""
    if not data:
        return pyyaml(data)
    out: list[str] = []
    mapping(data, 0, out)
    return "".join(out)
