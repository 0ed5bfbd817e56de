"""Reading the few settings the generator shares with mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

import yaml


class _TolerantLoader(yaml.SafeLoader):
    """Loads mkdocs.yml even where it uses tags such as !ENV or !!python/name."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def site_url_from_mkdocs(path: Path) -> str:
    """`site_url` of an mkdocs.yml, or "" when there is none."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError):
        return ""
    value = data.get("site_url") if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""
