"""The store's account and token queries, on every backend."""

from __future__ import annotations

from marknet.store import Store
from marknet.store.accounts import AccountRow

IVANOVA = AccountRow("u1", "ivanova", "examiner", "RU")
PETROV = AccountRow("u2", "petrov", "applicant", None)


def test_accounts_are_added_listed_and_disabled(store: Store) -> None:
    with store.transaction():
        store.add_account(PETROV, "hash-p", "2026-12-01T00:00:00+00:00")
        store.add_account(IVANOVA, "hash-i", "2026-12-01T00:00:00+00:00")
    assert store.accounts() == [IVANOVA, PETROV]  # by username
    assert store.accounts("petrov") == [PETROV]
    assert store.accounts("nobody") == []
    assert store.password_hash("ivanova") == (IVANOVA, "hash-i")
    with store.transaction():
        store.set_password_hash("u1", "rehashed")
    assert store.password_hash("ivanova") == (IVANOVA, "rehashed")
    with store.transaction():
        store.add_token("t-hash", "u1", "api", "csrf", "2026-12-01", "2026-12-31T00:00:00+00:00")
    found = store.token("t-hash", "api")
    assert found is not None
    assert (found.user, found.csrf, found.expires_at) == (IVANOVA, "csrf",
                                                          "2026-12-31T00:00:00+00:00")
    assert store.token("t-hash", "session") is None  # a token of another kind
    with store.transaction():
        store.disable_account("u1")
    assert store.accounts() == [PETROV]
    assert store.password_hash("ivanova") is None
    assert store.token("t-hash", "api") is None  # revoked with the account
    assert store.account_exists("ivanova")  # a disabled name stays taken


def test_a_token_can_be_deleted(store: Store) -> None:
    with store.transaction():
        store.add_account(PETROV, "hash-p", "2026-12-01T00:00:00+00:00")
        store.add_token("t", "u2", "session", "c", "2026-12-01", "2026-12-02T00:00:00+00:00")
        store.delete_token("t")
    assert store.token("t", "session") is None
