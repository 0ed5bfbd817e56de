"""The fast YAML writer writes exactly what PyYAML writes."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from generator import yamlout

ROOT = Path(__file__).resolve().parent.parent
TRICKY = ["plain words", "x: y", "a:b", "ends with:", "2024-05-01", "yes", "No", "on", "null", "~", "1e3", "1.5",
          "0x1F", "12", "-", "- a", "-a", "?", "? q", "?q", ":x", "#tag", "a #b", "a#b", "'quoted'", 'say "hi"',
          "it's", "[x]", "x, y", "{x}", "&a", "*a", "!x", "|x", ">x", "%x", "@x", "`x", "---x", "...x", " lead",
          "trail ", "two  spaces", "é accent", "emoji 😀", "tab\tx", "line\nbreak", "", "<<", "=", "a" * 122,
          "b" * 123, "c: " * 50, "papers/x-y/", ".hidden", "+1", "-1", "0.5.1", "v1.0", "true story",
          "é: x", "#é", "- é", "é #x", "\xa0lead", "\u3000"]


def pyyaml(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=yamlout.WIDTH)


def test_tricky_scalars_as_keys_values_and_list_items():
    data = {"version": 1,
            "papers": {text or "empty": {"title": text, "slug": "s", "n": 3, "list": [text, "b"], "none": None,
                                         "when": None if not text else text[:3]} for text in TRICKY},
            "keys": {text: text for text in TRICKY},
            "pages": TRICKY,
            "empty": {}, "nothing": [], "nested": {"a": {"b": {"c": ["d"], "e": {}}}, 5: "int key", "f": True}}
    assert yamlout.dump(data) == pyyaml(data)


def test_random_strings_of_awkward_characters():
    rng = random.Random(7)
    alphabet = "ab :#-'\"?,[]{}&*!|>%@`.~01é😀\t\xa0\x85\u2028\u2029\ufeff\ufffd\ufffe深ß\U0010fffe\x7f\x9f"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(3000)]
    long = ["".join(rng.choice(alphabet) for _ in range(rng.randint(118, 130))) for _ in range(300)]
    data = {"papers": {text: {"title": text} for text in texts + long}, "pages": texts, "redirects": {},
            "long": {text: text for text in long}, "lists": {text: [text] for text in long},
            "nested": {text: {"a": {text: {"b": text}}, "c": []} for text in long},
            "long_in_long": {text: {text: "x"} for text in long[:20]}}
    assert yamlout.dump(data) == pyyaml(data)


def test_the_committed_url_manifest_is_written_as_pyyaml_writes_it():
    data = yaml.safe_load((ROOT / "urls.yml").read_text(encoding="utf-8"))
    assert yamlout.dump(data) == pyyaml(data)
