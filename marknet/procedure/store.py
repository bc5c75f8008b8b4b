"""The procedure's own tables (migration 4): cases, log, decisions, deadlines, messages and the
node's copy of the EAEU Unified Register. Plain SQL through the Store protocol.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import orjson

from marknet.store import Store


def dumps(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def loads(text: str) -> Any:
    return orjson.loads(text)


@dataclass(slots=True)
class Case:
    """One procedure on one record at this node: its state and working data."""

    record_id: str
    workflow: str
    office: str
    state: str
    data: dict[str, Any] = field(default_factory=dict)
    opened_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    record_id: str
    workflow: str
    name: str
    ref: str
    office: str
    starts: dt.date
    due: dt.date
    clock_action: str | None
    status: str  # open, closed (met or ended), lapsed (the clock acted)
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {"record_id": self.record_id, "workflow": self.workflow, "name": self.name,
                "ref": self.ref, "office": self.office, "starts": self.starts.isoformat(),
                "due": self.due.isoformat(), "clock_action": self.clock_action,
                "status": self.status, "rule": self.rule}


_DEADLINE_COLUMNS = ("record_id, workflow, name, ref, office, starts, due, clock_action, status, "
                     "rule")


def _deadline(row: tuple[Any, ...]) -> DeadlineRow:
    return DeadlineRow(row[0], row[1], row[2], row[3], row[4], dt.date.fromisoformat(row[5]),
                       dt.date.fromisoformat(row[6]), row[7], row[8], row[9])


class ProcedureStore:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- cases -------------------------------------------------------------------------------
    def case(self, record_id: str, workflow: str) -> Case | None:
        rows = self.store.query(
            "SELECT record_id, workflow, office, state, data, opened_at, updated_at "
            "FROM procedure_cases WHERE record_id = ? AND workflow = ?", (record_id, workflow))
        if not rows:
            return None
        r = rows[0]
        return Case(r[0], r[1], r[2], r[3], loads(r[4]), r[5], r[6])

    def cases_of(self, record_id: str) -> list[Case]:
        rows = self.store.query("SELECT workflow FROM procedure_cases WHERE record_id = ? "
                                "ORDER BY opened_at, workflow", (record_id,))
        return [c for (w,) in rows if (c := self.case(record_id, w)) is not None]

    def save_case(self, case: Case, now: str) -> None:
        updated = self.store.execute(
            "UPDATE procedure_cases SET state = ?, data = ?, updated_at = ? "
            "WHERE record_id = ? AND workflow = ?",
            (case.state, dumps(case.data), now, case.record_id, case.workflow))
        if not updated:
            self.store.execute(
                "INSERT INTO procedure_cases VALUES (?, ?, ?, ?, ?, ?, ?)",
                (case.record_id, case.workflow, case.office, case.state, dumps(case.data), now,
                 now))
            case.opened_at = now
        case.updated_at = now

    # -- log and decisions -------------------------------------------------------------------
    def _next_seq(self, table: str, record_id: str, workflow: str) -> int:
        rows = self.store.query(f"SELECT MAX(seq) FROM {table} WHERE record_id = ? "
                                "AND workflow = ?", (record_id, workflow))
        return int(rows[0][0] or 0) + 1

    def log(self, case: Case, action: str, actor: str, from_state: str, when: dt.date,
            now: str, event_type: str | None, payload: dict[str, Any]) -> None:
        seq = self._next_seq("procedure_log", case.record_id, case.workflow)
        self.store.execute(
            "INSERT INTO procedure_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (case.record_id, case.workflow, seq, action, actor, from_state, case.state,
             when.isoformat(), now, event_type, dumps(payload)))

    def history(self, record_id: str) -> list[dict[str, Any]]:
        rows = self.store.query(
            "SELECT workflow, seq, action, actor, from_state, to_state, effective_date, "
            "recorded_at, event_type, payload FROM procedure_log WHERE record_id = ? "
            "ORDER BY recorded_at, workflow, seq", (record_id,))
        keys = ("workflow", "seq", "action", "actor", "from_state", "to_state", "effective_date",
                "recorded_at", "event_type", "payload")
        return [{**dict(zip(keys, r, strict=True)), "payload": loads(r[9])} for r in rows]

    def add_decision(self, case: Case, decision: dict[str, Any]) -> None:
        seq = self._next_seq("procedure_decisions", case.record_id, case.workflow)
        self.store.execute(
            "INSERT INTO procedure_decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (case.record_id, case.workflow, seq, decision["office"], decision["examiner"],
             decision["decided_on"], decision["stage"], dumps(decision["goods"]),
             decision["grounds"], dumps(decision["cited"])))

    def decisions(self, record_id: str) -> list[dict[str, Any]]:
        rows = self.store.query(
            "SELECT workflow, seq, office, examiner, decided_on, stage, goods, grounds, cited "
            "FROM procedure_decisions WHERE record_id = ? ORDER BY workflow, seq", (record_id,))
        return [{"workflow": r[0], "seq": r[1], "office": r[2], "examiner": r[3],
                 "decided_on": r[4], "stage": r[5], "goods": loads(r[6]), "grounds": r[7],
                 "cited": loads(r[8])} for r in rows]

    # -- deadlines ---------------------------------------------------------------------------
    def open_deadline(self, row: DeadlineRow) -> None:
        self.store.execute("DELETE FROM procedure_deadlines WHERE record_id = ? AND workflow = ? "
                           "AND name = ? AND ref = ?",
                           (row.record_id, row.workflow, row.name, row.ref))
        self.store.execute(
            f"INSERT INTO procedure_deadlines ({_DEADLINE_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (row.record_id, row.workflow, row.name, row.ref, row.office, row.starts.isoformat(),
             row.due.isoformat(), row.clock_action, "open", row.rule))

    def close_deadlines(self, record_id: str, workflow: str, names: tuple[str, ...] | None,
                        on: dt.date, status: str = "closed", ref: str | None = None) -> None:
        sql = ("UPDATE procedure_deadlines SET status = ?, closed_on = ? WHERE record_id = ? "
               "AND workflow = ? AND status = 'open'")
        params: list[Any] = [status, on.isoformat(), record_id, workflow]
        if names is not None:
            if not names:
                return
            sql += f" AND name IN ({', '.join('?' * len(names))})"
            params += names
        if ref is not None:
            sql += " AND ref = ?"
            params.append(ref)
        self.store.execute(sql, params)

    def deadline(self, record_id: str, workflow: str, name: str,
                 ref: str = "") -> DeadlineRow | None:
        rows = self.store.query(
            f"SELECT {_DEADLINE_COLUMNS} FROM procedure_deadlines WHERE record_id = ? "
            "AND workflow = ? AND name = ? AND ref = ?", (record_id, workflow, name, ref))
        return _deadline(rows[0]) if rows else None

    def deadlines(self, due_before: dt.date | None = None, status: str | None = "open",
                  record_id: str | None = None) -> list[DeadlineRow]:
        sql = f"SELECT {_DEADLINE_COLUMNS} FROM procedure_deadlines WHERE 1 = 1"
        params: list[Any] = []
        for column, value in (("status", status), ("record_id", record_id)):
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        if due_before is not None:
            sql += " AND due < ?"
            params.append(due_before.isoformat())
        rows = self.store.query(sql + " ORDER BY due, record_id, name, ref", params)
        return [_deadline(r) for r in rows]

    # -- messages ----------------------------------------------------------------------------
    def seen(self, message_id: str) -> bool:
        return bool(self.store.query("SELECT 1 FROM procedure_inbox WHERE message_id = ?",
                                     (message_id,)))

    def messages(self, record_id: str) -> list[dict[str, Any]]:
        sent = self.store.query(
            "SELECT message_id, code, recipient, created_at, sent_at, receipt_at, body "
            "FROM procedure_outbox WHERE record_id = ? ORDER BY created_at", (record_id,))
        got = self.store.query(
            "SELECT message_id, code, sender, received_at, body FROM procedure_inbox "
            "WHERE record_id = ? ORDER BY received_at", (record_id,))
        out = [{"direction": "out", "id": r[0], "code": r[1], "office": r[2], "at": r[3],
                "sent_at": r[4], "receipt_at": r[5], "body": loads(r[6])} for r in sent]
        out += [{"direction": "in", "id": r[0], "code": r[1], "office": r[2], "at": r[3],
                 "body": loads(r[4])} for r in got]
        return out

    # -- Unified Register --------------------------------------------------------------------
    def unified_entry(self, record_id: str) -> dict[str, Any] | None:
        rows = self.store.query("SELECT entry, history FROM unified_register WHERE record_id = ?",
                                (record_id,))
        if not rows:
            return None
        return {**loads(rows[0][0]), "history": loads(rows[0][1])}

    def save_unified(self, entry: dict[str, Any], history: list[dict[str, Any]],
                     now: str) -> None:
        number = entry["registration_number"]
        self.store.execute("DELETE FROM unified_register WHERE registration_number = ?",
                           (number,))
        self.store.execute("INSERT INTO unified_register VALUES (?, ?, ?, ?, ?, ?)",
                           (number, entry["record_id"], entry["filing_office"], dumps(entry),
                            dumps(history), now))
