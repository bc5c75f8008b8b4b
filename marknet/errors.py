"""One exception root with stable codes, and the one RFC 9457 problem document.

Every error marknet raises on purpose is a `MarknetError`. Each subclass carries a stable
machine code (for JSON output and RFC 9457 problem details), an HTTP status, and the CLI exit
code. Backend errors (sqlite3, psycopg, lxml) are translated into these at the boundary.
``problem_document`` is the shape every HTTP failure takes, the API's, the pages' and the
exchange's alike, so clients parse one format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with one field of an input record."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


PROBLEM_BASE = "urn:marknet:problem:"
HTTP_TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
               405: "Method not allowed", 409: "Conflict", 413: "Content too large",
               415: "Unsupported media type", 421: "Misdirected request",
               422: "Unprocessable content", 429: "Too many requests",
               500: "Internal server error", 502: "Bad gateway", 503: "Service unavailable"}


def problem_document(status: int, code: str, detail: str, *, title: str | None = None,
                     **members: Any) -> dict[str, Any]:
    """An RFC 9457 problem: ``type`` names the stable ``code``; members that are None are left
    out (``instance``, ``errors``, ``details``…)."""
    body: dict[str, Any] = {"type": PROBLEM_BASE + code,
                            "title": title or HTTP_TITLES.get(status, code.replace("_", " ")),
                            "status": status, "detail": detail, "code": code}
    body.update({k: v for k, v in members.items() if v is not None})
    return body


class MarknetError(Exception):
    """Root of every error marknet raises on purpose."""

    code: ClassVar[str] = "marknet_error"
    http_status: ClassVar[int] = 500
    exit_code: ClassVar[int] = 1
    title: ClassVar[str | None] = None  # the problem's title; by default the status's

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def problem(self, instance: str | None = None) -> dict[str, Any]:
        """This error as an RFC 9457 problem; field errors also as ``errors``."""
        fields = self.details.get("fields")
        return problem_document(self.http_status, self.code, self.message, title=self.title,
                                instance=instance, details=self.details or None,
                                errors=fields if isinstance(fields, list) else None)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            out["details"] = self.details
        return out


class InputError(MarknetError):
    """The caller gave something unusable (bad usage, malformed input)."""

    code = "bad_input"
    http_status = 400
    exit_code = 2


class ValidationError(InputError):
    """A record failed validation; lists every field error at once."""

    code = "invalid_record"
    http_status = 422

    def __init__(self, errors: list[FieldError], context: str = "record") -> None:
        self.errors = list(errors)
        joined = "; ".join(str(e) for e in self.errors)
        super().__init__(f"invalid {context}: {joined}", fields=[
            {"field": e.field, "message": e.message} for e in self.errors
        ])


class ImageError(InputError):
    """An image that cannot be taken: corrupt, too large, lying about its type, unsafe SVG."""

    code = "bad_image"
    http_status = 422


class ImageTooLargeError(ImageError):
    code = "image_too_large"
    http_status = 413


class NotFoundError(MarknetError):
    code = "not_found"
    http_status = 404
    exit_code = 2


class AuthError(MarknetError):
    """The caller is not signed in, or the credentials are wrong (401)."""

    code = "unauthenticated"
    http_status = 401


class ForbiddenError(MarknetError):
    """The caller is signed in but their role may not do this (403)."""

    code = "forbidden"
    http_status = 403


class TooLargeError(MarknetError):
    code = "too_large"
    http_status = 413


class ConflictError(MarknetError):
    """The request clashes with what is stored (duplicates, stale versions)."""

    code = "conflict"
    http_status = 409
    exit_code = 2


class DuplicateError(ConflictError):
    code = "duplicate"


class TransitionError(ConflictError):
    """A status change that the transition table does not allow."""

    code = "illegal_transition"


class IntegrityError(MarknetError):
    """The register's hash chain or projection is broken."""

    code = "integrity"
    exit_code = 3


class ConfigError(MarknetError):
    """Settings or the node's data directory are missing or invalid."""

    code = "config"
    exit_code = 2


class StoreError(MarknetError):
    """The database failed in a way the caller cannot fix by changing input."""

    code = "store"
    http_status = 503
