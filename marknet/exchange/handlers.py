"""What an accepted message does: one handler per message type, in a registry others extend.

A handler runs inside the transaction that records the message in the inbox, so its effect and
the inbox row commit together: a redelivered message finds its row and never runs twice.
It returns a small JSON-able result for the receipt, or None to leave the message in the inbox
as ``received`` for a procedure to take up. Raising a MarknetError refuses the message's content
(the inbox keeps it as ``failed`` and the receipt says why); any other exception is a server
error and the sender retries later.

The procedures engineer registers MSG.028/029/031… handlers with ``handlers.register(code, fn)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from marknet.errors import InputError
from marknet.exchange.envelope import Envelope, parse_time
from marknet.exchange.keys import parse_public_key, public_key_b64
from marknet.exchange.peers import ACTIVE, announce_peer_key, peer_key
from marknet.store import Store

FEED_ADVANCED = "marknet.feed-advanced"
KEY_ROTATED = "marknet.key-rotated"

# P.SP.02 codes of DESIGN.md §4: accepted and kept for the procedure layer by default.
MESSAGE_TYPES: dict[str, str] = {
    "MSG.002": "receipt / processing notice",
    "MSG.028": "application sent for examination",
    "MSG.029": "examination result, per goods item with reasons",
    "MSG.030": "applicant's arguments",
    "MSG.031": "registration or refusal decision",
    "MSG.032": "national appeal filed", "MSG.033": "appeal result",
    "MSG.035": "consent needed", "MSG.036": "consent given",
    "MSG.037": "deemed withdrawn for lack of consent",
    "MSG.038": "priority documents", "MSG.039": "proceedings terminated",
    "MSG.040": "conversion to national", "MSG.043": "division", "MSG.044": "withdrawn",
    "MSG.045": "amendment", "MSG.046": "conversion of an annulled registration",
    "MSG.049": "register event: change", "MSG.050": "register event: surrender",
    "MSG.051": "register event: invalidation", "MSG.052": "register event: annulment",
    "MSG.053": "register event: renewal",
    "MSG.054": "fee amounts query", "MSG.055": "fee amounts answer",
    "MSG.056": "payment confirmation query", "MSG.057": "payment confirmation answer",
    "MSG.058": "document request", "MSG.059": "document response",
    "MSG.061": "third-party observation", "MSG.062": "applicant's reply to an observation",
    "MSG.063": "not paid",
    FEED_ADVANCED: "the sender's register feed has new events: pull it",
    KEY_ROTATED: "the sender has a new signing key (signed with the previous one)",
}


@dataclass
class HandlerContext:
    store: Store
    office: str
    envelope: Envelope
    after_commit: list[Callable[[], None]] = field(default_factory=list)


Handler = Callable[[HandlerContext], dict[str, Any] | None]


class Handlers:
    """Message type → handler."""

    def __init__(self) -> None:
        self._by_type: dict[str, Handler] = {}

    def register(self, message_type: str, handler: Handler) -> None:
        self._by_type[message_type] = handler

    def get(self, message_type: str) -> Handler | None:
        return self._by_type.get(message_type)

    def types(self) -> list[str]:
        return sorted(self._by_type)


def keep(ctx: HandlerContext) -> dict[str, Any] | None:
    """Keep the message in the inbox for the procedure layer."""
    return None


def key_rotated(ctx: HandlerContext) -> dict[str, Any] | None:
    """Note the partner's new key as announced. It is trusted only once an operator confirms
    it out of band (``marknet peers add --key``); a notice signed by a key that is not active
    (retired or merely announced) is refused."""
    signer = peer_key(ctx.store, ctx.envelope.sender, ctx.envelope.key)
    if signer is None or signer.status != ACTIVE:
        raise InputError(f"a key rotation must be announced with an active key of "
                         f"{ctx.envelope.sender}, not {ctx.envelope.key} "
                         f"({signer.status if signer else 'unknown'})")
    body = ctx.envelope.json_payload()
    public = body.get("public_key") if isinstance(body, dict) else None
    if not isinstance(public, str):
        raise InputError("key-rotated needs a public_key (base64 of 32 bytes)")
    public_b64 = public_key_b64(parse_public_key(public))
    made = parse_time(ctx.envelope.created)
    assert made is not None  # parse_envelope checked it
    announced = announce_peer_key(ctx.store, ctx.envelope.sender, public_b64, signer.fingerprint,
                                  made)
    return {"announced_key": announced,
            "trusted": False, "confirm": f"marknet peers add --office {ctx.envelope.sender} "
                                         "--url URL --key PUBLIC_KEY (after checking the "
                                         "fingerprint with the partner out of band)"}


def default_handlers(on_feed_advanced: Callable[[str], None] | None = None) -> Handlers:
    handlers = Handlers()
    for code in MESSAGE_TYPES:
        handlers.register(code, keep)
    handlers.register(KEY_ROTATED, key_rotated)

    def feed_advanced(ctx: HandlerContext) -> dict[str, Any] | None:
        if on_feed_advanced is not None:
            sender = ctx.envelope.sender
            ctx.after_commit.append(lambda: on_feed_advanced(sender))
        return {"pull": "scheduled"}

    handlers.register(FEED_ADVANCED, feed_advanced)
    return handlers
