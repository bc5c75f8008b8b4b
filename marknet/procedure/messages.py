"""Office-to-office messages of the procedures (P.SP.02 codes, DESIGN.md §4).

A step writes its messages to an outbox in the same transaction as the step itself, so a
message exists if and only if the step does; ``flush`` delivers them later through a
``Transport`` and keeps the receipt (MSG.002) the partner answers with. The receiver records
each message id in its inbox within the transaction that handles it, so a redelivery is
acknowledged again but never handled twice.

``LocalNetwork`` is the in-process transport between nodes of one test or demo; the exchange
package's signed HTTP delivery offers the same two operations (enqueue in the caller's
transaction, a handler per message type that answers with a receipt).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from marknet.errors import MarknetError, NotFoundError
from marknet.procedure.store import dumps, loads
from marknet.store import Store

RECEIPT = "MSG.002"


@dataclass(frozen=True, slots=True)
class Message:
    id: str
    code: str
    sender: str
    recipient: str
    record_id: str
    body: dict[str, Any]
    created: str


class Transport(Protocol):
    def deliver(self, message: Message) -> dict[str, Any]:
        """Hand the message to its recipient; returns the receipt's body (MSG.002)."""


class Receiver(Protocol):
    def receive(self, message: Message) -> dict[str, Any]: ...

    def flush(self) -> int: ...


class Outbox:
    """This node's procedural messages waiting for delivery, and their receipts."""

    def __init__(self, store: Store, office: str, clock: Callable[[], dt.datetime]) -> None:
        self.store = store
        self.office = office
        self.clock = clock

    def enqueue(self, recipient: str, code: str, record_id: str, body: dict[str, Any]) -> str:
        message_id = str(uuid.uuid4())
        self.store.execute(
            "INSERT INTO procedure_outbox (message_id, code, recipient, record_id, body, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (message_id, code, recipient, record_id, dumps(body), self.clock().isoformat()))
        return message_id

    def pending(self) -> list[Message]:
        rows = self.store.query(
            "SELECT message_id, code, recipient, record_id, body, created_at FROM "
            "procedure_outbox WHERE sent_at IS NULL ORDER BY created_at, message_id")
        return [Message(r[0], r[1], self.office, r[2], r[3], loads(r[4]), r[5]) for r in rows]

    def flush(self, transport: Transport) -> int:
        """Deliver what is pending; a partner that is down keeps its messages for later."""
        sent = 0
        for message in self.pending():
            try:
                receipt = transport.deliver(message)
            except (OSError, NotFoundError):
                continue
            self.store.execute(
                "UPDATE procedure_outbox SET sent_at = ?, receipt_at = ? WHERE message_id = ?",
                (self.clock().isoformat(), dumps({"code": RECEIPT, **receipt}), message.id))
            sent += 1
        return sent


@dataclass
class LocalNetwork:
    """Nodes of one process, addressed by office code: a transport without HTTP."""

    nodes: dict[str, Receiver] = field(default_factory=dict)

    def join(self, office: str, node: Receiver) -> None:
        self.nodes[office] = node

    def deliver(self, message: Message) -> dict[str, Any]:
        node = self.nodes.get(message.recipient)
        if node is None:
            raise NotFoundError(f"no node for office {message.recipient} on this network")
        try:
            return node.receive(message)
        except MarknetError as exc:  # refused content: the receipt says why, as over HTTP
            return {"status": "refused", "error": exc.to_dict()}

    def pump(self, rounds: int = 20) -> int:
        """Flush every node until nothing moves (answers may cause more messages)."""
        total = 0
        for _ in range(rounds):
            moved = sum(node.flush() for node in list(self.nodes.values()))
            total += moved
            if not moved:
                break
        return total
