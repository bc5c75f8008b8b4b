"""Property-based fuzzing of the API from its own OpenAPI description: no input may cause a 5xx.

Bounded for CI: a few dozen examples per operation, no deadline (SQLite timings vary).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from tests.api.seed import PASSWORD, build_app

schemathesis = pytest.importorskip("schemathesis", reason="the fuzz test needs schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402

EXAMPLES = int(os.environ.get("MARKNET_FUZZ_EXAMPLES", "25"))


@pytest.fixture(scope="module")
def fuzz_app(seeded_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    node = tmp_path_factory.mktemp("fuzz") / "node"
    shutil.copytree(seeded_dir, node)
    app = build_app(node)
    with TestClient(app) as client:  # runs the lifespan, as a server would
        token = client.post("/api/v1/auth/token",
                            json={"username": "root", "password": PASSWORD}).json()["token"]
        app.state.fuzz_token = token
        yield app


@pytest.fixture(scope="module")
def api_schema(fuzz_app: Any) -> Any:
    loaded = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)
    return loaded.include(path_regex=r"^/api/v1/")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_no_input_causes_a_server_error(case: Any, fuzz_app: Any) -> None:
    headers = {"Authorization": f"Bearer {fuzz_app.state.fuzz_token}"}
    case.call_and_validate(headers=headers, checks=[not_a_server_error])
