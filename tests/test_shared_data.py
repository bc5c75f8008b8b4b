"""The shared reference data is found beside the repository; missing, a test says where it
looked, and in CI it fails instead of skipping."""

from __future__ import annotations

import pytest

from tests.shared_data import REPO, SHARED_DATA, shared_data


def test_the_data_is_looked_for_beside_the_repository() -> None:
    assert REPO.parent / "shared" / "data" == SHARED_DATA
    assert (REPO / "pyproject.toml").is_file()


def test_missing_data_skips_naming_the_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-such-folder"):
        shared_data("no-such-folder")


@pytest.mark.parametrize("value", ["true", "1", "TRUE"])
def test_missing_data_fails_in_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="CI must have it"):
        shared_data("no-such-folder")
