"""Every step of every procedure table (national trademark, GI/AO, Union trademark and each
office's examination of it), walked through the CLI and through the API: no traceback, no
500, and no step that changes nothing without saying why."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from marknet.procedure.tables import TABLES, Workflow
from tests.api.seed import make_node
from tests.steps.interfaces import Outcome, api, cli
from tests.steps.walk import Walk, walk

TODAY = dt.datetime.now(dt.UTC).date()
CONCLUSION = {"authority": "Ministry of Agriculture of the Tula region", "number": "12-07/45",
              "date": (TODAY - dt.timedelta(days=20)).isoformat(),
              "summary": "the gingerbread's properties are due to the Tula region"}
TRADEMARK = {"text": "ЛУКОЙЛ-ТУРБО", "goods_services": [{"nice_class": 4, "terms": ["oil"]},
                                                      {"nice_class": 9, "terms": ["software"]}],
             "parties": [{"name": "ООО «Пример»", "role": "applicant", "country": "RU"}]}
GI = {"record_type": "gi", "kind": "gi", "names": [{"text": "Тульский пряник", "language": "ru"}],
      "product": "gingerbread", "nice_class": 30, "area": "Tula region",
      "conclusion": CONCLUSION,
      "parties": [{"name": "Tula Gingerbread Factory", "role": "applicant", "country": "RU",
                   "identifiers": {"INN": "7107000000"}}]}
SAMPLES: dict[str, Any] = {
    "text": "Крыніца / Криница: the applicant's text", "office": "RU", "offices": ["RU"],
    "holder": "ООО «Новый»", "licensee": "ООО «Лицензиат»", "grounds": "walk: grounds",
    "producer": {"name": "Старая Тула ООО", "country": "RU", "identifiers": {"INN": "7107000001"}},
    "conclusion": CONCLUSION, "certificate": "2099000001",
}
CASES = [("trademark", TRADEMARK, False), ("gi", GI, False), ("eaeu", TRADEMARK, True)]


@dataclass
class Cli:
    node: Path
    tmp: Path
    classes: list[int]

    def file(self, body: dict[str, Any], union: bool) -> str:
        path = self.tmp / "application.json"
        path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
        filed = cli(self.node, "file", str(path), *(["--eaeu"] if union else []))
        assert filed.ok, filed.body
        return str(filed.body["id"])

    def listing(self, record_id: str) -> dict[str, Any]:
        listed = cli(self.node, "steps", record_id)
        assert listed.ok, listed.body
        return dict(listed.body)

    def step(self, record_id: str, action: str, role: str, details: dict[str, Any]) -> Outcome:
        return cli(self.node, "step", record_id, action, "--as", role, "--name", "walker",
                   "--data", json.dumps(details, ensure_ascii=False))

    def decide(self, record_id: str, accept: bool, partial: bool) -> Outcome:
        first = ["--goods", str(self.classes[0])] if partial and self.classes else []
        return cli(self.node, "decide", record_id, "--accept" if accept else "--refuse",
                   "--grounds", "walk: refused", "--examiner", "walker", *first)

    def ask_consent(self, record_id: str, earlier: str) -> Outcome:
        return cli(self.node, "decide", record_id, "--consent-needed", "--goods",
                   str(self.classes[0]), "--cite", earlier, "--examiner", "walker")

    def tick(self, now: dt.date) -> Outcome:
        return cli(self.node, "tick", "--now", now.isoformat())

    def due(self, record_id: str) -> dt.date | None:
        rows = cli(self.node, "deadlines").body
        days = [r["due"] for r in rows if r["record_id"] == record_id and r["clock_action"]]
        return dt.date.fromisoformat(min(days)) if days else None


@dataclass
class Api:
    client: TestClient
    tokens: dict[str, str]
    node: Path

    def file(self, body: dict[str, Any], union: bool) -> str:
        filed = api(self.client, "POST", f"/api/v1/applications?eaeu={str(union).lower()}",
                    self.tokens["alice"], body)
        assert filed.ok, filed.body
        return str(filed.body["id"])

    def listing(self, record_id: str) -> dict[str, Any]:
        listed = api(self.client, "GET", f"/api/v1/applications/{record_id}/steps",
                     self.tokens["ivanova"])
        assert listed.ok, listed.body
        return dict(listed.body)

    def step(self, record_id: str, action: str, role: str, details: dict[str, Any]) -> Outcome:
        who = {"examiner": "ivanova", "applicant": "alice", "third_party": "bob"}[role]
        return api(self.client, "POST", f"/api/v1/applications/{record_id}/actions/{action}",
                   self.tokens[who], details)

    def decide(self, record_id: str, accept: bool, partial: bool) -> Outcome:
        record = api(self.client, "GET", f"/api/v1/records/{record_id}", self.tokens["ivanova"])
        data = record.body["record"]
        classes = [g["nice_class"] for g in data.get("goods_services", [])] or \
            [data["nice_class"]]
        classes = classes[:1] if partial else classes
        items = [{"nice_class": c, "decision": "accept" if accept else "refuse",
                  "grounds": "" if accept else "walk: refused"} for c in classes]
        return api(self.client, "POST", f"/api/v1/applications/{record_id}/decisions",
                   self.tokens["ivanova"], {"items": items})

    def ask_consent(self, record_id: str, earlier: str) -> Outcome:
        record = api(self.client, "GET", f"/api/v1/records/{record_id}", self.tokens["ivanova"])
        first = record.body["record"]["goods_services"][0]["nice_class"]
        return api(self.client, "POST", f"/api/v1/applications/{record_id}/decisions",
                   self.tokens["ivanova"], {"items": [
                       {"nice_class": first, "decision": "consent_needed", "cited": [earlier]}]})

    def tick(self, now: dt.date) -> Outcome:
        # The clock has no HTTP endpoint: the node's own process runs it.
        return cli(self.node, "tick", "--now", now.isoformat())

    def due(self, record_id: str) -> dt.date | None:
        rows = api(self.client, "GET", f"/api/v1/records/{record_id}/deadlines",
                   self.tokens["ivanova"]).body["deadlines"]
        days = [r["due"] for r in rows if r["status"] == "open" and r["clock_action"]]
        return dt.date.fromisoformat(min(days)) if days else None


def _covered(walks: list[Walk], workflows: set[str]) -> set[tuple[str, str]]:
    seen = {k for w in walks for k in (*w.taken, *w.refused)}
    every: set[tuple[str, str]] = {(str(t.workflow.value), a) for t in TABLES.values()
                                   for a in t.steps if t.workflow.value in workflows}
    return every - seen


@pytest.mark.parametrize(("workflow", "body", "union"), CASES, ids=[c[0] for c in CASES])
def test_every_step_through_the_cli(workflow: str, body: dict[str, Any], union: bool,
                                    tmp_path: Path) -> None:
    classes = [g["nice_class"] for g in body.get("goods_services", [])]
    ui = Cli(make_node(tmp_path / "node"), tmp_path, classes)
    done = walk(ui, body, union, SAMPLES)
    tables = {workflow} | ({Workflow.EAEU_EXAM.value} if union else set())
    assert _covered([done], tables) == set()


@pytest.mark.parametrize(("workflow", "body", "union"), CASES, ids=[c[0] for c in CASES])
def test_every_step_through_the_api(workflow: str, body: dict[str, Any], union: bool,
                                    client: TestClient, tokens: dict[str, str],
                                    node_dir: Path) -> None:
    ui = Api(client, tokens, node_dir)
    done = walk(ui, body, union, SAMPLES)
    tables = {workflow} | ({Workflow.EAEU_EXAM.value} if union else set())
    assert _covered([done], tables) == set()
