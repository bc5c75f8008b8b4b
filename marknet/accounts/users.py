"""Users, roles, API tokens and page sessions.

Passwords are stored as argon2id hashes; tokens are random 256-bit strings of which only the
SHA-256 is stored, so a leaked database does not hand out working tokens. A session is a token
of kind ``session`` that travels in an HttpOnly cookie and carries its own CSRF secret.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from marknet.errors import AuthError, ConflictError, ForbiddenError, InputError, NotFoundError
from marknet.model.codelists import is_office_code
from marknet.store import Store
from marknet.store.accounts import AccountRow

_HASHER = PasswordHasher()
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
# A hash to verify against when the user does not exist, so timing does not reveal usernames.
_DUMMY_HASH = _HASHER.hash("not a password")


class Role(StrEnum):
    PUBLIC = "public"
    APPLICANT = "applicant"
    EXAMINER = "examiner"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class User:
    id: str
    username: str
    role: Role
    office: str | None


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking: an anonymous member of the public or a signed-in user."""

    user: User | None = None
    csrf: str | None = None

    @property
    def role(self) -> Role:
        return self.user.role if self.user else Role.PUBLIC

    @property
    def actor(self) -> str:
        """How the register's events name this person."""
        if self.user is None:
            return "public"
        office = f"@{self.user.office}" if self.user.office else ""
        return f"{self.user.role.value}:{self.user.username}{office}"

    def require(self, *roles: Role) -> User:
        if self.user is None:
            raise AuthError("sign in first: send Authorization: Bearer TOKEN")
        if self.user.role not in roles:
            allowed = ", ".join(r.value for r in roles)
            raise ForbiddenError(f"this needs the role {allowed}, not {self.user.role.value}")
        return self.user


PUBLIC = Principal()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(store: Store, username: str, password: str, role: str,
             office: str | None = None) -> User:
    """Create a user; examiners belong to exactly one office."""
    name = username.strip().lower()
    if not _USERNAME.match(name):
        raise InputError("a username is 2-64 of a-z 0-9 . _ @ -, starting with a letter or digit")
    if len(password) < 8:
        raise InputError("a password needs at least 8 characters")
    try:
        kind = Role(role)
    except ValueError:
        raise InputError(f"role must be applicant, examiner or admin, not {role!r}") from None
    if kind is Role.PUBLIC:
        raise InputError("public is the role of anonymous callers, not of a user")
    code = office.strip().upper() if office else None
    if code is not None and not is_office_code(code):
        raise InputError(f"unknown office code {office!r} (ST.3)")
    if kind is Role.EXAMINER and code is None:
        raise InputError("an examiner needs --office: examiners act for their own office only")
    if store.account_exists(name):
        raise ConflictError(f"user {name} already exists")
    user = User(uuid.uuid4().hex, name, kind, code)
    with store.transaction():
        store.add_account(AccountRow(user.id, name, kind.value, code), _HASHER.hash(password),
                          _now().isoformat())
    return user


def _user(row: AccountRow) -> User:
    return User(row.id, row.username, Role(row.role), row.office)


def list_users(store: Store) -> list[User]:
    return [_user(r) for r in store.accounts()]


def get_user(store: Store, username: str) -> User:
    rows = store.accounts(username.strip().lower())
    if not rows:
        raise NotFoundError(f"no user {username}")
    return _user(rows[0])


def disable_user(store: Store, username: str) -> None:
    user = get_user(store, username)
    with store.transaction():
        store.disable_account(user.id)


def authenticate(store: Store, username: str, password: str) -> User:
    """The user if the password is right; one error for every failure, so nothing leaks."""
    found = store.password_hash(username.strip().lower()[:64])
    stored = found[1] if found else _DUMMY_HASH
    try:
        _HASHER.verify(stored, password[:1024])
    except (VerificationError, InvalidHashError):
        raise AuthError("wrong username or password") from None
    if found is None:
        raise AuthError("wrong username or password")
    user = _user(found[0])
    if _HASHER.check_needs_rehash(stored):
        with store.transaction():
            store.set_password_hash(user.id, _HASHER.hash(password))
    return user


def issue_token(store: Store, user: User, kind: str, lifetime: dt.timedelta) -> tuple[str, str]:
    """A new token (shown once) and its CSRF secret."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    now = _now()
    with store.transaction():
        store.add_token(_digest(token), user.id, kind, csrf, now.isoformat(),
                        (now + lifetime).isoformat())
    return token, csrf


def resolve_token(store: Store, token: str, kind: str) -> Principal | None:
    """The principal a token stands for, or None when it is unknown, expired or revoked."""
    if not token or len(token) > 256:
        return None
    found = store.token(_digest(token), kind)
    if found is None or dt.datetime.fromisoformat(found.expires_at) < _now():
        return None
    return Principal(_user(found.user), found.csrf)


def revoke_token(store: Store, token: str) -> None:
    with store.transaction():
        store.delete_token(_digest(token))
