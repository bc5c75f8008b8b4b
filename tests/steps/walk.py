"""Walk every step of every procedure table through one interface.

From a fresh filing, the walker asks the record which steps its state allows (``marknet steps``
or ``GET …/steps``), takes each one, and follows every state a step leads to. A step taken must
change something (a new entry in the procedure's log); a step refused must say why in one line;
a traceback or a 500 fails at once (``CrashError``). Steps a decision takes are taken by
deciding (accept and refuse); clock steps by ``marknet tick`` after their deadline.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from tests.steps.interfaces import Outcome

EARLIER = "RU502010000700001"  # LUKOIL in the seeded node: the right whose holder must consent
State = tuple[tuple[str, str], ...]  # (workflow, state) of every case of the record


class Interface(Protocol):
    def file(self, body: dict[str, Any], union: bool) -> str: ...

    def listing(self, record_id: str) -> dict[str, Any]: ...

    def step(self, record_id: str, action: str, role: str, details: dict[str, Any]
             ) -> Outcome: ...

    def decide(self, record_id: str, accept: bool, partial: bool) -> Outcome: ...

    def ask_consent(self, record_id: str, earlier: str) -> Outcome: ...

    def tick(self, now: dt.date) -> Outcome: ...

    def due(self, record_id: str) -> dt.date | None: ...


@dataclass(frozen=True, slots=True)
class Move:
    via: str
    action: str
    role: str = ""
    details: tuple[tuple[str, Any], ...] = ()
    accept: bool = True
    partial: bool = False  # decide the first goods item only


@dataclass
class Walk:
    """What the walk did: per (workflow, action), "taken" or the refusal's message."""

    taken: dict[tuple[str, str], str] = field(default_factory=dict)
    refused: dict[tuple[str, str], str] = field(default_factory=dict)
    states: set[State] = field(default_factory=set)


def details_for(step: dict[str, Any], samples: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for need in step["needs"]:
        choices = need.get("choices")
        out[need["name"]] = choices[0] if choices else samples[need["name"]]
    return out


def role_for(step: dict[str, Any]) -> str:
    for role in ("examiner", "applicant", "third_party"):
        if role in step["roles"]:
            return role
    return str(step["roles"][0])


def moves(listing: dict[str, Any], samples: dict[str, Any]) -> list[tuple[str, str, Move]]:
    """(workflow, action, move) for every step the listing offers a person or the clock."""
    out: list[tuple[str, str, Move]] = []
    decided: set[str] = set()
    for step in listing["steps"]:
        key = (step["workflow"], step["action"])
        if step["via"] == "step":
            move = Move("step", step["take_as"], role_for(step),
                        tuple(sorted(details_for(step, samples).items())))
            out.append((*key, move))
        elif step["via"] == "decision" and step["workflow"] not in decided:
            decided.add(step["workflow"])
            out += [(*key, Move("decision", "accept")),
                    (*key, Move("decision", "refuse", accept=False)),
                    (*key, Move("decision", "accept_first", partial=True))]
            if any(s["action"] == "require_consent" for s in listing["steps"]):
                out.append((*key, Move("decision", "consent")))
        if step["via"] == "clock" or (step["via"] == "step" and "clock" in step["roles"]):
            out.append((*key, Move("clock", step["action"])))
    return out


def state_of(listing: dict[str, Any]) -> State:
    return tuple(sorted((c["workflow"], c["state"]) for c in listing["cases"]))


def take(ui: Interface, record_id: str, move: Move) -> Outcome:
    if move.via == "step":
        return ui.step(record_id, move.action, move.role, dict(move.details))
    if move.via == "decision" and move.action == "consent":
        return ui.ask_consent(record_id, EARLIER)
    if move.via == "decision":
        return ui.decide(record_id, move.accept, move.partial)
    day = ui.due(record_id)
    if day is None:
        return Outcome(False, "no open deadline for the clock")
    return ui.tick(day + dt.timedelta(days=1))


def walk(ui: Interface, body: dict[str, Any], union: bool, samples: dict[str, Any],
         limit: int = 60) -> Walk:
    """Breadth first over the record's states; each state is reached again on a fresh filing
    by replaying the moves that first led to it."""
    done = Walk()
    paths: dict[State, list[Move]] = {}
    first = ui.file(body, union)
    start = state_of(ui.listing(first))
    paths[start] = []
    queue = [start]
    taken_at_filing = ui.listing(first)["taken"]
    done.taken.update({(t["workflow"], t["action"]): "taken" for t in taken_at_filing})
    while queue and len(done.states) < limit:
        state = queue.pop(0)
        done.states.add(state)
        record_id = _replay(ui, body, union, paths[state])
        listing = ui.listing(record_id)
        for workflow, action, move in moves(listing, samples):
            if state_of(listing) != state:  # the last move changed it: start again
                record_id = _replay(ui, body, union, paths[state])
                listing = ui.listing(record_id)
            before = Counter(_entries(listing))
            outcome = take(ui, record_id, move)
            listing = ui.listing(record_id)
            if not outcome.ok:
                message = str(outcome.body)
                assert message.strip(), f"{workflow}.{action} refused without a reason"
                assert "\n" not in message.strip(), message
                done.refused.setdefault((workflow, action), message)
                continue
            new = Counter(_entries(listing)) - before
            assert new, f"{workflow}.{action} from {state} changed nothing and said nothing"
            done.taken.update({(wf, name): "taken" for wf, name, *_ in new})
            if move.via == "step" and move.action == action:  # done under another name
                done.taken[(workflow, action)] = "taken"
            reached = state_of(listing)
            if reached not in paths:
                paths[reached] = [*paths[state], move]
                queue.append(reached)
    return done


def _entries(listing: dict[str, Any]) -> list[tuple[str, ...]]:
    """The log's entries, as a multiset: the clock's steps in another time may sort first."""
    return [tuple(str(t[k]) for k in ("workflow", "action", "from_state", "to_state",
                                       "effective_date")) for t in listing["taken"]]


def _replay(ui: Interface, body: dict[str, Any], union: bool, path: list[Move]) -> str:
    record_id = ui.file(body, union)
    for move in path:
        outcome = take(ui, record_id, move)
        assert outcome.ok, f"replaying {move} on {record_id}: {outcome.body}"
    return record_id
