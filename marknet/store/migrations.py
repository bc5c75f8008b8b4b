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
)

LATEST = max(m.version for m in MIGRATIONS)


def render(statement: str, *, bigint: str) -> str:
    return statement.replace("{bigint}", bigint)
