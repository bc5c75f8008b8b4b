"""The signed envelope every office-to-office message travels in.

Wire form (JSON)::

    {"id": "6f1c…",                 # UUID4, the dedupe key
     "type": "MSG.028",             # P.SP.02 code (DESIGN.md §4) or marknet.* for node notices
     "sender": "RU", "recipient": "BY",
     "seq": 17,                     # the sender's sequence number on this channel (1, 2, …)
     "created": "2025-…+00:00",     # when the change that caused the message was committed
     "sent": "2025-…+00:00",        # this delivery attempt; checked against the clock window
     "in_reply_to": null,           # id of the message this one answers (receipts always)
     "content_type": "application/xml",
     "payload": "<tmk:Trademark …",  # text: ST.96 XML, or a documented JSON body
     "payload_sha256": "…",         # hex SHA-256 of the payload's UTF-8 bytes
     "key": "ab12:…",               # fingerprint of the signing key
     "signature": "base64…"}        # detached Ed25519 signature over the canonical bytes

The canonical bytes are the sorted-key compact JSON of every field except ``payload`` and
``signature``; the payload is covered through its hash, so a large payload is hashed once and a
changed payload is told apart from a forged header. Each attempt is re-signed with a fresh
``sent`` (id, seq and created never change), so a partner that was down for days still accepts
the retry while a captured copy goes stale after the clock window.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import re
import uuid
from dataclasses import dataclass, replace
from typing import Any

import orjson
from lxml import etree

from marknet.errors import InputError
from marknet.exchange.errors import BadSignatureError, MalformedEnvelopeError, PayloadTamperedError
from marknet.exchange.keys import SigningKey, verify_signature

RECEIPT = "MSG.002"
JSON = "application/json"
XML = "application/xml"
CONTENT_TYPES = frozenset({JSON, XML})
_TYPE = re.compile(r"^(MSG\.\d{3}|marknet\.[a-z][a-z-]{1,40})$")
_OFFICE = re.compile(r"^[A-Z]{2}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
MAX_SEQ = 2**63 - 1  # sequence numbers are SQL BIGINTs
_FIELDS: dict[str, type | tuple[type, ...]] = {
    "id": str, "type": str, "sender": str, "recipient": str, "seq": int, "created": str,
    "sent": str, "in_reply_to": (str, type(None)), "content_type": str, "payload": str,
    "payload_sha256": str, "key": str, "signature": str}


@dataclass(frozen=True, slots=True)
class Envelope:
    id: str
    type: str
    sender: str
    recipient: str
    seq: int
    created: str
    sent: str
    in_reply_to: str | None
    content_type: str
    payload: str
    payload_sha256: str
    key: str = ""
    signature: str = ""

    def header(self) -> dict[str, Any]:
        """Every field but the payload and the signature (dataclasses.asdict deep-copies: slow)."""
        return {"id": self.id, "type": self.type, "sender": self.sender,
                "recipient": self.recipient, "seq": self.seq, "created": self.created,
                "sent": self.sent, "in_reply_to": self.in_reply_to,
                "content_type": self.content_type, "payload_sha256": self.payload_sha256,
                "key": self.key}

    def signing_bytes(self) -> bytes:
        return orjson.dumps(self.header(), option=orjson.OPT_SORT_KEYS)

    def to_dict(self) -> dict[str, Any]:
        return {**self.header(), "payload": self.payload, "signature": self.signature}

    def to_json(self) -> bytes:
        return orjson.dumps(self.to_dict())

    def json_payload(self) -> Any:
        if self.content_type != JSON:
            raise MalformedEnvelopeError(
                f"{self.type} payload must be {JSON}, not {self.content_type}")
        try:
            return orjson.loads(self.payload)
        except orjson.JSONDecodeError as exc:
            raise MalformedEnvelopeError(f"{self.type} payload is not JSON: {exc}") from exc


def check_payload(payload: str, content_type: str) -> None:
    """Refuse, before it is signed and queued, a payload that is not what its content type
    says: a JSON payload must be a JSON object, an XML one well-formed and without a DTD."""
    if not payload.strip():
        raise InputError("the payload is empty")
    if content_type == JSON:
        try:
            value = orjson.loads(payload)
        except orjson.JSONDecodeError as exc:
            raise InputError(f"the payload is not JSON: {exc}") from exc
        if not isinstance(value, dict):
            raise InputError("a JSON payload must be an object ({…}), not "
                             f"{type(value).__name__}")
        return
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(payload.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"the payload is not well-formed XML: {exc}") from exc
    info = root.getroottree().docinfo
    if info.internalDTD is not None or info.system_url or info.public_id:
        raise InputError("an XML payload may not declare a DTD")


def now_iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def payload_hash(payload: str) -> str:
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def new_envelope(*, type: str, sender: str, recipient: str, seq: int, created: dt.datetime,
                 payload: str, content_type: str = JSON,
                 in_reply_to: str | None = None, id: str | None = None) -> Envelope:
    stamp = now_iso(created)
    return Envelope(id or str(uuid.uuid4()), type, sender, recipient, seq, stamp, stamp,
                    in_reply_to, content_type, payload, payload_hash(payload))


def sign(envelope: Envelope, key: SigningKey, sent: dt.datetime | None = None) -> Envelope:
    """The envelope stamped with this attempt's send time, key fingerprint and signature."""
    stamped = replace(envelope, sent=now_iso(sent) if sent else envelope.sent,
                      key=key.fingerprint, signature="")
    signature = base64.b64encode(key.sign(stamped.signing_bytes())).decode("ascii")
    return replace(stamped, signature=signature)


