"""Browsing a node's registers and publications, and managing watches, from the shell:
``records list``, ``publications``, ``watches add/list/remove``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

import typer
from rich.table import Table

from marknet.api.v1.publications import SECTIONS, bulletin, bulletin_dates
from marknet.api.v1.records import summary
from marknet.cli.api_commands import watches_app
from marknet.cli.common import DatabaseUrl, DataDir, JsonFlag, as_json, console, print_json
from marknet.cli.search_commands import Classes, Offices, Statuses, Vienna
from marknet.errors import InputError
from marknet.model.accessors import classes_of
from marknet.node import open_node
from marknet.search import Filters
from marknet.search.query import make_filters
from marknet.store import RecordFilter

records_app = typer.Typer(no_args_is_help=True, help="The records of every register held.")
Limit = Annotated[int, typer.Option(min=1, max=100_000, help="At most this many.")]
User = Annotated[str, typer.Option("--user", help="The user whose watches these are.")]


def register(app: typer.Typer) -> None:
    app.add_typer(records_app, name="records")
    app.command("publications")(publications)


@records_app.command("list")
def records_list(data_dir: DataDir = None, database_url: DatabaseUrl = None,
                 offices: Offices = None, statuses: Statuses = None, classes: Classes = None,
                 kind: Annotated[str | None, typer.Option(help="trademark or gi")] = None,
                 feature: Annotated[str | None, typer.Option(help="Word, Combined…")] = None,
                 filed_from: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
                 filed_to: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
                 vienna: Vienna = None, limit: Limit = 100, json: JsonFlag = False) -> None:
    """Records of every register the node holds, in id order, narrowed by the filters of
    marknet search (all of them checked first, every problem named at once)."""
    filters = make_filters(offices or (), statuses or (), classes or (), kind, feature,
                           filed_from, filed_to, vienna or ())
    where = RecordFilter(office=next(iter(filters.offices)) if len(filters.offices) == 1
                         else None, filed_since=filters.filed_from)
    found: list[dict[str, Any]] = []
    with open_node(data_dir, database_url) as node:
        for stored in node.store.iter_records(where):
            if _matches(stored.data, filters):
                found.append(summary(stored.data, stored.register))
                if len(found) == limit:
                    break
    if json:
        print_json(found)
        return
    table = Table("id", "office", "status", "filed", "classes", "text")
    for row in found:
        table.add_row(row["id"], row["office"], str(row.get("status", "")),
                      str(row.get("filing_date", "")), as_json(row.get("nice_classes", [])),
                      str(row.get("text", "")))
    console.print(table)
    if len(found) == limit:
        console.print(f"(the first {limit}; --limit shows more)")


def _matches(data: Mapping[str, Any], f: Filters) -> bool:
    kind = "gi" if data.get("record_type") == "gi" else "trademark"
    filed = str(data.get("filing_date", ""))
    codes = {str(c) for image in data.get("images") or [] for c in image.get("vienna_codes")
             or []}
    return ((not f.offices or data.get("office") in f.offices)
            and (not f.statuses or data.get("status") in f.statuses)
            and (not f.classes or not f.classes.isdisjoint(classes_of(data)))
            and (f.kind is None or f.kind == kind)
            and (f.feature is None or data.get("feature") == f.feature)
            and (f.filed_from is None or filed >= f.filed_from.isoformat())
            and (f.filed_to is None or filed <= f.filed_to.isoformat())
            and (not f.vienna or any(c == v or c.startswith(v + ".") for v in f.vienna
                                     for c in codes)))


def publications(data_dir: DataDir = None, database_url: DatabaseUrl = None,
                 office: Annotated[str | None, typer.Option(
                     help="Whose bulletin (default: this node's office)")] = None,
                 date: Annotated[str | None, typer.Option(
                     help="The day, YYYY-MM-DD (default: the latest with publications)")] = None,
                 json: JsonFlag = False) -> None:
    """The bulletin of one day: applications, registrations, renewals and expiries published
    (public data only), and the other days that have one."""
    with open_node(data_dir, database_url) as node:
        code = (office or node.office).strip().upper()
        make_filters(offices=[code])  # an unknown office is refused, naming valid ones
        dates = bulletin_dates(node.store, code)
        if date is not None:
            try:
                day = dt.date.fromisoformat(date)
            except ValueError as exc:
                raise InputError(f"--date must be a date YYYY-MM-DD, not {date!r}") from exc
        elif dates:
            day = dt.date.fromisoformat(dates[0])
        else:
            raise InputError(f"{code} has published nothing in the registers this node holds")
        out = {**bulletin(node.store, code, day), "dates": dates}
    if json:
        print_json(out)
        return
    console.print(f"{code} bulletin of {out['date']}", highlight=False)
    for section in SECTIONS:
        entries = out[section]
        console.print(f"  {section}: {len(entries)}", highlight=False)
        for entry in entries:
            console.print(f"    {entry['id']}  {entry.get('text', '')}", highlight=False,
                          markup=False)
    if dates:
        console.print(f"  other days: {', '.join(d for d in dates[:10] if d != out['date'])}",
                      highlight=False)


@watches_app.command("add")
def watches_add(query: Annotated[str, typer.Option(help="The sign to watch for.")],
                user: User, classes: Classes = None,
                threshold: Annotated[float, typer.Option(
                    help="Score a new filing must reach (0..1]")] = 0.7,
                webhook: Annotated[str | None, typer.Option(
                    help="POST each notification here (https; private addresses refused)")]
                = None,
                data_dir: DataDir = None, database_url: DatabaseUrl = None,
                json: JsonFlag = False) -> None:
    """Watch new filings in every register held for signs like QUERY in these classes."""
    from marknet.accounts.users import get_user
    from marknet.watch import create_watch
    from marknet.watch.watches import check_webhook

    with open_node(data_dir, database_url) as node:
        owner = get_user(node.store, user)
        url = check_webhook(webhook, allow_private=False) if webhook else None
        watch = create_watch(node.store, owner.id, query=query, record_id=None,
                             classes=list(classes or []), threshold=threshold, webhook_url=url)
    info = {"id": watch.id, "user": owner.username, "query": watch.query,
            "classes": list(watch.classes), "threshold": watch.threshold,
            "webhook": watch.webhook_url}
    if json:
        print_json(info)
    else:
        console.print(f"watch {watch.id} for {owner.username}: {watch.query} "
                      f"{as_json(list(watch.classes))} at {watch.threshold}", highlight=False)


@watches_app.command("list")
def watches_list(user: Annotated[str | None, typer.Option(
                     "--user", help="Only this user's watches")] = None,
                 data_dir: DataDir = None, database_url: DatabaseUrl = None,
                 json: JsonFlag = False) -> None:
    """Active watches, oldest first."""
    from marknet.accounts.users import get_user
    from marknet.watch import list_watches

    with open_node(data_dir, database_url) as node:
        owner = get_user(node.store, user).id if user else None
        watches: list[dict[str, Any]] = [{"id": w.id, "user_id": w.user_id, "query": w.query,
                    "classes": list(w.classes), "threshold": w.threshold,
                    "webhook": w.webhook_url, "created_at": w.created_at}
                   for w in list_watches(node.store, owner)]
    if json:
        print_json(watches)
        return
    table = Table("id", "query", "classes", "threshold", "webhook")
    for w in watches:
        table.add_row(w["id"], w["query"], as_json(w["classes"]), str(w["threshold"]),
                      w["webhook"] or "")
    console.print(table)


@watches_app.command("remove")
def watches_remove(watch_id: Annotated[str, typer.Argument(help="From marknet watches list")],
                   user: User, data_dir: DataDir = None, database_url: DatabaseUrl = None,
                   json: JsonFlag = False) -> None:
    """Stop a watch."""
    from marknet.accounts.users import get_user
    from marknet.watch import delete_watch

    with open_node(data_dir, database_url) as node:
        delete_watch(node.store, get_user(node.store, user).id, watch_id.strip())
    if json:
        print_json({"id": watch_id, "removed": True})
    else:
        console.print(f"watch {watch_id} removed", highlight=False)
