"""Signed exchange requests: only partner offices read ``/exchange/v1/…``.

A request carries an RFC 9421 HTTP Message Signature (``Signature-Input`` / ``Signature``,
made and checked with the ``http-message-signatures`` library) by the Ed25519 key the office
signs its envelopes with. It covers the method, path and query, the ``Marknet-Office`` (who
asks) and ``Marknet-Recipient`` (whom: a request for RU cannot be replayed at BY) fields, and
carries ``created`` (within the exchange clock window), a ``nonce`` (each accepted once), the
``keyid`` (the key's fingerprint) and the tag ``marknet-exchange``.

The asking office must be a registered partner and the key one of its *active* keys (a
retired key signs nothing new), or the node's own active key: the operator's tools read
their own node's exchange with it and see everything.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from http_message_signatures import (
    HTTPMessageSignaturesException,
    HTTPMessageSigner,
    HTTPMessageVerifier,
    HTTPSignatureKeyResolver,
    InvalidSignature,
    algorithms,
)

from marknet.errors import StoreError
from marknet.exchange.audience import Reader
from marknet.exchange.errors import RequestAuthError
from marknet.exchange.keys import Signer, SigningKey, cached_public_key
from marknet.exchange.peers import ACTIVE, peer_key
from marknet.store import Store

TAG = "marknet-exchange"
OFFICE_FIELD = "marknet-office"
RECIPIENT_FIELD = "marknet-recipient"
COVERED = ("@method", "@path", "@query", OFFICE_FIELD, RECIPIENT_FIELD)
_MAX_FIELD = 4096  # a signature header longer than this is not ours


@dataclass
class _Message:
    """The library's view of a request: method, full URL and header fields."""

    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)


class _Keys(HTTPSignatureKeyResolver):
    def __init__(self, private: Ed25519PrivateKey | None = None,
                 public: Ed25519PublicKey | None = None) -> None:
        self.private, self.public = private, public

    def resolve_private_key(self, key_id: str) -> Ed25519PrivateKey | None:
        return self.private

    def resolve_public_key(self, key_id: str) -> Ed25519PublicKey | None:
        return self.public


class _Verifier(HTTPMessageVerifier):
    """Times are checked against the exchange's clock (``check_time``), not the library's."""

    def validate_created_and_expires(self, sig_input: Any, max_age: Any = None) -> None:
        return None


def with_query(url: str, params: Mapping[str, str | int]) -> str:
    return f"{url}?{urlencode(params)}" if params else url


def sign_request(method: str, url: str, key: SigningKey, office: str, recipient: str,
                 now: dt.datetime) -> dict[str, str]:
    """The header fields that make this request a signed one (``url`` with its query)."""
    message = _Message(method.upper(), url, {OFFICE_FIELD: office, RECIPIENT_FIELD: recipient})
    signer = HTTPMessageSigner(signature_algorithm=algorithms.ED25519,
                               key_resolver=_Keys(private=key.private))
    signer.sign(message, key_id=key.fingerprint, created=now, nonce=secrets.token_urlsafe(18),
                tag=TAG, covered_component_ids=COVERED)
    return message.headers


