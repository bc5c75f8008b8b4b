"""Partner offices: where each one's node answers and which public keys speak for it.

A partner may have several keys: a rotation adds one and never drops the old, so every message
a partner ever signed still verifies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from marknet.errors import InputError
from marknet.exchange.keys import fingerprint, parse_public_key, public_key_b64
from marknet.model.codelists import is_office_code
from marknet.store import Store


@dataclass(frozen=True, slots=True)
class PeerKey:
    fingerprint: str
    public_key: str
    added_at: str


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
    """Register a partner (or update its URL) and trust one more of its keys."""
    office = check_office(office)
    if office == own_office:
        raise InputError(f"{office} is this node's own office, not a partner")
    url = check_url(url)
    public_b64 = public_key_b64(parse_public_key(public_key))
    with store.transaction():
        store.execute("INSERT INTO peers (office, url, added_at) VALUES (?, ?, ?) "
                      "ON CONFLICT (office) DO UPDATE SET url = excluded.url",
                      (office, url, _now()))
        add_peer_key(store, office, public_b64)
    peer = get_peer(store, office)
    assert peer is not None
    return peer


def add_peer_key(store: Store, office: str, public_b64: str) -> None:
    store.execute("INSERT INTO peer_keys (office, fingerprint, public_key, added_at) "
                  "VALUES (?, ?, ?, ?) ON CONFLICT (office, fingerprint) DO NOTHING",
                  (office, fingerprint(public_b64), public_b64, _now()))


def get_peer(store: Store, office: str) -> Peer | None:
    rows = store.query("SELECT office, url FROM peers WHERE office = ?", (office,))
    if not rows:
        return None
    return Peer(str(rows[0][0]), str(rows[0][1]), _keys(store, office))


def list_peers(store: Store) -> list[Peer]:
    rows = store.query("SELECT office, url FROM peers ORDER BY office")
    return [Peer(str(r[0]), str(r[1]), _keys(store, str(r[0]))) for r in rows]


def peer_public_key(store: Store, office: str, key_fingerprint: str) -> str | None:
    rows = store.query("SELECT public_key FROM peer_keys WHERE office = ? AND fingerprint = ?",
                       (office, key_fingerprint))
    return str(rows[0][0]) if rows else None


def _keys(store: Store, office: str) -> tuple[PeerKey, ...]:
    rows = store.query("SELECT fingerprint, public_key, added_at FROM peer_keys "
                       "WHERE office = ? ORDER BY added_at, fingerprint", (office,))
    return tuple(PeerKey(str(r[0]), str(r[1]), str(r[2])) for r in rows)
