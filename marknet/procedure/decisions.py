"""Examiners' decisions per goods item: checked, merged with earlier ones, and kept on record.

A decision names its examiner, the goods items (Nice classes) it is about, accept or refuse,
the grounds and the earlier rights it cites. A refusal needs grounds; a citation must be an
earlier right this node knows (its registers or the last conflict report).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from marknet.errors import InputError
from marknet.procedure.engine import Actor, Procedures
from marknet.procedure.store import Case

ACCEPT, REFUSE = "accept", "refuse"


@dataclass(frozen=True, slots=True)
class Decision:
    examiner: Actor
    accept: bool
    goods: tuple[int, ...] = ()  # empty: every goods item of the application
    grounds: str = ""
    cited: tuple[str, ...] = ()


def per_goods(p: Procedures, case: Case, items: Sequence[int],
              decision: Decision) -> dict[str, dict[str, Any]]:
    """This decision's entries by goods item, after checking goods, grounds and citations."""
    goods = decision.goods or tuple(items)
    unknown = [g for g in goods if g not in items]
    if unknown:
        raise InputError(f"rule decision.goods: class {', '.join(map(str, unknown))} is not in "
                         f"{case.record_id} (goods items: {', '.join(map(str, items))})")
    if not decision.accept and not decision.grounds.strip():
        raise InputError("rule decision.grounds: a refusal must state its grounds")
    known = set(case.data.get("conflict_report", {}).get("cited", []))
    stored = p.store.get_records(list(decision.cited))
    missing = [c for c in decision.cited if c not in known and c not in stored]
    if missing:
        raise InputError(f"rule decision.cite: {', '.join(missing)} is not an earlier right "
                         f"known to the {p.office} node (run marknet examine first)")
    entry = {"outcome": ACCEPT if decision.accept else REFUSE, "grounds": decision.grounds,
             "cited": list(decision.cited), "examiner": decision.examiner.label,
             "on": p.today().isoformat()}
    return {str(g): entry for g in goods}


def batch(p: Procedures, case: Case, items: Sequence[int], decisions: Sequence[Decision]
          ) -> tuple[dict[str, dict[str, Any]], list[dict[str, dict[str, Any]]]]:
    """Several decisions taken together (each goods item with its own grounds): all their
    entries, and each decision's own."""
    if not decisions:
        raise InputError("rule decision.goods: decide at least one goods item")
    each = [per_goods(p, case, items, d) for d in decisions]
    goods = [g for entries in each for g in entries]
    twice = sorted({g for g in goods if goods.count(g) > 1})
    if twice:
        raise InputError(f"rule decision.goods: class {', '.join(twice)} is decided twice")
    return {g: e for entries in each for g, e in entries.items()}, each


def log(entries: dict[str, dict[str, Any]], decisions: Sequence[Decision]) -> dict[str, Any]:
    return {"goods": sorted(entries),
            "grounds": "; ".join(dict.fromkeys(d.grounds for d in decisions if d.grounds)),
            "cited": sorted({c for d in decisions for c in d.cited})}


def merged(case: Case, new: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {**case.data.get("decisions", {}), **new}


def refused(decisions: dict[str, dict[str, Any]]) -> list[int]:
    return sorted(int(g) for g, d in decisions.items() if d["outcome"] == REFUSE)


def undecided(items: Sequence[int], decisions: dict[str, dict[str, Any]]) -> list[int]:
    return [g for g in items if str(g) not in decisions]


def record(p: Procedures, case: Case, stage: str, decision: Decision,
           entries: dict[str, dict[str, Any]]) -> None:
    p.db.add_decision(case, {
        "office": p.office, "examiner": decision.examiner.label,
        "decided_on": p.today().isoformat(), "stage": stage,
        "goods": {g: e["outcome"] for g, e in entries.items()},
        "grounds": decision.grounds, "cited": list(decision.cited)})


def summary(decisions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The payload a legal event or a message carries about decisions per goods item."""
    return {"goods": {g: {k: d[k] for k in ("outcome", "grounds", "cited")}
                      for g, d in sorted(decisions.items(), key=lambda kv: int(kv[0]))}}
