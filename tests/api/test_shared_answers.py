"""Public search answers shared by a node's HTTP processes: one process sends what another
computed for the same registers, never an answer from other registers, and a broken or busy
file only costs a search."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marknet.search import service, shared_answers
from marknet.search.shared_answers import SharedAnswers
from tests.api.seed import build_app

HEADERS = [(b"content-type", b"application/json"), (b"etag", b'W/"\xe9t\xe9"')]


def test_a_second_process_sends_what_the_first_computed(
        node_dir: Path, tmp_path: Path, searches: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "CATCH_UP_S", 60.0)  # a slow machine stays "fresh"
    path = tmp_path / "cache" / "answers.sqlite3"
    SharedAnswers.reset(path)
    first_app = build_app(node_dir, shared_answers=path)
    second_app = build_app(node_dir, shared_answers=path)
    with TestClient(first_app) as first, TestClient(second_app) as second:
        for client, word in ((first, "солнце"), (second, "ромашка")):
            client.get("/api/v1/search", params={"q": word})  # each has its index open
        computed = first.get("/api/v1/search", params={"q": "ЛУКОЙЛ", "class": 4})
        sent = second.get("/api/v1/search", params={"q": "ЛУКОЙЛ", "class": 4})
    assert computed.status_code == sent.status_code == 200
    assert sent.content == computed.content
    assert sent.headers["etag"] == computed.headers["etag"]
    assert sent.json()["hits"][0]["text"] == "LUKOIL"
    assert searches.count("ЛУКОЙЛ") == 1  # searched by the first process only


def test_an_answer_for_other_registers_is_not_sent(tmp_path: Path) -> None:
    answers = SharedAnswers(tmp_path / "answers.sqlite3")
    answers.put(b"q=lukoil", "(('RU', 5),)", 200, HEADERS, b'{"hits": []}')
    assert answers.get(b"q=lukoil", "(('RU', 6),)") is None
    assert answers.get(b"q=lukoil", "(('RU', 5),)") == (200, HEADERS, b'{"hits": []}')
    assert answers.get(b"q=LUKOIL", "(('RU', 5),)") is None


def test_the_file_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shared_answers, "_TRIM_EVERY", 5)
    answers = SharedAnswers(tmp_path / "answers.sqlite3", entries=10)
    for i in range(42):
        answers.put(f"q={i}".encode(), "s", 200, HEADERS, b"{}")
    kept = [row[0] for row in answers._db.execute("select query from answers order by id")]
    assert len(kept) <= 15
    assert kept[-1] == b"q=41"  # the newest stay


def test_a_busy_file_skips_the_write_and_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "answers.sqlite3"
    answers = SharedAnswers(path)
    answers.put(b"q=a", "s", 200, HEADERS, b"{}")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("begin exclusive")  # another process writing, for longer than we wait
    try:
        answers.put(b"q=b", "s", 200, HEADERS, b"{}")  # skipped, no exception
        assert answers.get(b"q=a", "s") is not None  # WAL: readers are not blocked
    finally:
        other.execute("rollback")
        other.close()
    assert answers.get(b"q=b", "s") is None


def test_a_broken_file_leaves_the_app_without_sharing(node_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "answers.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with TestClient(build_app(node_dir, shared_answers=path)) as client:
        response = client.get("/api/v1/search", params={"q": "лукойл"})
    assert response.status_code == 200
    assert response.json()["hits"][0]["text"] == "LUKOIL"


def test_reset_starts_empty(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "answers.sqlite3"
    SharedAnswers.reset(path)
    SharedAnswers(path).put(b"q=a", "s", 200, HEADERS, b"{}")
    SharedAnswers.reset(path)
    assert SharedAnswers(path).get(b"q=a", "s") is None


def test_a_file_that_cannot_be_made_turns_sharing_off(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    assert SharedAnswers.reset(blocker / "answers.sqlite3") is False
    assert SharedAnswers.open(blocker / "answers.sqlite3") is None


def test_hostile_query_strings_are_only_keys(node_dir: Path, tmp_path: Path) -> None:
    """SQL metacharacters and script in the query string reach the shared file only as bound
    values: every answer comes back, the file still holds one row per query string."""
    path = tmp_path / "answers.sqlite3"
    SharedAnswers.reset(path)
    hostile = ["' OR '1'='1", "1; DROP TABLE answers; --", "<script>alert(1)</script>",
               "ЛУКОЙЛ\x00", "%' --"]
    with TestClient(build_app(node_dir, shared_answers=path)) as client:
        for text in hostile:
            for _ in range(2):  # computed, then remembered
                response = client.get("/api/v1/search", params={"q": text})
                assert response.status_code in (200, 400), (text, response.text)
                assert response.headers["content-type"].startswith(
                    ("application/json", "application/problem+json"))
    rows = SharedAnswers(path)._db.execute("select count(*), count(distinct query) from answers")
    count, distinct = rows.fetchone()
    assert count == distinct >= 1
