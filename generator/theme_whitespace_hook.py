"""MkDocs hook: Material's templates render without the blank lines and indentation of their tags.

Jinja keeps the line break after every `{% … %}` tag and the indentation before it, and a
Material page is made of hundreds of them: about 1.9 KB of blank lines and spaces on a 21 KB
paper page. With Jinja's `trim_blocks` and `lstrip_blocks` that whitespace goes; the markup
and text between the tags stay, and what templates print (the page's content, its title) is
never touched. Pages look the same: the test compares every element's box and the visible text
in Chromium, with and without this hook (`PAPER_ATLAS_TRIM_THEME=0` turns it off).

MkDocs makes a new environment for every build and hands it to `on_env` before it loads any
template; Jinja's settings may change until the first template is loaded.
"""

from __future__ import annotations

import os


def on_env(env, config, files):
    if os.environ.get("PAPER_ATLAS_TRIM_THEME") != "0":
        env.trim_blocks = env.lstrip_blocks = True
    return env