def verify(envelope: Envelope, public_b64: str) -> None:
    """Raise unless the signature verifies with this key and the payload matches its hash."""
    try:
        signature = base64.b64decode(envelope.signature, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BadSignatureError("the signature is not base64") from exc
    if not verify_signature(public_b64, signature, envelope.signing_bytes()):
        raise BadSignatureError(f"the signature of message {envelope.id} does not verify with key "
                           f"{envelope.key}", message_id=envelope.id)
    if payload_hash(envelope.payload) != envelope.payload_sha256:
        raise PayloadTamperedError(f"the payload of message {envelope.id} does not match its "
                                   "signed SHA-256", message_id=envelope.id)


def parse_envelope(value: Any) -> Envelope:
    """An envelope from decoded JSON; every problem is listed at once."""
    if not isinstance(value, dict):
        raise MalformedEnvelopeError("the envelope must be a JSON object")
    problems = [f"{name}: missing" if name not in value else f"{name}: wrong type"
                for name, kind in _FIELDS.items()
                if not isinstance(value.get(name, ...), kind) or isinstance(value.get(name), bool)]
    if not problems:
        problems = _content_problems(value)
    extra = sorted(set(value) - set(_FIELDS))
    if extra:
        problems.append(f"unknown fields: {', '.join(extra)}")
    if problems:
        raise MalformedEnvelopeError("malformed envelope: " + "; ".join(problems),
                                fields=problems, message_id=_str_or_none(value.get("id")))
    return Envelope(**{name: value[name] for name in _FIELDS})


def _content_problems(value: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    try:
        uuid.UUID(value["id"])
    except ValueError:
        problems.append("id: not a UUID")
    if not _TYPE.match(value["type"]):
        problems.append("type: not a P.SP.02 code like MSG.028")
    problems += [f"{name}: not an ST.3 office code" for name in ("sender", "recipient")
                 if not _OFFICE.match(value[name])]
    if not 1 <= value["seq"] <= MAX_SEQ:
        problems.append(f"seq: must be 1 to {MAX_SEQ} (2^63 - 1)")
    for name in ("created", "sent"):
        if parse_time(value[name]) is None:
            problems.append(f"{name}: not an ISO 8601 time with a UTC offset")
    if value["content_type"] not in CONTENT_TYPES:
        problems.append(f"content_type: one of {', '.join(sorted(CONTENT_TYPES))}")
    if not _HEX64.match(value["payload_sha256"]):
        problems.append("payload_sha256: not 64 hex digits")
    return problems


def parse_time(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _str_or_none(value: Any) -> str | None:
    return value[:64] if isinstance(value, str) else None
