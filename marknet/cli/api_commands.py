"""API commands: users and tokens of the HTTP API and pages, the watch worker, the API bench."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from marknet.cli.bench import _report
from marknet.cli.bench import app as bench_app
from marknet.cli.common import DatabaseUrl, DataDir, JsonFlag, console, print_json
from marknet.errors import InputError
from marknet.node import open_node

users_app = typer.Typer(no_args_is_help=True, help="Users of the API and pages, with roles.")
watches_app = typer.Typer(no_args_is_help=True, help="Watches on new filings.")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.add_typer(watches_app, name="watches")
    bench_app.command("api")(bench_api)


Password = Annotated[str, typer.Option(
    envvar="MARKNET_USER_PASSWORD", prompt=True, hide_input=True,
    help="At least 8 characters; stored as an argon2id hash.")]


@users_app.command("add")
def users_add(username: Annotated[str, typer.Argument(help="a-z 0-9 . _ @ -")],
              role: Annotated[str, typer.Option(help="applicant, examiner or admin")],
              password: Password,
              office: Annotated[str | None, typer.Option(
                  help="The examiner's office (ST.3), e.g. RU")] = None,
              data_dir: DataDir = None, database_url: DatabaseUrl = None,
              json: JsonFlag = False) -> None:
    """Create a user who signs in to the pages or gets API tokens."""
    from marknet.accounts.users import add_user

    with open_node(data_dir, database_url) as node:
        user = add_user(node.store, username, password, role, office)
    info = {"username": user.username, "role": user.role.value, "office": user.office}
    print_json(info) if json else console.print(
        f"user {user.username} ({user.role.value}{', ' + user.office if user.office else ''})")


@users_app.command("list")
def users_list(data_dir: DataDir = None, database_url: DatabaseUrl = None,
               json: JsonFlag = False) -> None:
    """Users, their roles and offices."""
    from marknet.accounts.users import list_users

    with open_node(data_dir, database_url) as node:
        users = [{"username": u.username, "role": u.role.value, "office": u.office}
                 for u in list_users(node.store)]
    if json:
        print_json(users)
        return
    for user in users:
        console.print(f"{user['username']:24} {user['role']:10} {user['office'] or ''}",
                      markup=False, highlight=False)


@users_app.command("disable")
def users_disable(username: str, data_dir: DataDir = None,
                  database_url: DatabaseUrl = None) -> None:
    """Disable a user and revoke their tokens and sessions."""
    from marknet.accounts.users import disable_user

    with open_node(data_dir, database_url) as node:
        disable_user(node.store, username)
    console.print(f"user {username} disabled")


@users_app.command("token")
def users_token(username: str,
                days: Annotated[int, typer.Option(min=1, max=3650)] = 90,
                data_dir: DataDir = None, database_url: DatabaseUrl = None,
                json: JsonFlag = False) -> None:
    """Issue an API bearer token for a user (shown once)."""
    from marknet.accounts.users import get_user, issue_token

    with open_node(data_dir, database_url) as node:
        user = get_user(node.store, username)
        token, _ = issue_token(node.store, user, "api", dt.timedelta(days=days))
    print_json({"username": user.username, "token": token, "days": days}) if json else \
        console.print(token, markup=False, highlight=False)


@watches_app.command("scan")
def watches_scan(data_dir: DataDir = None, database_url: DatabaseUrl = None,
                 json: JsonFlag = False) -> None:
    """Look for new filings now and deliver due webhooks (the server does this on its own)."""
    from marknet.api.v1.settings import load_api_settings
    from marknet.watch import WatchService

    with open_node(data_dir, database_url) as node:
        added = WatchService(node.store, load_api_settings()).run_once()
    print_json({"notifications": added}) if json else console.print(
        f"{added} new notifications")


def bench_api(records: Annotated[int, typer.Option("--records", min=1)] = 100_000,
              clients: Annotated[int, typer.Option("--clients", min=1, max=1000)] = 50,
              seconds: Annotated[float, typer.Option("--seconds", min=1)] = 20.0,
              workers: Annotated[int, typer.Option(
                  "--search-workers", min=0, max=64,
                  help="Search processes of the node (0: in the server process)")] = 0,
              data_dir: Annotated[Path | None, typer.Option(
                  "--data-dir", help="Drive this node instead of a fresh generated one")]
              = None,
              queries: Annotated[int, typer.Option(
                  "--queries", min=20, help="Distinct queries, asked as often as Zipf's law "
                  "says")] = 10_000,
              processes: Annotated[int, typer.Option(
                  "--processes", min=0, max=64,
                  help="HTTP processes of the node (0: one per core)")] = 0,
              cold: Annotated[bool, typer.Option(
                  "--cold", help="Ask every query once: the engine without its answer cache")]
              = False, json: JsonFlag = False) -> None:
    """Search over loopback with concurrent clients: requests/s, p50 and p95 latency."""
    from marknet.bench.api_bench import bench_api as run

    if data_dir is not None and not data_dir.exists():
        raise InputError(f"no node at {data_dir}")
    _report(run(records, clients, seconds, data_dir, workers, queries, cold, processes), json)
