"""The Union trademark between two real serving nodes: messages cross HTTP, signed, with receipts.

BY and RU run as ``marknet serve`` processes; the applicant's and examiners' steps are taken
against each node's database (as the CLI does), and everything between the offices goes through
the exchange's outbox, the partner's inbox and the procedure handlers installed by ``serve``.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from marknet.exchange.local import LocalNode, free_port, pair
from marknet.model.dates import add_months, add_years
from marknet.node import init_node, open_node
from marknet.procedure import Decision, advance, decide, examine, file, open_procedures, tick
from marknet.procedure.bridge import ExchangeTransport
from marknet.register import Register
from tests.procedure.offices import APPLICANT, FakeClock, Office, earlier_mark, mark, tm

OFFICES = ("BY", "RU")


def _wait(what: str, check: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[dict[str, LocalNode]]:
    nodes: dict[str, LocalNode] = {}
    for office in OFFICES:
        init_node(tmp_path / office, office).close()
        node_file = tmp_path / office / "marknet.json"
        settings = json.loads(node_file.read_text())
        settings["procedure"] = {"eaeu_offices": list(OFFICES)}
        node_file.write_text(json.dumps(settings))
        nodes[office] = LocalNode(tmp_path / office, free_port())
    pair(nodes)
    for node in nodes.values():
        node.start()
    try:
        yield nodes
    finally:
        for node in nodes.values():
            node.stop()


def _office(node: LocalNode, clock: FakeClock) -> Office:
    opened = open_node(node.data_dir)
    register = Register(opened.store, opened.office, clock)
    p = open_procedures(opened.store, register, opened.settings.procedure, clock)
    p.transport = ExchangeTransport(p)
    return Office(opened, p)


def _state(office: Office, record_id: str, workflow: str) -> str | None:
    found = office.p.db.case(record_id, workflow)
    return None if found is None else found.state


def test_union_mark_over_http_refused_in_part_registered_renewed_expired(
        serving: dict[str, LocalNode]) -> None:
    clock = FakeClock(dt.datetime.now(dt.UTC).replace(microsecond=0))
    by, ru = (_office(serving[o], clock) for o in OFFICES)
    try:
        lukoil = earlier_mark(ru, "ЛУКОЙЛ", [4], "2019700001")
        record_id = file(by.p, mark("LUKOIL", [4, 25]), APPLICANT, eaeu_flag=True).record_id
        advance(by.p, record_id, "pass_formal", by.examiner)
        advance(by.p, record_id, "publish", by.examiner)  # MSG.028 to every member office
        by.p.flush()  # into the exchange's outbox, which the BY server delivers
        _wait("RU to receive MSG.028", lambda: _state(ru, record_id, "eaeu_exam") == "examining")

        conflicts = {i.nice_class: i.conflicts for i in examine(ru.p, record_id).goods}
        assert [c.earlier_id for c in conflicts[4]] == [lukoil]
        decide(ru.p, record_id, Decision(ru.examiner, False, (4,), "earlier RU mark", (lukoil,)))
        decide(ru.p, record_id, Decision(ru.examiner, True, (25,)))
        decide(by.p, record_id, Decision(by.examiner, True))
        ru.p.flush()
        by.p.flush()
        _wait("BY to receive RU's MSG.029", lambda: "RU" in by.p.case(
            record_id, "eaeu").data.get("results", {}))

        clock.advance(20)
        advance(by.p, record_id, "argue", APPLICANT, {"office": "RU", "text": "no confusion"})
        by.p.flush()
        _wait("RU to receive the arguments (MSG.030)",
              lambda: _state(ru, record_id, "eaeu_exam") == "reconsideration")
        decide(ru.p, record_id, Decision(ru.examiner, False, (4,), "maintained", (lukoil,)))
        ru.p.flush()
        _wait("RU's final result at BY", lambda: by.p.case(
            record_id, "eaeu").data["results"]["RU"].get("final") is True)
        tick(by.p)  # every office has answered: the filing office concludes (MSG.031 to all)
        by.p.flush()
        _wait("the Unified Register entry at RU",
              lambda: ru.p.db.unified_entry(record_id) == by.p.db.unified_entry(record_id))
        record = tm(by, record_id)
        assert record.status.value == "registered"
        assert [g.nice_class for g in record.goods_services] == [25]
        assert record.expiry_date is not None

        clock.set(add_months(record.expiry_date, -3).isoformat())
        advance(by.p, record_id, "renew", APPLICANT)  # MSG.053
        by.p.flush()
        renewed = add_years(record.expiry_date, 10).isoformat()
        _wait("the renewal at RU", lambda: (ru.p.db.unified_entry(record_id) or {}).get(
            "expiry_date", "")[:4] == renewed[:4])

        clock.set(add_months(add_years(record.expiry_date, 10), 8).isoformat())
        tick(by.p)  # not renewed again: expired (MSG.049)
        by.p.flush()
        _wait("the expiry at RU", lambda: (ru.p.db.unified_entry(record_id) or {}).get(
            "status") == "expired")
        assert ru.p.db.unified_entry(record_id) == by.p.db.unified_entry(record_id)
    finally:
        by.node.close()
        ru.node.close()
