"""Property-based fuzzing of the API from its own OpenAPI description: no input may cause a 5xx.

Schemathesis generates the cases (its pytest plugin does not support this pytest), Hypothesis
drives them against the app served over loopback, one test per operation, as public, admin,
examiner and applicant; bounded for CI by ``MARKNET_FUZZ_EXAMPLES`` per operation.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings

from tests.api.seed import PASSWORD, build_app, live_server

schemathesis = pytest.importorskip("schemathesis", reason="the fuzz test needs schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402

EXAMPLES = int(os.environ.get("MARKNET_FUZZ_EXAMPLES", "30"))
ROLES = ("public", "root", "ivanova", "alice")


class Fuzz:
    """One seeded node served over loopback, and its schema, for every operation's test."""

    def __init__(self, base: str) -> None:
        self.tokens = {name: httpx.post(f"{base}/api/v1/auth/token", json={
            "username": name, "password": PASSWORD}).json()["token"] for name in ROLES[1:]}
        loaded = schemathesis.openapi.from_url(f"{base}/openapi.json")
        self.operations = {op.label: op for op in (
            r.ok() for r in loaded.include(path_regex=r"^/api/v1/").get_all_operations())}


@pytest.fixture(scope="module")
def fuzz(seeded_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzz]:
    path = tmp_path_factory.mktemp("fuzz") / "node"
    shutil.copytree(seeded_dir, path)
    with live_server(build_app(path)) as base:
        yield Fuzz(base)


def _labels() -> list[str]:
    """The operations, read from the description without a node (collection time)."""
    from fastapi import FastAPI

    from marknet.api.v1 import api_router

    bare = FastAPI()
    bare.include_router(api_router())
    return [f"{method.upper()} {path}" for path, item in bare.openapi()["paths"].items()
            for method in item]


@pytest.mark.parametrize("label", _labels())
def test_no_input_causes_a_server_error(fuzz: Fuzz, label: str) -> None:
    operation = fuzz.operations[label]

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        role = ROLES[hash(repr(case.query)) % len(ROLES)]
        headers = {} if role == "public" else {"Authorization": f"Bearer {fuzz.tokens[role]}"}
        case.call_and_validate(headers=headers, checks=[not_a_server_error])

    run()


def test_every_operation_is_fuzzed(fuzz: Fuzz) -> None:
    assert set(_labels()) == set(fuzz.operations)
