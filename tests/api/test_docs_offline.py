"""The interactive API docs work without the internet: /docs and /redoc load Swagger UI and
ReDoc from the node itself and name no other host."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

# src=, href= and url( references, and any absolute URL in the page's own script.
_REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url\(\s*["']?([^"')]+)""")
_ABSOLUTE = re.compile(r"""["'`]((?:https?:)?//[^"'`\s]+)""")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_api_docs_name_no_external_host(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    html = response.text
    references = [a or b for a, b in _REFERENCE.findall(html)]
    assert references, "the page loads its assets"
    assert _ABSOLUTE.findall(html) == []
    for reference in references:
        assert reference.startswith("/"), reference
        asset = client.get(reference)
        assert asset.status_code == 200, reference
        assert len(asset.content) > 100
    assert "/openapi.json" in html


def test_swagger_ui_asks_no_validator(client: TestClient) -> None:
    # Swagger UI would otherwise fetch a validity badge from validator.swagger.io.
    assert '"validatorUrl": null' in client.get("/docs").text
