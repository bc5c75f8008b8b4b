"""The EAEU steps through the exchange's outbox and handler registry (no sockets)."""

from __future__ import annotations

from pathlib import Path

from marknet.exchange import outbox
from marknet.exchange.handlers import HandlerContext, Handlers, default_handlers
from marknet.procedure import advance, file
from marknet.procedure.bridge import ExchangeTransport, install
from tests.procedure.offices import APPLICANT, FakeClock, Office, mark, open_office


def _carry(sender: Office, receiver: Office, handlers: Handlers) -> list[str]:
    """What the delivery worker and the partner's inbox do, minus HTTP and signatures."""
    done = []
    for due in outbox.due(sender.node.store, sender.node.office, receiver.node.office, 100):
        handler = handlers.get(due.envelope.type)
        assert handler is not None
        with receiver.node.store.transaction():
            handler(HandlerContext(receiver.node.store, receiver.node.office, due.envelope))
        done.append(due.envelope.type)
    return done


def test_union_application_reaches_the_partner_through_the_exchange(
        tmp_path: Path, clock: FakeClock) -> None:
    by, ru = open_office(tmp_path, "BY", clock), open_office(tmp_path, "RU", clock)
    by.p.transport = ExchangeTransport(by.p)
    ru_handlers = default_handlers()
    install(ru_handlers, ru.p)
    record_id = file(by.p, mark("LUKOIL", [4]), APPLICANT, eaeu_flag=True).record_id
    advance(by.p, record_id, "pass_formal", by.examiner)
    advance(by.p, record_id, "publish", by.examiner)
    by.p.flush()
    assert _carry(by, ru, ru_handlers) == ["MSG.028"]
    assert ru.p.case(record_id, "eaeu_exam").state == "examining"
    assert by.p.case(record_id, "eaeu_exam").state == "examining"  # the filing office too
    by.node.close()
    ru.node.close()
