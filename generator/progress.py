"""Progress bars for long stages: shown on a terminal, silent in CI logs and pipes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sized
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")
MIN_ITEMS = 2000  # smaller runs finish before a bar is worth drawing


def wanted(size: int | None) -> bool:
    """A bar only on an interactive terminal, outside CI, for enough items (PAPER_ATLAS_PROGRESS=0/1 decides)."""
    forced = os.environ.get("PAPER_ATLAS_PROGRESS")
    if forced is not None:
        return forced not in ("", "0", "false", "no")
    if os.environ.get("CI") or size is not None and size < MIN_ITEMS:
        return False
    return sys.stderr.isatty()


def progress(items: Iterable[T], description: str, unit: str = " items", size: int | None = None) -> Iterator[T]:
    """`items`, with a bar on stderr when `wanted`; otherwise just `items`.

    The bar has a total when `items` has a length; `size` (a rough count) decides whether to show one at all.
    """
    total = len(items) if isinstance(items, Sized) else None
    if not wanted(total if total is not None else size):
        yield from items
        return
    yield from tqdm(items, desc=description, total=total, unit=unit, leave=False, mininterval=0.25,
                    dynamic_ncols=True, file=sys.stderr)


def progress_parts(parts: Iterable[list[T]], total: int, description: str, unit: str = " items") -> Iterator[list[T]]:
    """`parts` (lists whose lengths add up to `total`, such as the chunks of a pool's work), with a bar
    counting their items as they come when `wanted`; otherwise just `parts`."""
    if not wanted(total):
        yield from parts
        return
    with tqdm(total=total, desc=description, unit=unit, leave=False, mininterval=0.25, dynamic_ncols=True,
              file=sys.stderr) as bar:
        for part in parts:
            bar.update(len(part))
            yield part
