"""`make offline`: a zip that works from file:// — every link a file, nothing from another host."""

from __future__ import annotations

import hashlib
import re
import zipfile

from generator.bundle import zip_site
from tests.conftest import ROOT
from tests.sitecheck import broken_links, is_external, parse

MAX_BUNDLE_BYTES = 6_000_000  # measured ≈ 3.0 MB for the seeds (README, "Offline")
SHIM = ROOT / "overrides/assets/javascripts/iframe-worker/shim.js"
SHIM_SHA256 = "e8e412dbcfea9b7e31b5ffa288d7b6035915e714c542f4176a0cdbe262fc9609"  # iframe-worker 1.0.4 shim/index.js


def test_bundle_is_one_folder_with_the_site_and_within_budget(offline_bundle):
    size = offline_bundle.stat().st_size
    print(f"offline bundle: {size} bytes")
    assert size <= MAX_BUNDLE_BYTES
    with zipfile.ZipFile(offline_bundle) as bundle:
        names = bundle.namelist()
    assert all(name.startswith("paper-atlas/") for name in names)
    for needed in ("index.html", "search/search_index.js", "assets/javascripts/iframe-worker/shim.js",
                   "papers/qlora-efficient-finetuning-of-quantized-llms.html", "data/papers.json"):
        assert f"paper-atlas/{needed}" in names, needed
    assert not any(name.endswith(".map") or "/previews/" in name for name in names)
    assert "paper-atlas/search/search_index.json" not in names  # inlined into search_index.js


def test_bundle_is_reproducible(offline_bundle, tmp_path):
    again = tmp_path / "again.zip"
    zip_site(offline_bundle.parent / "offline", again)
    assert again.read_bytes() == offline_bundle.read_bytes()


def test_every_link_is_a_file_that_exists(unzipped_bundle):
    """From file:// a link to a folder shows a directory listing, not its index.html."""
    assert len(list(unzipped_bundle.rglob("*.html"))) > 300
    assert broken_links(unzipped_bundle, folders_allowed=False) == []


def test_nothing_is_loaded_from_another_host(unzipped_bundle):
    offenders = [f"{page.relative_to(unzipped_bundle)}: {url}" for page in unzipped_bundle.rglob("*.html")
                 for url in parse(page).resources if is_external(url)]
    assert offenders == []
    home = (unzipped_bundle / "index.html").read_text(encoding="utf-8")
    assert '<script src="assets/javascripts/iframe-worker/shim.js"></script>' in home
    assert "unpkg.com" not in home and "fonts.googleapis" not in home
    assert "var __index =" in (unzipped_bundle / "search/search_index.js").read_text(encoding="utf-8")[:20]


def test_shared_links_point_to_the_published_site(unzipped_bundle):
    page = (unzipped_bundle / "papers/qlora-efficient-finetuning-of-quantized-llms.html").read_text(encoding="utf-8")
    online = "https://paper-atlas.github.io/paper-atlas/papers/qlora-efficient-finetuning-of-quantized-llms/"
    assert f'<link rel="canonical" href="{online}">' in page
    assert f'data-clipboard-text="{online}"' in page
    assert re.search(r'<span(?: class="pa-evidence")? id="s3">', page)


def test_vendored_iframe_worker_is_the_published_one():
    assert hashlib.sha256(SHIM.read_bytes()).hexdigest() == SHIM_SHA256
    assert "MIT" in (SHIM.parent / "LICENSE").read_text(encoding="utf-8")
