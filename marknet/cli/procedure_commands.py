"""Procedure commands: file, step, examine, decide, deadlines, tick, history."""

from __future__ import annotations

import datetime as dt
import json as jsonlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from marknet.cli.common import DatabaseUrl, DataDir, JsonFlag, as_json, console, print_json
from marknet.errors import InputError
from marknet.node import open_node
from marknet.procedure import (
    Actor,
    Decision,
    Procedures,
    Role,
    advance,
    decide,
    examine,
    file,
    history,
    open_procedures,
    service,
    tick,
)
from marknet.procedure.bridge import ExchangeTransport
from marknet.procedure.examine import index_finder
from marknet.procedure.steps import allowed as allowed_steps
from marknet.register import Register

Examiner = Annotated[str, typer.Option("--examiner", envvar="MARKNET_EXAMINER",
                                       help="The examiner's name (recorded on the decision).")]


def register(app: typer.Typer) -> None:
    app.command("file")(file_)
    app.command("step")(step)
    app.command("steps")(steps_)
    app.command("examine")(examine_)
    app.command("decide")(decide_)
    app.command("deadlines")(deadlines)
    app.command("tick")(tick_)
    app.command("history")(history_)


@contextmanager
def _procedures(data_dir: Path | None, database_url: str | None,
                now: dt.datetime | None = None) -> Iterator[Procedures]:
    with open_node(data_dir, database_url) as node:
        clock: Callable[[], dt.datetime] | None = (lambda: now) if now is not None else None
        register_ = Register(node.store, node.office, clock) if clock else node.register
        p = open_procedures(node.store, register_, node.settings.procedure, clock)
        p.transport = ExchangeTransport(p)
        p.finder = index_finder(node.settings.data_dir / "index")
        yield p
        # Messages to this office itself are handled now; partners' go to the exchange's
        # outbox, which ``marknet serve`` delivers.
        p.flush()


def file_(path: Annotated[Path, typer.Argument(help="The application as JSON.")],
          data_dir: DataDir = None, database_url: DatabaseUrl = None,
          eaeu: Annotated[bool, typer.Option("--eaeu", help="A Union (EAEU) application, with "
                                             "this office as the filing office.")] = False,
          json: JsonFlag = False) -> None:
    """File an application: national, or Union (--eaeu).

    Examples of each kind are in the repository's examples/ folder:
    national-trademark.json, union-trademark.json (with --eaeu) and gi.json.
    """
    try:
        data = jsonlib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    applicant = _applicant_name(data)
    with _procedures(data_dir, database_url) as p:
        case = file(p, data, Actor(Role.APPLICANT, applicant), eaeu_flag=eaeu)
    out = {"id": case.record_id, "procedure": case.workflow, "state": case.state}
    if json:
        print_json(out)
    else:
        console.print(f"filed {case.record_id} ({case.workflow}), now {case.state}")


def _applicant_name(data: Any) -> str:
    parties = data.get("parties") if isinstance(data, dict) else None
    for party in parties or []:
        if isinstance(party, dict) and party.get("name"):
            return str(party["name"])
    return "applicant"


def step(record_id: Annotated[str, typer.Argument(help="ST.13 id")],
         action: Annotated[str, typer.Argument(help="A step of the procedure's table: "
                                               "pass_formal, publish, reply, pay_fee, register, "
                                               "renew, argue, conclude, withdraw…")],
         role: Annotated[str, typer.Option("--as", help="applicant, examiner, third_party")]
         = "examiner",
         name: Annotated[str, typer.Option("--name", help="Who acts.")] = "examiner",
         text: Annotated[str | None, typer.Option(help="Arguments, reply or observation.")]
         = None,
         office: Annotated[list[str] | None, typer.Option(
             "--office",
             help="The office addressed (argue, consent) or converted to (convert).")] = None,
         certificate: Annotated[str | None, typer.Option(
             help="The producer's certificate (its request number).")] = None,
         data: Annotated[str | None, typer.Option(
             "--data", help="More details as a JSON object, or @file.json: producer, "
             "conclusion, grounds… (marknet steps ID lists what each step needs)")] = None,
         data_dir: DataDir = None, database_url: DatabaseUrl = None,
         json: JsonFlag = False) -> None:
    """Take one step of a record's procedure (checked against its table)."""
    try:
        who = Role(role)
    except ValueError as exc:
        raise InputError(f"--as must be applicant, examiner or third_party, not {role}") from exc
    details: dict[str, Any] = _details(data)
    if text:
        details["text"] = text
    if office:
        details["office"] = office[0].upper()
        details["offices"] = [o.upper() for o in office]
    if certificate:
        details["certificate"] = certificate.strip()
    with _procedures(data_dir, database_url) as p:
        actor = Actor(who, name, p.office if who is Role.EXAMINER else "")
        case = advance(p, record_id.strip().upper(), action, actor, details)
    if json:
        print_json({"id": case.record_id, "procedure": case.workflow, "state": case.state})
    else:
        console.print(f"{case.record_id}: {action} done, now {case.state}")


