"""The procedures over the exchange: its signed outbox carries their messages, its handler
registry hands partners' messages to ``Procedures.receive``.

``ExchangeTransport`` puts each procedure message in the exchange's transactional outbox (the
delivery worker of ``marknet serve`` signs and sends it, and keeps the partner's MSG.002);
``install`` registers the procedures' message codes with the exchange's handlers, so a message
is handled inside the transaction that records it in the exchange's inbox.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marknet.errors import InputError
from marknet.exchange import outbox
from marknet.exchange.handlers import HandlerContext, Handlers
from marknet.procedure.engine import Procedures
from marknet.procedure.handlers import HANDLERS
from marknet.procedure.messages import Message
from marknet.procedure.store import dumps


class ExchangeTransport:
    def __init__(self, p: Procedures) -> None:
        self.p = p

    def deliver(self, message: Message) -> dict[str, Any]:
        body = {**message.body, "record_id": message.record_id,
                "procedure_message_id": message.id}
        envelope = outbox.enqueue(self.p.store, self.p.office, outbox.Outgoing(
            message.recipient, message.code, dumps(body)), self.p.clock())
        return {"status": "queued", "envelope": envelope.id}


def _handler(p: Procedures) -> Callable[[HandlerContext], dict[str, Any] | None]:
    def handle(ctx: HandlerContext) -> dict[str, Any] | None:
        body = ctx.envelope.json_payload()
        if not isinstance(body, dict) or not isinstance(body.get("record_id"), str):
            raise InputError(f"{ctx.envelope.type} needs a JSON body with record_id")
        message = Message(str(body.get("procedure_message_id") or ctx.envelope.id),
                          ctx.envelope.type, ctx.envelope.sender, ctx.office,
                          body["record_id"], body, ctx.envelope.created)
        result = p.receive(message)
        # Whatever the step queued for partners moves to the exchange's outbox in this same
        # inbox transaction, so an answer exists if and only if the message took effect.
        p.flush()
        return result
    return handle


def install(handlers: Handlers, p: Procedures) -> None:
    """Route the procedures' message codes from the exchange's inbox to ``p``."""
    handle = _handler(p)
    for code in HANDLERS:
        handlers.register(code, handle)


