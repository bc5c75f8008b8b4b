"""The demo's RU geographical indication, run through the real procedure from 2016 to 2025:
application with the competent authority's conclusion, formal examination, publication,
registration with the applicant's right, a second producer's right, and the first right renewed
on a fresh conclusion in its last year. The names and numbers are sample values, not the
official register's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from marknet.node import Node
from marknet.procedure import Actor, Decision, Role, advance, decide, file, open_procedures
from marknet.register import Register

AUTHORITY = "Министерство сельского хозяйства Калужской области"
AREA = {"type": "Polygon", "coordinates": [[[35.2, 54.1], [36.9, 53.9], [36.9, 54.9],
                                            [35.9, 55.3], [35.2, 54.9], [35.2, 54.1]]]}
APPLICATION: dict[str, Any] = {
    "record_type": "gi", "kind": "gi",
    "names": [{"text": "Калужское тесто", "language": "ru"},
              {"text": "Kaluzhskoe testo", "language": "en"}],
    "product": "тесто и изделия из него", "nice_class": 30, "area": "Калужская область",
    "boundary": AREA, "properties": "мука местного помола, закваска по старому рецепту",
    "conclusion": {"authority": AUTHORITY, "number": "14-з", "date": "2016-02-01",
                   "summary": "свойства обусловлены местом производства"},
    "parties": [{"name": "АО «Калужский хлебокомбинат»", "role": "applicant", "country": "RU",
                 "identifiers": {"INN": "4027000001"}}],
}
SECOND: dict[str, Any] = {"name": "ООО «Мещовская пекарня»", "country": "RU",
          "identifiers": {"INN": "4027000002"}, "location": {"lon": 35.3, "lat": 54.3}}


def demo_gi(node: Node) -> str | None:
    """File and run the demo GI at an RU node; None when the node already has it or is not
    RU."""
    if node.office != "RU":
        return None
    moment = {"now": dt.datetime(2016, 3, 1, 10, tzinfo=dt.UTC)}

    def clock() -> dt.datetime:
        return moment["now"]

    p = open_procedures(node.store, Register(node.store, "RU", clock), node.settings.procedure,
                        clock)
    if node.store.get_meta("procedure.application.RU.2016"):  # filed by an earlier run
        return None
    applicant = Actor(Role.APPLICANT, "АО «Калужский хлебокомбинат»")
    examiner = Actor(Role.EXAMINER, "demo examiner", "RU")
    gi_id = file(p, APPLICATION, applicant).record_id
    moment["now"] = dt.datetime(2016, 3, 20, 10, tzinfo=dt.UTC)
    advance(p, gi_id, "pass_formal", examiner)
    advance(p, gi_id, "publish", examiner)
    moment["now"] = dt.datetime(2016, 11, 15, 10, tzinfo=dt.UTC)
    decide(p, gi_id, Decision(examiner, True))
    moment["now"] = dt.datetime(2018, 6, 4, 10, tzinfo=dt.UTC)
    conclusion = {**APPLICATION["conclusion"], "number": "31-з", "date": "2018-05-10"}
    advance(p, gi_id, "request_certificate", Actor(Role.APPLICANT, SECOND["name"]),
            {"producer": SECOND, "conclusion": conclusion})
    requests = p.case(gi_id, "gi").data["certificate_requests"]
    second = next(n for n, r in requests.items() if not r.get("issued"))
    advance(p, gi_id, "issue_certificate", examiner, {"certificate": second})
    moment["now"] = dt.datetime(2025, 9, 1, 10, tzinfo=dt.UTC)
    first = next(n for n in requests if n != second)
    fresh = {**APPLICATION["conclusion"], "number": "77-з", "date": "2025-08-12"}
    advance(p, gi_id, "renew_certificate", applicant, {"certificate": first, "conclusion": fresh})
    return gi_id