class RequestVerifier:
    def __init__(self, store: Store, office: str, signer: Signer,
                 clock: Callable[[], dt.datetime], window_s: float) -> None:
        self.store = store
        self.office = office
        self.signer = signer
        self.clock = clock
        self.window = dt.timedelta(seconds=window_s)
        self._checked = 0

    def verify(self, method: str, url: str, headers: Iterable[tuple[str, str]]) -> Reader:
        """The authenticated reader, or RequestAuthError naming what is wrong."""
        fields = {name.lower(): value for name, value in headers}
        if "signature-input" not in fields or "signature" not in fields:
            raise RequestAuthError("the exchange is for partner offices: sign the request "
                                   "(RFC 9421 Signature-Input and Signature, Ed25519)")
        if any(len(fields.get(n, "")) > _MAX_FIELD for n in ("signature-input", "signature")):
            raise RequestAuthError("the request's signature fields are too long")
        office = fields.get(OFFICE_FIELD, "").strip().upper()
        if fields.get(RECIPIENT_FIELD, "").strip().upper() != self.office:
            raise RequestAuthError(f"the request is not addressed to {self.office} "
                                   f"({RECIPIENT_FIELD}: {fields.get(RECIPIENT_FIELD)!r})")
        key_id, public, sees_everything = self._key(office, fields["signature-input"])
        message = _Message(method.upper(), url, fields)
        verifier = _Verifier(signature_algorithm=algorithms.ED25519,
                             key_resolver=_Keys(public=public))
        try:
            results = verifier.verify(message, max_age=None, expect_tag=TAG,
                                      require_components=COVERED)
        except (InvalidSignature, HTTPMessageSignaturesException) as exc:
            raise RequestAuthError(f"the request's signature does not verify: {exc}") from None
        params = results[0].parameters
        if params.get("keyid") != key_id:
            raise RequestAuthError("the signature's keyid changed while verifying")
        self._check_time(params.get("created"))
        self._check_nonce(office, params.get("nonce"))
        return Reader(office, key_id, sees_everything)

    def _key(self, office: str, signature_input: str) -> tuple[str, Ed25519PublicKey, bool]:
        key_id = _keyid(signature_input)
        own = self.signer.active()
        if office == self.office:
            if key_id != own.fingerprint:
                raise RequestAuthError(f"key {key_id} is not this node's active key")
            return key_id, own.private.public_key(), True
        key = peer_key(self.store, office, key_id) if office else None
        if key is None:
            raise RequestAuthError(f"key {key_id} is not a registered key of partner "
                                   f"{office or '(no ' + OFFICE_FIELD + ')'}")
        if key.status != ACTIVE:
            raise RequestAuthError(f"key {key_id} of {office} is {key.status}: only an active "
                                   "key signs requests")
        return key_id, cached_public_key(key.public_key), False

    def _check_time(self, created: object) -> None:
        if not isinstance(created, int):
            raise RequestAuthError("the signature needs a created time")
        moment = dt.datetime.fromtimestamp(created, dt.UTC)
        now = self.clock()
        if abs(now - moment) > self.window:
            raise RequestAuthError(f"the request was signed at {moment.isoformat()}, outside "
                                   f"±{self.window.total_seconds():.0f} s of {now.isoformat()}")

    def _check_nonce(self, office: str, nonce: object) -> None:
        if not isinstance(nonce, str) or not 16 <= len(nonce) <= 64:
            raise RequestAuthError("the signature needs a nonce of 16 to 64 characters")
        now = self.clock()
        try:
            with self.store.transaction():
                if self.store.query("SELECT 1 FROM exchange_nonces WHERE office = ? AND "
                                    "nonce = ?", (office, nonce)):
                    raise RequestAuthError("this signed request was already used (replay)")
                self.store.execute("INSERT INTO exchange_nonces (office, nonce, seen_at) "
                                   "VALUES (?, ?, ?)", (office, nonce, now.isoformat()))
                self._checked += 1
                if self._checked % 200 == 0:  # nonces older than the window cannot come back
                    self.store.execute("DELETE FROM exchange_nonces WHERE seen_at < ?",
                                       ((now - 2 * self.window).isoformat(),))
        except StoreError as exc:
            raise RequestAuthError(f"this signed request was already used (replay): "
                                   f"{exc.message[:80]}") from None


def _keyid(signature_input: str) -> str:
    """The keyid parameter, read before verifying so the right public key can be found."""
    marker = 'keyid="'
    start = signature_input.find(marker)
    end = signature_input.find('"', start + len(marker)) if start >= 0 else -1
    if start < 0 or end < 0:
        raise RequestAuthError("the signature has no keyid")
    return signature_input[start + len(marker):end]
