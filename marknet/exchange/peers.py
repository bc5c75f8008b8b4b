"""Partner offices: where each one's node answers and which public keys speak for it.

A partner key's life cycle: ``announced`` (the partner said so in a key-rotated notice: not
trusted until an operator confirms it out of band with ``marknet peers add --key``) →
``active`` (verifies everything) → ``retired`` (verifies only messages made before its
retirement; set when its successor is confirmed) → ``revoked`` (verifies nothing, for good).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from marknet.errors import InputError, NotFoundError
from marknet.exchange.keys import fingerprint, parse_public_key, public_key_b64
from marknet.model.codelists import is_office_code
from marknet.store import Store

ANNOUNCED, ACTIVE, RETIRED, REVOKED = "announced", "active", "retired", "revoked"


@dataclass(frozen=True, slots=True)
class PeerKey:
    fingerprint: str
    public_key: str
    added_at: str
    status: str = ACTIVE
    retired_at: str | None = None
    announced_by: str | None = None

    def vouches_for(self, made: dt.datetime) -> bool:
        """May this key vouch for something made (signed, dated) at ``made``?"""
        if self.status == ACTIVE:
            return True
        if self.status == RETIRED and self.retired_at is not None:
            return made <= dt.datetime.fromisoformat(self.retired_at)
        return False


@dataclass(frozen=True, slots=True)
class Peer:
    office: str
    url: str
    keys: tuple[PeerKey, ...]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def check_office(office: str) -> str:
    code = office.strip().upper()
    if not is_office_code(code):
        raise InputError(f"unknown office code {office!r} (ST.3, e.g. BY)")
    return code


def check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"a partner URL must be http(s)://host[:port], not {url!r}")
    return url.strip().rstrip("/")


def add_peer(store: Store, office: str, url: str, public_key: str, own_office: str) -> Peer:
    """Register a partner (or update its URL) and trust one more of its keys.

    This is the out-of-band confirmation: a key the partner announced becomes active here, and
    the key that announced it is retired as of the announcement.
    """
    office = check_office(office)
    if office == own_office:
        raise InputError(f"{office} is this node's own office, not a partner")
    url = check_url(url)
    public_b64 = public_key_b64(parse_public_key(public_key))
    with store.transaction():
        store.execute("INSERT INTO peers (office, url, added_at) VALUES (?, ?, ?) "
                      "ON CONFLICT (office) DO UPDATE SET url = excluded.url",
                      (office, url, _now()))
        confirm_peer_key(store, office, public_b64)
    peer = get_peer(store, office)
    assert peer is not None
    return peer


def confirm_peer_key(store: Store, office: str, public_b64: str) -> None:
    key = peer_key(store, office, fingerprint(public_b64))
    if key is not None and key.status == REVOKED:
        raise InputError(f"key {key.fingerprint} of {office} was revoked; it cannot be trusted "
                         "again")
    if key is None:
        store.execute("INSERT INTO peer_keys (office, fingerprint, public_key, added_at, status) "
                      "VALUES (?, ?, ?, ?, ?)",
                      (office, fingerprint(public_b64), public_b64, _now(), ACTIVE))
        return
    if key.status == ANNOUNCED:
        store.execute("UPDATE peer_keys SET status = ? WHERE office = ? AND fingerprint = ?",
                      (ACTIVE, office, key.fingerprint))
        if key.announced_by is not None:
            store.execute("UPDATE peer_keys SET status = ?, retired_at = ? WHERE office = ? AND "
                          "fingerprint = ? AND status = ?",
                          (RETIRED, key.added_at, office, key.announced_by, ACTIVE))


def announce_peer_key(store: Store, office: str, public_b64: str, announced_by: str,
                      announced_at: dt.datetime) -> str:
    """Note a key the partner announced (signed with an active key); it is not trusted yet."""
    store.execute("INSERT INTO peer_keys (office, fingerprint, public_key, added_at, status, "
                  "announced_by) VALUES (?, ?, ?, ?, ?, ?) "
                  "ON CONFLICT (office, fingerprint) DO NOTHING",
                  (office, fingerprint(public_b64), public_b64, announced_at.isoformat(),
                   ANNOUNCED, announced_by))
    return fingerprint(public_b64)


def revoke_peer_key(store: Store, office: str, key_fingerprint: str) -> PeerKey:
    office = check_office(office)
    key = peer_key(store, office, key_fingerprint.strip())
    if key is None:
        raise InputError(f"{office} has no key {key_fingerprint}")
    with store.transaction():
        store.execute("UPDATE peer_keys SET status = ? WHERE office = ? AND fingerprint = ?",
                      (REVOKED, office, key.fingerprint))
    revoked = peer_key(store, office, key.fingerprint)
    assert revoked is not None
    return revoked


def remove_peer(store: Store, office: str) -> Peer:
    """Stop exchanging with a partner: its URL and keys go; its mirrored register stays (it is
    the partner's signed history), and messages still queued for it become undeliverable."""
    code = check_office(office)
    peer = get_peer(store, code)
    if peer is None:
        known = ", ".join(p.office for p in list_peers(store)) or "none"
        raise NotFoundError(f"{code} is not a partner of this node (partners: {known})")
    with store.transaction():
        store.execute("DELETE FROM peer_keys WHERE office = ?", (code,))
        store.execute("DELETE FROM peers WHERE office = ?", (code,))
    return peer


def get_peer(store: Store, office: str) -> Peer | None:
    rows = store.query("SELECT office, url FROM peers WHERE office = ?", (office,))
    if not rows:
        return None
    return Peer(str(rows[0][0]), str(rows[0][1]), _keys(store, office))


def list_peers(store: Store) -> list[Peer]:
    rows = store.query("SELECT office, url FROM peers ORDER BY office")
    return [Peer(str(r[0]), str(r[1]), _keys(store, str(r[0]))) for r in rows]


_KEY_COLUMNS = "fingerprint, public_key, added_at, status, retired_at, announced_by"


def _key(row: tuple[object, ...]) -> PeerKey:
    return PeerKey(str(row[0]), str(row[1]), str(row[2]), str(row[3]),
                   None if row[4] is None else str(row[4]),
                   None if row[5] is None else str(row[5]))


def peer_key(store: Store, office: str, key_fingerprint: str) -> PeerKey | None:
    rows = store.query(f"SELECT {_KEY_COLUMNS} FROM peer_keys WHERE office = ? AND "
                       "fingerprint = ?", (office, key_fingerprint))
    return _key(rows[0]) if rows else None


def peer_public_key(store: Store, office: str, key_fingerprint: str,
                    made: dt.datetime) -> str | None:
    """The partner's public key if it may vouch for something made at ``made``."""
    key = peer_key(store, office, key_fingerprint)
    return key.public_key if key is not None and key.vouches_for(made) else None


def _keys(store: Store, office: str) -> tuple[PeerKey, ...]:
    rows = store.query(f"SELECT {_KEY_COLUMNS} FROM peer_keys WHERE office = ? "
                       "ORDER BY added_at, fingerprint", (office,))
    return tuple(_key(r) for r in rows)
