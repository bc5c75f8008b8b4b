"""The node's Ed25519 signing keys: made by ``marknet init``, rotated without losing old ones.

Keys live in ``DATA_DIR/keys/`` as PKCS#8 PEM files named by their key id; ``active`` names the
one that signs. A rotation retires the previous key (``retired``: one ``KEY_ID TIME`` a line):
it signs nothing made after that moment, and partners let it verify only what was made
before. ``marknet keys revoke`` marks a key ``revoked`` (a compromised key): it signs nothing.
The public key is shared as base64 of its 32 raw bytes; its fingerprint is the SHA-256 of those
bytes, shown as hex in groups of four.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from marknet.errors import ConfigError, InputError

ACTIVE_FILE = "active"
RETIRED_FILE = "retired"
REVOKED_FILE = "revoked"


@dataclass(frozen=True, slots=True)
class SigningKey:
    key_id: str
    private: Ed25519PrivateKey

    @property
    def public_b64(self) -> str:
        return public_key_b64(self.private.public_key())

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_b64)

    def sign(self, data: bytes) -> bytes:
        return self.private.sign(data)


def public_key_b64(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def parse_public_key(text: str) -> Ed25519PublicKey:
    """A partner's public key from base64 of its 32 raw bytes."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, TypeError) as exc:
        raise InputError(f"not an Ed25519 public key (base64 of 32 bytes): {text[:60]!r}") from exc


@lru_cache(maxsize=256)
def cached_public_key(public_b64: str) -> Ed25519PublicKey:
    """Parsed partner keys, reused: every incoming message is checked against one."""
    return parse_public_key(public_b64)


def verify_signature(public_b64: str, signature: bytes, data: bytes) -> bool:
    try:
        cached_public_key(public_b64).verify(signature, data)
    except InvalidSignature:
        return False
    return True


def fingerprint(public_b64: str) -> str:
    digest = hashlib.sha256(base64.b64decode(public_b64)).hexdigest()
    return ":".join(digest[i:i + 4] for i in range(0, 32, 4))


class KeyRing:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def create(self) -> SigningKey:
        """Make a new key and make it the active one."""
        self.directory.mkdir(parents=True, exist_ok=True)
        key_id = dt.datetime.now(dt.UTC).strftime("ed25519-%Y%m%dT%H%M%S%fZ")
        private = Ed25519PrivateKey.generate()
        pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
        path = self.directory / f"{key_id}.pem"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
        (self.directory / ACTIVE_FILE).write_text(key_id + "\n", encoding="utf-8")
        return SigningKey(key_id, private)

    def rotate(self, now: dt.datetime) -> tuple[SigningKey, SigningKey]:
        """Make a new active key and retire the previous one as of ``now`` (it may still sign
        the announcement made at ``now``). Returns (previous, new)."""
        previous = self.active()
        new = self.create()
        if new.key_id == previous.key_id:  # two rotations within one microsecond
            raise ConfigError("key rotation too fast: try again")
        with (self.directory / RETIRED_FILE).open("a", encoding="utf-8") as handle:
            handle.write(f"{previous.key_id} {now.isoformat()}\n")
        return previous, new

    def revoke(self, key_id: str) -> None:
        if not (self.directory / f"{key_id}.pem").exists():
            raise InputError(f"no key {key_id} in {self.directory}")
        if key_id == self.active().key_id:
            raise InputError(f"{key_id} is the active key: rotate first, then revoke it")
        with (self.directory / REVOKED_FILE).open("a", encoding="utf-8") as handle:
            handle.write(f"{key_id}\n")

    def status(self, key_id: str) -> tuple[str, dt.datetime | None]:
        """(active | retired | revoked, retirement time)."""
        if key_id in self._lines(REVOKED_FILE):
            return "revoked", None
        retired = self._lines(RETIRED_FILE)
        if key_id in retired:
            return "retired", dt.datetime.fromisoformat(retired[key_id])
        return "active", None

    def _lines(self, name: str) -> dict[str, str]:
        path = self.directory / name
        if not path.exists():
            return {}
        found: dict[str, str] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            key_id, _, rest = line.strip().partition(" ")
            if key_id:
                found[key_id] = rest
        return found

    def active(self) -> SigningKey:
        marker = self.directory / ACTIVE_FILE
        if not marker.exists():
            raise ConfigError(f"no signing key in {self.directory}: run marknet init")
        return self.load(marker.read_text(encoding="utf-8").strip())

    def load(self, key_id: str) -> SigningKey:
        path = self.directory / f"{key_id}.pem"
        try:
            private = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot load signing key {path}: {exc}") from exc
        if not isinstance(private, Ed25519PrivateKey):
            raise ConfigError(f"{path} is not an Ed25519 key")
        return SigningKey(key_id, private)

    def all(self) -> list[SigningKey]:
        """Every key, oldest first (ids sort by creation time)."""
        return [self.load(p.stem) for p in sorted(self.directory.glob("ed25519-*.pem"))]


class Signer:
    """The node's keys for a long-running server: the active one is re-read when ``marknet keys
    rotate`` (another process) changes the marker, so a rotation needs no restart."""

    def __init__(self, ring: KeyRing) -> None:
        self.ring = ring
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._active: SigningKey | None = None
        self._by_id: dict[str, SigningKey] = {}

    def active(self) -> SigningKey:
        marker = self.ring.directory / ACTIVE_FILE
        try:
            info = marker.stat()
        except OSError as exc:
            raise ConfigError(f"no signing key in {self.ring.directory}: run marknet init") from exc
        stamp = (info.st_mtime_ns, info.st_size)
        with self._lock:
            if self._active is None or stamp != self._stamp:
                self._active = self.ring.active()
                self._stamp = stamp
            return self._active

    def key(self, key_id: str, made: dt.datetime) -> SigningKey:
        """A named key, to sign something made at ``made``: a retired key signs only what was
        made before its retirement (its own successor's announcement), a revoked one nothing."""
        status, retired_at = self.ring.status(key_id)
        if status == "revoked" or (retired_at is not None and made > retired_at):
            raise ConfigError(f"key {key_id} is {status}: it cannot sign what was made "
                              f"{made.isoformat()}")
        with self._lock:
            found = self._by_id.get(key_id)
            if found is None:
                found = self._by_id[key_id] = self.ring.load(key_id)
            return found
