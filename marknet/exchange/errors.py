"""Why an incoming message or feed page was refused: one class per reason, each a stable code.

The HTTP layer turns them into RFC 9457 problem documents (``MarknetError.problem``); the
inbox records each one.
"""

from __future__ import annotations

from marknet.errors import InputError, MarknetError


class MessageRejectedError(InputError):
    """A message that failed verification. Never retried as-is by a correct sender."""

    code = "exchange_rejected"
    title = "message rejected"


class MalformedEnvelopeError(MessageRejectedError):
    code = "malformed_envelope"
    title = "the envelope is not valid JSON of the documented shape"


class BodyTooLargeError(MessageRejectedError):
    code = "body_too_large"
    http_status = 413
    title = "the request body exceeds the configured limit"


class UnknownSenderError(MessageRejectedError):
    code = "unknown_sender"
    http_status = 403
    title = "the sender is not a registered partner office"


class UnknownKeyError(MessageRejectedError):
    code = "unknown_key"
    http_status = 403
    title = "the signing key is not one of the sender's registered keys"


class KeyNotUsableError(UnknownKeyError):
    """A registered key that may not vouch for this message: only announced (not confirmed
    out of band), retired before the message was made, or revoked."""

    code = "key_not_usable"
    title = "the signing key is not usable for this message (announced, retired or revoked)"


class BadSignatureError(MessageRejectedError):
    code = "bad_signature"
    http_status = 401
    title = "the signature does not verify"


class PayloadTamperedError(MessageRejectedError):
    code = "payload_tampered"
    title = "the payload does not match the signed payload hash"


class WrongRecipientError(MessageRejectedError):
    code = "wrong_recipient"
    http_status = 421
    title = "the message is addressed to another office"


class StaleMessageError(MessageRejectedError):
    code = "stale_message"
    title = "the message's send time is outside the accepted clock window"


class ReplayError(MessageRejectedError):
    code = "replay"
    http_status = 409
    title = "a message id or sequence number was reused with other content"


class UnknownMessageTypeError(MessageRejectedError):
    code = "unknown_message_type"
    http_status = 422
    title = "no handler for this message type"


class FeedRejectedError(MarknetError):
    """A partner's feed page failed verification: nothing of it was applied."""

    code = "feed_rejected"
    http_status = 502


class PeerUnavailableError(MarknetError):
    """A partner could not be reached or answered with a server error: try again later."""

    code = "peer_unavailable"
    http_status = 503



class RequestAuthError(MarknetError):
    """An exchange read without a valid signature of a partner office's active key."""

    code = "unauthenticated"
    http_status = 401
    title = "sign the request with your office's active key (RFC 9421, Ed25519)"
    challenge = 'Signature realm="marknet-exchange", alg="ed25519", tag="marknet-exchange"'
