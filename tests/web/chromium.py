"""What the browser tests share: Debian's Chromium driven by Playwright against ``marknet
serve``, skipped (with the reason) where either is missing, and the steps they all take."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.seed import PASSWORD

CHROMIUM = os.environ.get("MARKNET_CHROMIUM") or "/usr/bin/chromium"  # set but empty: default
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def playwright_or_skip() -> Any:
    """Playwright's sync API; skips the calling test module without it or without Chromium."""
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="browser tests need the playwright package")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"browser tests skipped: no Chromium at {CHROMIUM} "
                    "(apt-get install chromium, or set MARKNET_CHROMIUM)",
                    allow_module_level=True)
    return sync_api


@contextmanager
def chromium(sync_api: Any) -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


def api_token(base: str, username: str) -> str:
    response = httpx.post(f"{base}/api/v1/auth/token",
                          json={"username": username, "password": PASSWORD})
    return str(response.json()["token"])


def file_application(base: str, text: str, classes: list[int], examine: bool = False) -> str:
    """Bob files; with *examine* the RU examiner takes it to substantive examination."""
    response = httpx.post(f"{base}/api/v1/applications",
                          headers={"Authorization": f"Bearer {api_token(base, 'bob')}"},
                          json={"text": text, "goods_services": [{"nice_class": c}
                                                                 for c in classes],
                                "parties": [{"name": "Bob Ltd", "role": "applicant"}]})
    assert response.status_code == 201, response.text
    record_id = str(response.json()["id"])
    examiner = {"Authorization": f"Bearer {api_token(base, 'ivanova')}"}
    for action in ("pass_formal", "publish") if examine else ():
        done = httpx.post(f"{base}/api/v1/applications/{record_id}/actions/{action}",
                          headers=examiner)
        assert done.status_code == 200, done.text
    return record_id


def sign_in(page: Any, username: str) -> None:
    page.goto("/ru/login")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_label("Пароль").press("Enter")
    page.wait_for_url("**/search")
