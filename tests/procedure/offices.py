"""Offices (nodes) with a fake clock for the procedure tests, and applications to file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marknet.model import GeographicalIndication, Trademark
from marknet.node import Node, init_node
from marknet.procedure import Actor, LocalNetwork, Procedures, Role, open_procedures
from marknet.register import Register


class FakeClock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, day: str) -> None:
        self.now = dt.datetime.fromisoformat(day).replace(hour=10, tzinfo=dt.UTC)

    def advance(self, days: int) -> None:
        self.now += dt.timedelta(days=days)


@dataclass
class Office:
    node: Node
    p: Procedures

    @property
    def examiner(self) -> Actor:
        return Actor(Role.EXAMINER, "examiner", self.node.office)


APPLICANT = Actor(Role.APPLICANT, "OOO Romashka")
THIRD = Actor(Role.THIRD_PARTY, "a competitor")


def open_office(path: Path, office: str, clock: FakeClock,
                network: LocalNetwork | None = None) -> Office:
    node = init_node(path / office, office)
    node.settings.procedure.eaeu_offices = ("BY", "RU")
    register = Register(node.store, office, clock)
    p = open_procedures(node.store, register, node.settings.procedure, clock, network)
    if network is not None:
        network.join(office, p)
    return Office(node, p)


def mark(text: str, classes: list[int], **more: Any) -> dict[str, Any]:
    """A trademark application as an applicant files it."""
    return {"text": text, "language": "ru",
            "goods_services": [{"nice_class": c, "terms": []} for c in classes],
            "parties": [{"name": "OOO Romashka", "role": "applicant", "country": "RU"}],
            **more}


def earlier_mark(office: Office, text: str, classes: list[int], number: str,
                 filed: str = "2019-05-06") -> str:
    """An earlier registered mark in the office's register (imported reference data)."""
    from marknet.register import ImportItem

    data = {**mark(text, classes), "office": office.node.office, "application_number": number,
            "filing_date": filed, "status": "registered", "registration_number": number[-6:],
            "registration_date": "2020-01-10", "expiry_date": "2029-05-06"}
    report = office.p.register.import_items([ImportItem("1", data)], allow_foreign=True)
    assert report.imported == 1, report.rejected
    stored = office.node.store.query("SELECT id FROM records WHERE application_number = ?",
                                     (number,))
    return str(stored[0][0])


def tm(office: Office, record_id: str) -> Trademark:
    record = office.p.record(record_id)
    assert isinstance(record, Trademark)
    return record


def gi_record(office: Office, record_id: str) -> GeographicalIndication:
    record = office.p.record(record_id)
    assert isinstance(record, GeographicalIndication)
    return record
