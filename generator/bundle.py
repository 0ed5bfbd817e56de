"""The offline bundle: a site built with mkdocs.offline.yml, zipped reproducibly.

`python -m generator.bundle dist/offline dist/paper-atlas-offline.zip` puts every file under
one top folder (`paper-atlas/`), in sorted order, with fixed dates and modes, so the same
site always gives the same zip. Source maps are left out: they only serve a debugger.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import zipfile
from pathlib import Path

ROOT_FOLDER = "paper-atlas"
LEFT_OUT = (".map",)
# The offline plugin copies the search index into search_index.js (a script works from file://);
# the JSON it was copied from is then never fetched.
INLINED_INDEX = ("search/search_index.json", "search/search_index.js")
EPOCH_1980 = 315532800  # the earliest date a zip can hold


def zip_date() -> tuple[int, int, int, int, int, int]:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else 1980-01-01."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = max(int(epoch), EPOCH_1980) if epoch.isdigit() else EPOCH_1980
    return time.gmtime(seconds)[:6]


def left_out(folder: Path, path: Path) -> bool:
    """Files the bundle does without: source maps, and the search index JSON once inlined."""
    unused_json, script = INLINED_INDEX
    return path.name.endswith(LEFT_OUT) or (path == folder / unused_json and (folder / script).is_file())


def zip_site(folder: Path, target: Path, root: str = ROOT_FOLDER) -> int:
    """Zip the site in `folder` into `target`; returns the zip's size in bytes."""
    if not (folder / "index.html").is_file():
        raise FileNotFoundError(f"{folder}: no index.html (build it with `mkdocs build -f mkdocs.offline.yml`)")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    date = zip_date()
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not left_out(folder, p)):
            info = zipfile.ZipInfo(f"{root}/{path.relative_to(folder).as_posix()}", date_time=date)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            bundle.writestr(info, path.read_bytes())
    partial.replace(target)
    return target.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.bundle", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the site built with mkdocs.offline.yml")
    parser.add_argument("zip", type=Path, help="the zip to write")
    args = parser.parse_args(argv)
    try:
        size = zip_site(args.folder, args.zip)
    except FileNotFoundError as error:
        print(f"bundle: error: {error}", file=sys.stderr)
        return 2
    print(f"bundle: {args.zip} ({size / 1e6:.1f} MB); unzip it and open {ROOT_FOLDER}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
