"""`mkdocs serve` on a fresh copy serves the atlas and picks up an edited seed or taxonomy file."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from tests.conftest import FIXTURES, ROOT, copy_project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_on_seed_and_taxonomy_edits(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "generator").unlink()
    shutil.copytree(ROOT / "generator", project / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    port = free_port()
    base = f"http://127.0.0.1:{port}/paper-atlas/"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    try:
        assert wait_for(lambda: (fetch(base) or "").count("Paper Atlas") > 0), "mkdocs serve did not come up"
        assert fetch(base + "papers/first-paper-a-study-of-things/") is None
        shutil.copy(FIXTURES / "compact.txt", project / "seeds" / "zzz_new.txt")
        assert wait_for(lambda: fetch(base + "papers/first-paper-a-study-of-things/") is not None), \
            "a new seed file was not picked up"
        topics = project / "generator/taxonomy/topics.yml"
        topics.write_text(topics.read_text() + "  - name: Studies of things\n    slug: studies-of-things\n"
                          "    description: Things, studied.\n    terms: [things]\n", encoding="utf-8")
        assert wait_for(lambda: "First Paper" in (fetch(base + "topics/studies-of-things/") or "")), \
            "an edited topics.yml was not picked up"
    finally:
        server.terminate()
        server.wait(timeout=20)
