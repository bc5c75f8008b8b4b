"""An operator's and examiner's everyday commands: records list with the search filters,
publications of a day, peers remove, watches add/list/remove, and what send and outbox say
about payloads and recipients."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.cli.runner import cli, refused

MARKS = [
    {"office": "RU", "application_number": "2020740504", "filing_date": "2020-11-23",
     "text": "ЛУКОЙЛ", "nice_classes": [4, 35], "status": "registered"},
    {"office": "BY", "application_number": "a200100123", "filing_date": "2001-03-14",
     "text": "Крыніца", "nice_classes": [32], "status": "registered"},
    {"office": "RU", "application_number": "2019700001", "filing_date": "2019-05-06",
     "text": "Ромашка", "nice_classes": [30], "status": "expired"},
]
PASSWORD = {"MARKNET_USER_PASSWORD": "correct horse battery"}


@pytest.fixture
def node(tmp_path: Path) -> Path:
    data_dir = tmp_path / "ru"
    assert cli("init", "--data-dir", str(data_dir), "--office", "RU").code == 0
    source = tmp_path / "marks.jsonl"
    source.write_text("\n".join(json.dumps(m, ensure_ascii=False) for m in MARKS),
                      encoding="utf-8")
    assert cli("import", str(source), "--data-dir", str(data_dir), "--allow-foreign").code == 0
    return data_dir


def _ids(node: Path, *filters: str) -> list[str]:
    listed = cli("records", "list", "--data-dir", str(node), *filters, "--json").json()
    return [r["id"] for r in listed]


def test_records_list_takes_the_search_filters(node: Path) -> None:
    assert len(_ids(node)) == 3
    assert _ids(node, "--office", "BY") == ["BY502001000000123"]
    assert _ids(node, "--class", "4") == ["RU502020000740504"]
    assert _ids(node, "--status", "in_force", "--office", "RU") == ["RU502020000740504"]
    assert _ids(node, "--status", "ended") == ["RU502019000700001"]
    assert _ids(node, "--filed-from", "2019-01-01", "--filed-to", "2019-12-31") == [
        "RU502019000700001"]
    assert _ids(node, "--kind", "gi") == []
    assert len(_ids(node, "--limit", "2")) == 2
    shown = cli("records", "list", "--data-dir", str(node), "--office", "BY")
    assert "Крыніца" in shown.stdout


@pytest.mark.parametrize(("option", "value", "fragment"), [
    ("--office", "QQ", "ST.3 office code (RU, BY"),
    ("--class", "46", "Nice class must be 1..45, not 46"),
    ("--vienna", "99.01", "unknown Vienna code '99.01'"),
    ("--status", "alive", "unknown status 'alive'"),
    ("--kind", "patent", "kind must be one of trademark, gi"),
])
def test_records_list_refuses_bad_filters(node: Path, option: str, value: str,
                                          fragment: str) -> None:
    refused(cli("records", "list", "--data-dir", str(node), option, value), 2, fragment)


def test_publications_of_a_day(node: Path, tmp_path: Path) -> None:
    application = tmp_path / "app.json"
    application.write_text(json.dumps({
        "text": "LUKOIL", "language": "en",
        "goods_services": [{"nice_class": 4, "terms": ["motor oil"]}],
        "parties": [{"name": "OOO Romashka", "role": "applicant", "country": "RU"}]}))
    record_id = cli("file", str(application), "--data-dir", str(node), "--json").json()["id"]
    for step in ("pass_formal", "publish"):
        assert cli("step", record_id, step, "--data-dir", str(node)).code == 0
    today = dt.date.today().isoformat()
    bulletin = cli("publications", "--date", today, "--data-dir", str(node), "--json").json()
    assert [e["id"] for e in bulletin["applications"]] == [record_id]
    assert today in bulletin["dates"]
    assert cli("publications", "--data-dir", str(node), "--json").json()["date"] == today
    other = cli("publications", "--date", "2001-01-01", "--data-dir", str(node), "--json")
    assert other.json()["applications"] == []
    refused(cli("publications", "--date", "2026-13-01", "--data-dir", str(node)), 2,
            "--date must be a date YYYY-MM-DD")
    refused(cli("publications", "--office", "QQ", "--data-dir", str(node)), 2,
            "ST.3 office code (RU, BY")


def test_peers_remove(node: Path, tmp_path: Path) -> None:
    partner = tmp_path / "by"
    assert cli("init", "--data-dir", str(partner), "--office", "BY").code == 0
    key = cli("keys", "show", "--data-dir", str(partner), "--json").json()[0]["public_key"]
    assert cli("peers", "add", "--data-dir", str(node), "--office", "BY", "--url",
               "http://127.0.0.1:8002", "--key", key).code == 0
    assert [p["office"] for p in cli("peers", "list", "--data-dir", str(node),
                                     "--json").json()] == ["BY"]
    removed = cli("peers", "remove", "--office", "BY", "--data-dir", str(node), "--json")
    assert removed.json() == {"office": "BY", "url": "http://127.0.0.1:8002", "removed": True}
    assert cli("peers", "list", "--data-dir", str(node), "--json").json() == []
    refused(cli("peers", "remove", "--office", "BY", "--data-dir", str(node)), 2,
            "BY is not a partner of this node (partners: none)")
    # BY's records stay: they are in RU's register as reference data, not BY's mirror.
    assert "BY502001000000123" in _ids(node, "--office", "BY")


def test_a_message_to_no_partner_is_shown_undeliverable(node: Path) -> None:
    sent = cli("send", "--to", "KZ", "--type", "MSG.058", "--payload", '{"note": "hello"}',
               "--data-dir", str(node), "--json")
    assert sent.code == 0
    assert "KZ is not a partner of this node" in sent.stderr
    messages = cli("outbox", "--data-dir", str(node), "--json").json()["messages"]
    assert [(m["recipient"], m["status"]) for m in messages] == [("KZ", "undeliverable")]
    assert "not a partner of this node (marknet peers add)" in messages[0]["last_error"]
    plain = cli("outbox", "--data-dir", str(node))
    assert "undeliverable" in plain.stdout


@pytest.mark.parametrize(("payload", "content_type", "fragment"), [
    ("not json", "application/json", "the payload is not JSON"),
    ("[1, 2]", "application/json", "a JSON payload must be an object"),
    ("", "application/json", "the payload is empty"),
    ("<a><b></a>", "application/xml", "the payload is not well-formed XML"),
    ('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', "application/xml",
     "an XML payload may not declare a DTD"),
])
def test_send_checks_its_payload_and_queues_nothing_bad(node: Path, payload: str,
                                                        content_type: str,
                                                        fragment: str) -> None:
    refused(cli("send", "--to", "BY", "--type", "MSG.058", "--payload", payload,
                "--content-type", content_type, "--data-dir", str(node)), 2, fragment)
    assert cli("outbox", "--data-dir", str(node), "--json").json()["messages"] == []


def test_watches_add_list_remove(node: Path) -> None:
    assert cli("users", "add", "alice", "--role", "applicant", "--data-dir", str(node),
               env=PASSWORD).code == 0
    added = cli("watches", "add", "--query", "LUKOIL", "--class", "4", "--user", "alice",
                "--data-dir", str(node), "--json").json()
    assert (added["query"], added["classes"], added["threshold"]) == ("LUKOIL", [4], 0.7)
    listed = cli("watches", "list", "--user", "alice", "--data-dir", str(node), "--json").json()
    assert [w["id"] for w in listed] == [added["id"]]
    refused(cli("watches", "add", "--query", "LUKOIL", "--class", "46", "--user", "alice",
                "--data-dir", str(node)), 2, "Nice classes are 1-45, not 46")
    refused(cli("watches", "add", "--query", "LUKOIL", "--user", "alice", "--webhook",
                "http://127.0.0.1/hook", "--data-dir", str(node)), 2, "private address")
    assert cli("watches", "remove", added["id"], "--user", "alice",
               "--data-dir", str(node)).code == 0
    assert cli("watches", "list", "--data-dir", str(node), "--json").json() == []
    refused(cli("watches", "remove", added["id"], "--user", "alice", "--data-dir", str(node)),
            2, "no watch")
