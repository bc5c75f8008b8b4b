"""The CLI, the API and the workbench take a step through the same procedure service, so a
Union application published through any of them sends the same messages (MSG.028 to every
member office) and opens this office's own examination."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from marknet.exchange import outbox
from marknet.node import open_node
from tests.api.seed import make_node
from tests.steps.interfaces import api, cli

UNION = {"text": "ЛУКОЙЛ", "goods_services": [{"nice_class": 4, "terms": ["motor oil"]}],
         "parties": [{"name": "ООО «Пример»", "role": "applicant", "country": "RU"}]}


def _sent(data_dir: Path, record_id: str) -> dict[str, Any]:
    """What the node sent about the record: exchange envelopes by (type, recipient), and its
    procedure cases."""
    with open_node(data_dir) as node:
        rows = outbox.listing(node.store, None, 100)
        cases = node.store.query("SELECT workflow, state FROM procedure_cases WHERE "
                                 "record_id = ? ORDER BY workflow", (record_id,))
        pending = node.store.query("SELECT count(*) FROM procedure_outbox WHERE sent_at IS NULL")
    return {"envelopes": sorted((r["type"], r["recipient"]) for r in rows),
            "cases": [tuple(c) for c in cases], "undelivered": pending[0][0]}


def test_publishing_a_union_application_sends_msg028_through_cli_and_api(
        tmp_path: Path, client: TestClient, tokens: dict[str, str], node_dir: Path) -> None:
    by_cli = make_node(tmp_path / "cli")
    application = tmp_path / "union.json"
    application.write_text(json.dumps(UNION, ensure_ascii=False), encoding="utf-8")
    cli_id = cli(by_cli, "file", str(application), "--eaeu").body["id"]
    for action in ("pass_formal", "publish"):
        assert cli(by_cli, "step", cli_id, action).ok

    filed = client.post("/api/v1/applications?eaeu=true", json=UNION,
                        headers={"Authorization": f"Bearer {tokens['alice']}"})
    assert filed.status_code == 201, filed.text
    api_id = filed.json()["id"]
    for action in ("pass_formal", "publish"):
        taken = api(client, "POST", f"/api/v1/applications/{api_id}/actions/{action}",
                    tokens["ivanova"])
        assert taken.ok, taken.body
    assert taken.body["state"] == "offices_examining"

    through_cli, through_api = _sent(by_cli, cli_id), _sent(node_dir, api_id)
    partners = [("MSG.028", o) for o in ("AM", "BY", "KG", "KZ")]
    assert through_cli["envelopes"] == partners
    assert through_api == through_cli
    assert through_api["cases"] == [("eaeu", "offices_examining"), ("eaeu_exam", "examining")]
    assert through_api["undelivered"] == 0
