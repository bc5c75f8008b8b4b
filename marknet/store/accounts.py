"""Typed reads and writes of the accounts' tables (``api_users``, ``api_tokens``): the SQL of
``marknet.accounts`` lives here, with the store. Rows come back as ``AccountRow``s; roles stay
strings here (the store knows nothing of ``accounts.Role``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from marknet.store.access import SqlAccess

__all__ = ["AccountQueries", "AccountRow", "TokenRow"]

_USER = "id, username, role, office"


@dataclass(frozen=True, slots=True)
class AccountRow:
    id: str
    username: str
    role: str
    office: str | None


@dataclass(frozen=True, slots=True)
class TokenRow:
    user: AccountRow
    csrf: str
    expires_at: str


def _account(row: Sequence[Any]) -> AccountRow:
    return AccountRow(str(row[0]), str(row[1]), str(row[2]),
                      None if row[3] is None else str(row[3]))


class AccountQueries(SqlAccess):
    """Mixed into ``SqlStore``: needs only ``query`` and ``execute``."""

    def add_account(self, account: AccountRow, password_hash: str, created_at: str) -> None:
        self.execute(f"INSERT INTO api_users ({_USER}, password_hash, created_at, disabled) "
                     "VALUES (?, ?, ?, ?, ?, ?, 0)",
                     (account.id, account.username, account.role, account.office,
                      password_hash, created_at))

    def accounts(self, username: str | None = None) -> list[AccountRow]:
        """Active accounts by username (one, or every one)."""
        if username is None:
            rows = self.query(f"SELECT {_USER} FROM api_users WHERE disabled = 0 "
                              "ORDER BY username")
        else:
            rows = self.query(f"SELECT {_USER} FROM api_users WHERE username = ? "
                              "AND disabled = 0", (username,))
        return [_account(r) for r in rows]

    def account_exists(self, username: str) -> bool:
        """Whether the username is taken, by an active or a disabled account."""
        return bool(self.query("SELECT 1 FROM api_users WHERE username = ?", (username,)))

    def password_hash(self, username: str) -> tuple[AccountRow, str] | None:
        rows = self.query(f"SELECT {_USER}, password_hash FROM api_users "
                          "WHERE username = ? AND disabled = 0", (username,))
        return (_account(rows[0]), str(rows[0][4])) if rows else None

    def set_password_hash(self, account_id: str, password_hash: str) -> None:
        self.execute("UPDATE api_users SET password_hash = ? WHERE id = ?",
                     (password_hash, account_id))

    def disable_account(self, account_id: str) -> None:
        """Disable the account and revoke its tokens (call inside a transaction)."""
        self.execute("UPDATE api_users SET disabled = 1 WHERE id = ?", (account_id,))
        self.execute("DELETE FROM api_tokens WHERE user_id = ?", (account_id,))

    def add_token(self, token_hash: str, account_id: str, kind: str, csrf: str,
                  created_at: str, expires_at: str) -> None:
        self.execute("INSERT INTO api_tokens (token_hash, user_id, kind, csrf, created_at, "
                     "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                     (token_hash, account_id, kind, csrf, created_at, expires_at))

    def token(self, token_hash: str, kind: str) -> TokenRow | None:
        """The active account a token of *kind* belongs to, with its CSRF secret and expiry."""
        rows = self.query(
            "SELECT u.id, u.username, u.role, u.office, t.csrf, t.expires_at FROM api_tokens t "
            "JOIN api_users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.kind = ? "
            "AND u.disabled = 0", (token_hash, kind))
        if not rows:
            return None
        return TokenRow(_account(rows[0]), str(rows[0][4]), str(rows[0][5]))

    def delete_token(self, token_hash: str) -> None:
        self.execute("DELETE FROM api_tokens WHERE token_hash = ?", (token_hash,))
