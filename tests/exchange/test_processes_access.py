"""The boundary attacks of issue #12 against two real ``marknet serve`` processes: an
anonymous client reading the feed, a partner's feed showing an unpublished filing, and a
retired key that still signs or installs an attacker's key."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from marknet.accounts.users import add_user, get_user, issue_token
from marknet.bench.exchange_bench import FAST, two_nodes
from marknet.cli import app
from marknet.exchange.keys import KeyRing, SigningKey
from marknet.exchange.local import LocalNode
from marknet.exchange.request_auth import sign_request
from marknet.node import open_node
from tests.exchange.helpers import message, wait_for

FILING = {"text": "ZORBLAXQUIX", "goods_services": [{"nice_class": 9, "terms": ["software"]}],
          "parties": [{"name": "Zorblax Holdings", "role": "applicant", "country": "BY"}]}


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[dict[str, LocalNode]]:
    started = two_nodes(tmp_path, {**FAST, "MARKNET_EXCHANGE_RETRY_CAP_S": "1",
                                   "MARKNET_EXCHANGE_HEAD_POLL_S": "0.3",
                                   "MARKNET_EXCHANGE_PULL_INTERVAL_S": "1"})
    with open_node(started["BY"].data_dir) as by:
        add_user(by.store, "zorblax-filer", "correct horse battery", "applicant")
        started["BY"].env["TOKEN"] = issue_token(by.store, get_user(by.store, "zorblax-filer"),
                                                 "api", dt.timedelta(hours=1))[0]
    for node in started.values():
        node.start()
    try:
        yield started
    finally:
        for node in started.values():
            node.kill()


def _mirror_seq(ru: LocalNode) -> int:
    return int(ru.exchange_get("/exchange/v1/status")["mirrors"]["BY"]["mirror_seq"])


def _head(node: LocalNode) -> int:
    return int(node.exchange_get("/exchange/v1/identity")["feed_head"]["seq"])


def test_an_unpublished_filing_never_leaves_the_node(nodes: dict[str, LocalNode]) -> None:
    ru, by = nodes["RU"], nodes["BY"]
    token = {"authorization": f"Bearer {by.env['TOKEN']}"}
    for field, value in (("filing_date", "1995-01-01"), ("application_number", "2026000005")):
        backdated = httpx.post(by.url + "/api/v1/applications", json={**FILING, field: value},
                               headers=token, trust_env=False)
        assert backdated.status_code == 422
        assert [e["field"] for e in backdated.json()["errors"]] == [field]
    filed = httpx.post(by.url + "/api/v1/applications", json=FILING, trust_env=False,
                       headers=token)
    assert filed.status_code == 201, filed.text
    record_id = filed.json()["id"]
    assert filed.json()["record"]["application_number"].endswith("000001")  # none used up
    assert httpx.get(f"{by.url}/api/v1/records/{record_id}", trust_env=False).status_code == 404
    anonymous = httpx.get(by.url + "/exchange/v1/feed?after=0", trust_env=False)
    assert anonymous.status_code == 401
    assert b"ZORBLAXQUIX" not in anonymous.content
    forged = httpx.get(by.url + "/exchange/v1/feed?after=0", trust_env=False,
                       headers={"authorization": "Bearer 0123456789abcdef"})
    assert forged.status_code == 401
    # RU, a partner, replicates BY's register: the filing reaches it sealed.
    wait_for(lambda: _mirror_seq(ru) == _head(by), 60, "RU to mirror BY")
    with open_node(ru.data_dir) as opened:
        assert not opened.store.get_records([record_id])
        assert opened.register.verify().ok
        dump = opened.store.query("SELECT data FROM records") + opened.store.query(
            "SELECT payload FROM events")
    assert not any("ZORBLAXQUIX" in str(row[0]) for row in dump)


def _post(node: LocalNode, key: SigningKey, seq: int, **kwargs: object) -> httpx.Response:
    envelope = message(key, sender="BY", recipient="RU", seq=seq,
                       when=dt.datetime.now(dt.UTC), **kwargs)  # type: ignore[arg-type]
    return httpx.post(node.url + "/exchange/v1/messages", content=envelope.to_json(),
                      headers={"content-type": "application/json"}, trust_env=False)


def test_a_retired_key_signs_nothing_and_installs_nothing(nodes: dict[str, LocalNode]) -> None:
    ru, by = nodes["RU"], nodes["BY"]
    old = KeyRing(by.data_dir / "keys").active()
    runner = CliRunner()
    rotated = runner.invoke(app, ["keys", "rotate", "--data-dir", str(by.data_dir)])
    assert rotated.exit_code == 0, rotated.output
    new = KeyRing(by.data_dir / "keys").active()

    def ru_key_status() -> dict[str, str]:
        with open_node(ru.data_dir) as opened:
            return dict(opened.store.query("SELECT fingerprint, status FROM peer_keys "
                                           "WHERE office = 'BY'"))

    wait_for(lambda: ru_key_status().get(new.fingerprint) == "announced", 60,
          "the announcement to reach RU")
    # Announced is not trusted: a page or message signed with the new key is refused.
    assert _post(ru, new, 10_001).json()["code"] == "key_not_usable"
    # The attacker holding the old key announces a key of their own: noted, never trusted.
    attacker = KeyRing(by.data_dir / "attacker").create()
    announce = _post(ru, old, 10_002, type="marknet.key-rotated",
                     payload={"public_key": attacker.public_b64})
    assert announce.status_code == 200
    assert ru_key_status()[attacker.fingerprint] == "announced"
    assert _post(ru, attacker, 10_003).json()["code"] == "key_not_usable"
    # RU's operator confirms BY's real new key, checked by phone: the old key is retired.
    confirmed = runner.invoke(app, ["peers", "add", "--data-dir", str(ru.data_dir),
                                    "--office", "BY", "--url", by.url,
                                    "--key", new.public_b64])
    assert confirmed.exit_code == 0, confirmed.output
    assert ru_key_status()[old.fingerprint] == "retired"
    refused = _post(ru, old, 10_004)
    assert (refused.status_code, refused.json()["code"]) == (403, "key_not_usable")
    again = _post(ru, old, 10_005, type="marknet.key-rotated",
                  payload={"public_key": attacker.public_b64})
    assert again.json()["code"] == "key_not_usable"
    assert ru_key_status()[attacker.fingerprint] == "announced"
    # Requests too: BY's retired key cannot read RU's feed any more; its new key can.
    url = ru.url + "/exchange/v1/feed?after=0"
    now = dt.datetime.now(dt.UTC)
    stale = httpx.get(url, headers=sign_request("GET", url, old, "BY", "RU", now),
                      trust_env=False)
    assert (stale.status_code, "retired" in stale.json()["detail"]) == (401, True)
    fresh = httpx.get(url, headers=sign_request("GET", url, new, "BY", "RU", now),
                      trust_env=False)
    assert fresh.status_code == 200
    assert _post(ru, new, 10_006).status_code == 200
