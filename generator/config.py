"""Reading the few settings the generator shares with mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

import yaml


class _TolerantLoader(yaml.SafeLoader):
    """Loads mkdocs.yml even where it uses tags such as !ENV or !!python/name."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _mkdocs_config(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def site_url_from_mkdocs(path: Path) -> str:
    """`site_url` of an mkdocs.yml, or "" when there is none."""
    value = _mkdocs_config(path).get("site_url")
    return value if isinstance(value, str) else ""


def directory_urls_from_mkdocs(path: Path) -> bool:
    """`use_directory_urls` of an mkdocs.yml (MkDocs' default, true, when it is not set)."""
    value = _mkdocs_config(path).get("use_directory_urls", True)
    return value if isinstance(value, bool) else True
