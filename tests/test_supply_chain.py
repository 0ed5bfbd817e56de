"""Every dependency is pinned: pyproject.toml pins exactly, requirements.lock holds every
package the project installs (transitive ones too), and every install goes through it.

(`pip install --require-hashes` is not used: pip refuses it with an editable install —
"cannot be installed when requiring hashes, because there is no single file to hash".)
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][0-9A-Za-z.+!-]*)$")


def lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            match = PIN.match(line.strip())
            assert match, f"requirements.lock: not an exact pin: {line!r}"
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def declared() -> list[str]:
    project = PYPROJECT["project"]
    return [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]


def test_pyproject_pins_every_dependency_exactly_and_the_lock_agrees():
    pins = lock()
    for requirement in [*declared(), *PYPROJECT["build-system"]["requires"]]:
        match = PIN.match(requirement)
        assert match, f"pyproject.toml: not an exact pin: {requirement!r}"
    for requirement in declared():
        name, version = PIN.match(requirement).groups()
        assert pins.get(canonicalize_name(name)) == version, f"requirements.lock disagrees on {requirement}"


def closure(roots: list[str]) -> dict[str, str]:
    """name → installed version of every distribution the requirements pull in."""
    seen: dict[str, str] = {}
    pending = [(Requirement(r), ()) for r in roots]
    while pending:
        requirement, extras = pending.pop()
        if requirement.marker and not any(requirement.marker.evaluate({"extra": e}) for e in (extras or ("",))):
            continue
        name = canonicalize_name(requirement.name)
        if name in seen:
            continue
        distribution = metadata.distribution(requirement.name)
        seen[name] = distribution.version
        pending += [(Requirement(r), tuple(requirement.extras)) for r in distribution.requires or []]
    return seen


def test_the_lock_holds_every_installed_dependency_at_its_installed_version():
    installed = closure(declared())
    pins = lock()
    missing = {name: version for name, version in installed.items() if pins.get(name) != version}
    assert missing == {}, "not pinned in requirements.lock (run `make lock`)"


def test_every_install_goes_through_the_lock():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for line in re.findall(r"^\t.*pip install.*$", makefile, re.MULTILINE):
        assert "-c requirements.lock" in line or re.search(r"'pip==\S+'", line) or "lock-venv" in line, line
    for workflow in (ROOT / ".github/workflows").glob("*.yml"):
        for line in re.findall(r".*pip install.*", workflow.read_text(encoding="utf-8")):
            assert "-c requirements.lock" in line, (workflow.name, line)
