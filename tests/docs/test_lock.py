"""The lock files answer pyproject.toml: every dependency it names (runtime and test) is pinned
in requirements/ at a version it allows, with hashes, so `make lock` was not forgotten."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]


def _pins(lock: str) -> dict[str, set[str]]:
    text = (ROOT / "requirements" / lock).read_text("utf-8")
    pins: dict[str, set[str]] = {}
    for name, version in re.findall(r"^([A-Za-z0-9_.\[\]-]+)==(\S+)", text, flags=re.M):
        pins.setdefault(canonicalize_name(name.split("[")[0]), set()).add(version)
    return pins


@pytest.mark.parametrize(("lock", "extras"), [("runtime.txt", ()), ("test.txt", ("test",))])
def test_every_dependency_is_locked_at_an_allowed_version(lock: str,
                                                          extras: tuple[str, ...]) -> None:
    pins = _pins(lock)
    wanted = [*PROJECT["dependencies"],
              *(d for extra in extras for d in PROJECT["optional-dependencies"][extra])]
    problems = []
    for line in wanted:
        requirement = Requirement(line)
        versions = pins.get(canonicalize_name(requirement.name), set())
        if not any(requirement.specifier.contains(v, prereleases=True) for v in versions):
            problems.append(f"{requirement} (locked: {sorted(versions) or 'no'})")
    assert problems == [], "run `make lock UPGRADE=` after changing pyproject.toml"


@pytest.mark.parametrize("lock", ["build.txt", "runtime.txt", "test.txt"])
def test_every_pin_has_hashes(lock: str) -> None:
    text = (ROOT / "requirements" / lock).read_text("utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    unhashed = [e.split()[0] for e in entries if "==" in e and "--hash=sha256:" not in e]
    assert unhashed == []
