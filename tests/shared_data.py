"""The shared reference data, found relative to the repository (``../shared/data`` beside it).

A test that needs it asks ``shared_data(...)``: when the data is missing the test is skipped
with a message naming the path it looked at, except in CI (``CI`` set to true), where it fails:
a CI run that silently skipped the real-data tests would pass without testing them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def shared_data(*parts: str) -> Path:
    """``../shared/data/<parts>``, or a skip (a failure in CI) when it is not there."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        message = f"reference data not found at {path} (the repository's ../shared/data)"
        if in_ci():
            pytest.fail(f"{message}: CI must have it", pytrace=False)
        pytest.skip(message)
    return path