def _details(data: str | None) -> dict[str, Any]:
    if not data:
        return {}
    try:
        raw = Path(data[1:]).read_text(encoding="utf-8") if data.startswith("@") else data
        value = jsonlib.loads(raw)
    except (OSError, ValueError) as exc:
        raise InputError(f"--data: cannot read {data[:80]!r}: {exc}") from exc
    if not isinstance(value, dict):
        raise InputError("--data must be a JSON object")
    return value


def steps_(record_id: Annotated[str, typer.Argument(help="ST.13 id")],
           data_dir: DataDir = None, database_url: DatabaseUrl = None,
           json: JsonFlag = False) -> None:
    """The steps the record's current state allows: who may take each, how, what it needs."""
    with _procedures(data_dir, database_url) as p:
        listed = allowed_steps(p, record_id.strip().upper())
    if json:
        print_json(listed)
        return
    for s in listed["steps"]:
        needs = ", ".join(n["name"] for n in s["needs"])
        console.print(f"{s['workflow']} [{s['state']}] {s['take_as']} -> {s['target']}  "
                      f"by {'/'.join(s['roles'])} via {s['via']}"
                      + (f"  needs {needs}" if needs else ""), markup=False, highlight=False)
    if not listed["steps"]:
        states = ", ".join(f"{c['workflow']}: {c['state']}" for c in listed["cases"])
        console.print(f"no step is open ({states})", markup=False, highlight=False)


def examine_(record_id: Annotated[str, typer.Argument(help="ST.13 id")],
             data_dir: DataDir = None, database_url: DatabaseUrl = None,
             json: JsonFlag = False) -> None:
    """Conflict report per goods item against every register and GI the node holds."""
    with _procedures(data_dir, database_url) as p:
        report = examine(p, record_id.strip().upper())
    if json:
        print_json(report.to_dict())
        return
    console.print(f"[bold]{report.record_id}[/bold] examined at {report.office} "
                  f"({report.engine})", highlight=False)
    for item in report.goods:
        console.print(f"  class {item.nice_class}: {len(item.conflicts)} earlier right(s)")
        for c in item.conflicts:
            held = f" (held by {', '.join(c.holders)})" if c.holders else ""
            console.print(f"    {c.earlier_id} {c.text} [{c.office}, {c.status}] "
                          f"score {c.score:.2f}: {c.ground}{held}", markup=False,
                          highlight=False)
            for criterion, why in c.why.items():
                console.print(f"      {criterion}: {why['reason']}", markup=False,
                              highlight=False)


def decide_(record_id: Annotated[str, typer.Argument(help="ST.13 id")],
            accept: Annotated[bool, typer.Option("--accept")] = False,
            refuse: Annotated[bool, typer.Option("--refuse")] = False,
            consent_needed: Annotated[bool, typer.Option(
                "--consent-needed", help="EAEU: refuse --goods for the --cite'd rights unless "
                "their holder consents (asks the filing office for the letter, MSG.035)")]
            = False,
            goods: Annotated[str | None, typer.Option(
                "--goods", help="Nice classes, comma-separated (default: every goods item)")]
            = None,
            grounds: Annotated[str, typer.Option("--grounds")] = "",
            cite: Annotated[list[str] | None, typer.Option(
                "--cite", help="Earlier right (ST.13 id) the decision cites; repeatable")] = None,
            office: Annotated[str | None, typer.Option(
                "--office", help="The office whose examination this is (default: this node)")]
            = None,
            examiner: Examiner = "examiner",
            data_dir: DataDir = None, database_url: DatabaseUrl = None,
            json: JsonFlag = False) -> None:
    """Record an examiner's decision per goods item, with grounds and cited earlier rights."""
    if sum((accept, refuse, consent_needed)) != 1:
        raise InputError("give exactly one of --accept, --refuse or --consent-needed")
    classes = _classes(goods)
    if consent_needed:
        with _procedures(data_dir, database_url) as p:
            case = service.require_consent(p, record_id.strip().upper(), classes,
                                   tuple(c.strip().upper() for c in cite or []),
                                   Actor(Role.EXAMINER, examiner, p.office))
        if json:
            print_json({"id": case.record_id, "procedure": case.workflow, "state": case.state})
        else:
            console.print(f"{case.record_id}: consent letter requested, now {case.state}")
        return
    with _procedures(data_dir, database_url) as p:
        decision = Decision(Actor(Role.EXAMINER, examiner, p.office), accept, classes, grounds,
                            tuple(c.strip().upper() for c in cite or []))
        case = decide(p, record_id.strip().upper(), decision, office)
    if json:
        print_json({"id": case.record_id, "procedure": case.workflow, "state": case.state,
                    "decisions": case.data.get("decisions", {})})
    else:
        console.print(f"{case.record_id}: decision recorded, now {case.state}")


