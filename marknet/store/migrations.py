"""Schema migrations, numbered and applied once each, for both backends.

Each package that owns tables adds its own numbered entry here (versions are recorded one by
one, so an entry added later with a lower number is still applied).

Each migration is a list of statements written once; ``{json}`` and ``{bigint}`` are replaced by
the backend's types. Payloads are stored as the exact canonical JSON text the chain hashed, so a
stored event can be re-hashed byte for byte (PostgreSQL's jsonb would reorder keys).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "register: events, heads, records, meta", (
        """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
        """CREATE TABLE register_heads (
               register TEXT PRIMARY KEY,
               seq {bigint} NOT NULL,
               hash TEXT NOT NULL)""",
        """CREATE TABLE events (
               register TEXT NOT NULL,
               seq {bigint} NOT NULL,
               record_id TEXT NOT NULL,
               type TEXT NOT NULL,
               effective_date TEXT NOT NULL,
               recorded_at TEXT NOT NULL,
               actor TEXT NOT NULL,
               payload TEXT NOT NULL,
               prev_hash TEXT NOT NULL,
               hash TEXT NOT NULL,
               PRIMARY KEY (register, seq))""",
        """CREATE INDEX events_by_record ON events (record_id, seq)""",
        """CREATE TABLE records (
               id TEXT PRIMARY KEY,
               register TEXT NOT NULL,
               record_type TEXT NOT NULL,
               office TEXT NOT NULL,
               application_number TEXT NOT NULL,
               filing_date TEXT NOT NULL,
               status TEXT NOT NULL,
               data TEXT NOT NULL,
               last_seq {bigint} NOT NULL)""",
        """CREATE INDEX records_by_register ON records (register, last_seq)""",
        """CREATE INDEX records_by_office_filed ON records (office, filing_date)""",
    )),
    Migration(2, "exchange: peers, keys, outbox, inbox, rejections", (
        """CREATE TABLE peers (
               office TEXT PRIMARY KEY,
               url TEXT NOT NULL,
               added_at TEXT NOT NULL)""",
        """CREATE TABLE peer_keys (
               office TEXT NOT NULL,
               fingerprint TEXT NOT NULL,
               public_key TEXT NOT NULL,
               added_at TEXT NOT NULL,
               PRIMARY KEY (office, fingerprint))""",
        """CREATE TABLE outbox_seq (recipient TEXT PRIMARY KEY, seq {bigint} NOT NULL)""",
        """CREATE TABLE outbox (
               id TEXT PRIMARY KEY,
               recipient TEXT NOT NULL,
               seq {bigint} NOT NULL,
               type TEXT NOT NULL,
               created TEXT NOT NULL,
               in_reply_to TEXT,
               content_type TEXT NOT NULL,
               payload TEXT NOT NULL,
               sign_with TEXT,
               status TEXT NOT NULL,
               attempts INTEGER NOT NULL,
               last_error TEXT,
               delivered_at TEXT,
               receipt TEXT,
               UNIQUE (recipient, seq))""",
        """CREATE INDEX outbox_by_status ON outbox (status, recipient, seq)""",
        """CREATE TABLE inbox (
               id TEXT PRIMARY KEY,
               sender TEXT NOT NULL,
               seq {bigint} NOT NULL,
               type TEXT NOT NULL,
               created TEXT NOT NULL,
               received_at TEXT NOT NULL,
               in_reply_to TEXT,
               content_type TEXT NOT NULL,
               payload TEXT NOT NULL,
               payload_sha256 TEXT NOT NULL,
               envelope TEXT NOT NULL,
               status TEXT NOT NULL,
               result TEXT,
               receipt TEXT NOT NULL,
               UNIQUE (sender, seq))""",
        """CREATE INDEX inbox_by_status ON inbox (status, received_at)""",
        """CREATE TABLE exchange_rejections (
               id TEXT PRIMARY KEY,
               at TEXT NOT NULL,
               code TEXT NOT NULL,
               detail TEXT NOT NULL,
               sender TEXT,
               message_id TEXT,
               body_sha256 TEXT NOT NULL,
               body_bytes {bigint} NOT NULL)""",
        """CREATE INDEX exchange_rejections_by_at ON exchange_rejections (at)""",
    )),
    Migration(4, "procedure: cases, log, decisions, deadlines, messages, Unified Register", (
        """CREATE TABLE procedure_cases (
               record_id TEXT NOT NULL,
               workflow TEXT NOT NULL,
               office TEXT NOT NULL,
               state TEXT NOT NULL,
               data TEXT NOT NULL,
               opened_at TEXT NOT NULL,
               updated_at TEXT NOT NULL,
               PRIMARY KEY (record_id, workflow))""",
        """CREATE TABLE procedure_log (
               record_id TEXT NOT NULL,
               workflow TEXT NOT NULL,
               seq {bigint} NOT NULL,
               action TEXT NOT NULL,
               actor TEXT NOT NULL,
               from_state TEXT NOT NULL,
               to_state TEXT NOT NULL,
               effective_date TEXT NOT NULL,
               recorded_at TEXT NOT NULL,
               event_type TEXT,
               payload TEXT NOT NULL,
               PRIMARY KEY (record_id, workflow, seq))""",
        """CREATE TABLE procedure_decisions (
               record_id TEXT NOT NULL,
               workflow TEXT NOT NULL,
               seq {bigint} NOT NULL,
               office TEXT NOT NULL,
               examiner TEXT NOT NULL,
               decided_on TEXT NOT NULL,
               stage TEXT NOT NULL,
               goods TEXT NOT NULL,
               grounds TEXT NOT NULL,
               cited TEXT NOT NULL,
               PRIMARY KEY (record_id, workflow, seq))""",
        """CREATE TABLE procedure_deadlines (
               record_id TEXT NOT NULL,
               workflow TEXT NOT NULL,
               name TEXT NOT NULL,
               ref TEXT NOT NULL,
               office TEXT NOT NULL,
               starts TEXT NOT NULL,
               due TEXT NOT NULL,
               clock_action TEXT,
               status TEXT NOT NULL,
               rule TEXT NOT NULL,
               closed_on TEXT,
               PRIMARY KEY (record_id, workflow, name, ref))""",
        """CREATE INDEX procedure_deadlines_due ON procedure_deadlines (status, due)""",
        """CREATE TABLE procedure_outbox (
               message_id TEXT PRIMARY KEY,
               code TEXT NOT NULL,
               recipient TEXT NOT NULL,
               record_id TEXT NOT NULL,
               body TEXT NOT NULL,
               created_at TEXT NOT NULL,
               sent_at TEXT,
               receipt_at TEXT)""",
        """CREATE TABLE procedure_inbox (
               message_id TEXT PRIMARY KEY,
               code TEXT NOT NULL,
               sender TEXT NOT NULL,
               record_id TEXT NOT NULL,
               body TEXT NOT NULL,
               received_at TEXT NOT NULL)""",
        """CREATE TABLE unified_register (
               registration_number TEXT PRIMARY KEY,
               record_id TEXT NOT NULL,
               filing_office TEXT NOT NULL,
               entry TEXT NOT NULL,
               history TEXT NOT NULL,
               updated_at TEXT NOT NULL)""",
    )),
    Migration(5, "api: users, tokens, filings, watches, notifications", (
        """CREATE TABLE api_users (
               id TEXT PRIMARY KEY,
               username TEXT NOT NULL UNIQUE,
               password_hash TEXT NOT NULL,
               role TEXT NOT NULL,
               office TEXT,
               created_at TEXT NOT NULL,
               disabled INTEGER NOT NULL DEFAULT 0)""",
        """CREATE TABLE api_tokens (
               token_hash TEXT PRIMARY KEY,
               user_id TEXT NOT NULL,
               kind TEXT NOT NULL,
               csrf TEXT NOT NULL,
               created_at TEXT NOT NULL,
               expires_at TEXT NOT NULL)""",
        """CREATE INDEX api_tokens_by_user ON api_tokens (user_id)""",
        """CREATE TABLE api_filings (
               record_id TEXT PRIMARY KEY,
               user_id TEXT NOT NULL,
               filed_at TEXT NOT NULL)""",
        """CREATE INDEX api_filings_by_user ON api_filings (user_id)""",
        """CREATE TABLE watches (
               id TEXT PRIMARY KEY,
               user_id TEXT NOT NULL,
               label TEXT NOT NULL,
               query TEXT NOT NULL,
               record_id TEXT,
               classes TEXT NOT NULL,
               threshold REAL NOT NULL,
               webhook_url TEXT,
               created_at TEXT NOT NULL,
               active INTEGER NOT NULL DEFAULT 1)""",
        """CREATE INDEX watches_by_user ON watches (user_id)""",
        """CREATE TABLE watch_cursors (register TEXT PRIMARY KEY, seq {bigint} NOT NULL)""",
        """CREATE TABLE notifications (
               id TEXT PRIMARY KEY,
               watch_id TEXT NOT NULL,
               user_id TEXT NOT NULL,
               record_id TEXT NOT NULL,
               score REAL NOT NULL,
               hit TEXT NOT NULL,
               created_at TEXT NOT NULL,
               seen INTEGER NOT NULL DEFAULT 0,
               webhook_status TEXT NOT NULL,
               webhook_attempts INTEGER NOT NULL DEFAULT 0,
               webhook_next TEXT,
               webhook_error TEXT,
               UNIQUE (watch_id, record_id))""",
        """CREATE INDEX notifications_by_user ON notifications (user_id, created_at)""",
        """CREATE INDEX notifications_webhooks ON notifications (webhook_status, webhook_next)""",
        # The publications bulletin reads events by register, type and date.
        """CREATE INDEX events_by_type_date ON events (register, type, effective_date)""",
    )),
    # Numbered after the issue that added it, so parallel work does not collide on a number.
    Migration(16, "web: saved searches", (
        """CREATE TABLE saved_searches (
               id TEXT PRIMARY KEY,
               user_id TEXT NOT NULL,
               name TEXT NOT NULL,
               query TEXT NOT NULL,
               created_at TEXT NOT NULL)""",
        """CREATE INDEX saved_searches_by_user ON saved_searches (user_id, created_at)""",
    )),
    Migration(12, "exchange access: sealed mirror events, request nonces, key life cycle", (
        # A mirror's events the partner may not show us yet (unpublished applications): only
        # their place in the chain, until the partner reveals them.
        """CREATE TABLE sealed_events (
               register TEXT NOT NULL,
               seq {bigint} NOT NULL,
               prev_hash TEXT NOT NULL,
               hash TEXT NOT NULL,
               PRIMARY KEY (register, seq))""",
        # Nonces of signed exchange requests seen within the clock window (replay refusal).
        """CREATE TABLE exchange_nonces (
               office TEXT NOT NULL,
               nonce TEXT NOT NULL,
               seen_at TEXT NOT NULL,
               PRIMARY KEY (office, nonce))""",
        """CREATE INDEX exchange_nonces_by_time ON exchange_nonces (seen_at)""",
        # announced (not trusted yet) -> active -> retired (old messages only) -> revoked.
        """ALTER TABLE peer_keys ADD COLUMN status TEXT NOT NULL DEFAULT 'active'""",
        """ALTER TABLE peer_keys ADD COLUMN retired_at TEXT""",
        """ALTER TABLE peer_keys ADD COLUMN announced_by TEXT""",
    )),
    # Issue 12's second: refused input is counted per reason, sender and minute, not stored
    # one row per message (a flood of junk must not fill the disk).
    Migration(112, "exchange: refused input aggregated", (
        """ALTER TABLE exchange_rejections ADD COLUMN count {bigint} NOT NULL DEFAULT 1""",
        """ALTER TABLE exchange_rejections ADD COLUMN last_at TEXT""",
    )),
)

LATEST = max(m.version for m in MIGRATIONS)


def render(statement: str, *, bigint: str) -> str:
    return statement.replace("{bigint}", bigint)