def _classes(goods: str | None) -> tuple[int, ...]:
    if not goods:
        return ()
    try:
        return tuple(int(g) for g in goods.replace(" ", "").split(",") if g)
    except ValueError as exc:
        raise InputError(f"--goods takes Nice classes like 9,25, not {goods!r}") from exc


def deadlines(due_before: Annotated[str | None, typer.Option(
                  "--due-before", help="Only deadlines due before this date (YYYY-MM-DD)")]
              = None,
              data_dir: DataDir = None, database_url: DatabaseUrl = None,
              json: JsonFlag = False) -> None:
    """Open deadlines, soonest first; [check] marks values not confirmed in the law's text."""
    before = None
    if due_before is not None:
        try:
            before = dt.date.fromisoformat(due_before)
        except ValueError as exc:
            raise InputError(f"--due-before must be YYYY-MM-DD, not {due_before!r}") from exc
    with _procedures(data_dir, database_url) as p:
        rows = [r.to_dict() for r in p.db.deadlines(before)]
    if json:
        print_json(rows)
        return
    for r in rows:
        act = f" -> {r['clock_action']}" if r["clock_action"] else ""
        console.print(f"{r['due']}  {r['record_id']}  {r['workflow']}.{r['name']}{act}  "
                      f"{r['rule']}", markup=False, highlight=False)
    if not rows:
        console.print("no open deadlines")


def tick_(now: Annotated[str | None, typer.Option(
              "--now", help="Run as if it were this moment (ISO date or datetime)")] = None,
          data_dir: DataDir = None, database_url: DatabaseUrl = None,
          json: JsonFlag = False) -> None:
    """Run every clock transition that is due (idempotent: a second run does nothing)."""
    moment = _moment(now) if now else None
    with _procedures(data_dir, database_url, moment) as p:
        report = tick(p)
    if json:
        print_json(report.to_dict())
        return
    for done in report.done:
        console.print(f"{done['record_id']}: {done['action']}", highlight=False)
    for skipped in report.skipped:
        console.print(f"{skipped['record_id']}: {skipped['action']} not done: "
                      f"{skipped['reason']}", markup=False, highlight=False)
    console.print(f"{len(report.done)} clock step(s) at {report.now}")


def _moment(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"--now must be an ISO date or datetime, not {text!r}") from exc
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def history_(record_id: Annotated[str, typer.Argument(help="ST.13 id")],
             data_dir: DataDir = None, database_url: DatabaseUrl = None,
             json: JsonFlag = False) -> None:
    """A record's procedure at this node: legal events, steps, decisions, deadlines, messages."""
    with _procedures(data_dir, database_url) as p:
        out = history(p, record_id.strip().upper())
    if json:
        print_json(out)
        return
    states = ", ".join(f"{c['workflow']}: {c['state']}" for c in out["cases"])
    console.print(f"[bold]{out['record_id']}[/bold]  {states}", highlight=False)
    for s in out["steps"]:
        event = f" [{s['event_type']}]" if s["event_type"] else ""
        console.print(f"  {s['effective_date']}  {s['workflow']}.{s['action']}: "
                      f"{s['from_state']} -> {s['to_state']}  by {s['actor']}{event}",
                      markup=False, highlight=False)
    for d in out["decisions"]:
        console.print(f"  decision {d['decided_on']} {d['office']} {d['examiner']}: "
                      f"{as_json(d['goods'])} grounds={as_json(d['grounds'])} "
                      f"cited={as_json(d['cited'])}",
                      markup=False, highlight=False)
    for m in out["messages"]:
        console.print(f"  message {m['direction']} {m['code']} {m['office']} {m['at']}",
                      markup=False, highlight=False)
    if out["unified_register"]:
        entry = out["unified_register"]
        console.print(f"  Unified Register {entry['registration_number']}: {entry['status']} "
                      f"(code {entry['status_code']}), expires {entry['expiry_date']}",
                      markup=False, highlight=False)
