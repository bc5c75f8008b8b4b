"""Exchange commands: serve, peers, keys rotate, send, outbox, inbox, bench exchange/replicate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from marknet.cli.bench import _report
from marknet.cli.bench import app as bench_app
from marknet.cli.common import (
    DatabaseUrl,
    DataDir,
    JsonFlag,
    as_json,
    console,
    err_console,
    print_json,
)
from marknet.cli.indexing import prepare_index
from marknet.cli.node_commands import keys_app
from marknet.errors import InputError
from marknet.exchange import inbox, outbox
from marknet.exchange.envelope import CONTENT_TYPES, JSON, check_payload
from marknet.exchange.handlers import MESSAGE_TYPES
from marknet.exchange.peers import (
    Peer,
    add_peer,
    check_office,
    get_peer,
    list_peers,
    remove_peer,
    revoke_peer_key,
)
from marknet.node import open_node

# Shown by `marknet outbox` for a queued message whose recipient is no partner (any more).
UNDELIVERABLE = "undeliverable"

peers_app = typer.Typer(no_args_is_help=True, help="Partner offices and their keys.")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(peers_app, name="peers")
    keys_app.command("rotate")(keys_rotate)
    keys_app.command("revoke")(keys_revoke)
    app.command("send")(send)
    app.command("outbox")(outbox_command)
    app.command("inbox")(inbox_command)
    bench_app.command("exchange")(bench_exchange)
    bench_app.command("replicate")(bench_replicate)


def serve(data_dir: DataDir = None, database_url: DatabaseUrl = None,
          host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=0, max=65535)] = 8000,
          log_level: Annotated[str, typer.Option(help="uvicorn log level")] = "warning",
          processes: Annotated[int | None, typer.Option(
              "--processes", min=1, max=64, help="HTTP processes sharing the port (default: "
              "MARKNET_API_PROCESSES, else 1); one per core the node may use")] = None) -> None:
    """Run the node's HTTP service (exchange, feed, API, pages, OpenAPI) until interrupted."""
    from marknet.api.serving import bind
    from marknet.api.serving import serve as serve_node
    from marknet.api.v1.settings import load_api_settings

    with open_node(data_dir, database_url) as node:  # refuses an uninitialised directory
        settings = node.settings
        prepare_index(node)  # before listening: no one's first search waits for it
    count = processes or load_api_settings().processes
    try:
        sock = bind(host, port, share=count > 1)
    except OSError as exc:  # a taken port is a one-line error, not a traceback
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    err_console.print(f"marknet {settings.office} node serving on http://{host}:{port} "
                      f"with {count} process{'es' if count > 1 else ''} (OpenAPI: /docs)",
                      highlight=False)
    serve_node(settings, sock, count, log_level)


@peers_app.command("add")
def peers_add(office: Annotated[str, typer.Option(help="The partner's ST.3 code, e.g. BY")],
              url: Annotated[str, typer.Option(help="The partner node's base URL")],
              key: Annotated[str, typer.Option(help="Its public key (marknet keys show)")],
              data_dir: DataDir = None, database_url: DatabaseUrl = None,
              json: JsonFlag = False) -> None:
    """Register a partner office (or a new key or URL of one). This is the out-of-band
    confirmation of a key the partner announced: compare its fingerprint with the partner
    first; the key that announced it is then retired."""
    with open_node(data_dir, database_url) as node:
        peer = add_peer(node.store, office, url, key, node.office)
    _print_peer(peer, json)


@peers_app.command("revoke")
def peers_revoke(office: Annotated[str, typer.Option(help="The partner's ST.3 code, e.g. BY")],
                 key: Annotated[str, typer.Option(help="The key's fingerprint")],
                 data_dir: DataDir = None, database_url: DatabaseUrl = None,
                 json: JsonFlag = False) -> None:
    """Stop trusting a partner key for good (compromised): it verifies nothing any more."""
    with open_node(data_dir, database_url) as node:
        revoke_peer_key(node.store, office, key)
        peer = get_peer(node.store, office.strip().upper())
    assert peer is not None
    _print_peer(peer, json)


def _print_peer(peer: Peer, json: bool) -> None:
    info = {"office": peer.office, "url": peer.url,
            "keys": [{"fingerprint": k.fingerprint, "status": k.status} for k in peer.keys]}
    if json:
        print_json(info)
    else:
        console.print(f"partner {peer.office} at {peer.url}; keys: " + ", ".join(
            f"{k.fingerprint} ({k.status})" for k in peer.keys), highlight=False)


@peers_app.command("remove")
def peers_remove(office: Annotated[str, typer.Option(help="The partner's ST.3 code, e.g. BY")],
                 data_dir: DataDir = None, database_url: DatabaseUrl = None,
                 json: JsonFlag = False) -> None:
    """Stop exchanging with a partner (its mirrored register is kept; messages still queued
    for it are shown as undeliverable by marknet outbox)."""
    with open_node(data_dir, database_url) as node:
        peer = remove_peer(node.store, office)
    if json:
        print_json({"office": peer.office, "url": peer.url, "removed": True})
    else:
        console.print(f"partner {peer.office} at {peer.url} removed", highlight=False)


@peers_app.command("list")
def peers_list(data_dir: DataDir = None, database_url: DatabaseUrl = None,
               json: JsonFlag = False) -> None:
    """Partners, their keys, mirror heads and outbox counts."""
    with open_node(data_dir, database_url) as node:
        counts = outbox.counts(node.store)
        peers: list[dict[str, Any]] = [{"office": p.office, "url": p.url,
                  "keys": [{"fingerprint": k.fingerprint, "public_key": k.public_key,
                            "added_at": k.added_at, "status": k.status,
                            "retired_at": k.retired_at} for k in p.keys],
                  "mirror_seq": node.store.head(p.office).seq,
                  "mirror_hash": node.store.head(p.office).hash,
                  "outbox": counts.get(p.office, {})} for p in list_peers(node.store)]
    if json:
        print_json(peers)
        return
    table = Table("office", "url", "keys", "mirror seq", "outbox")
    for p in peers:
        table.add_row(p["office"], p["url"], "\n".join(f"{k['fingerprint']} ({k['status']})"
                                                       for k in p["keys"]),
                      str(p["mirror_seq"]),
                      ", ".join(f"{k} {v}" for k, v in sorted(p["outbox"].items())) or "-")
    console.print(table)


def keys_rotate(data_dir: DataDir = None, database_url: DatabaseUrl = None,
                json: JsonFlag = False) -> None:
    """Make a new signing key and retire the previous one (it signs nothing more; partners
    verify with it only what it signed before). Every partner is told of the new key in a
    message signed with the previous one, and trusts it once its operator confirms it out of
    band (marknet peers add --key)."""
    from marknet.exchange.service import rotate_keys

    with open_node(data_dir, database_url) as node:
        previous, new = rotate_keys(node.store, node.office, node.settings.keys_dir)
        told = [p.office for p in list_peers(node.store)]
    info = {"key_id": new.key_id, "public_key": new.public_b64, "fingerprint": new.fingerprint,
            "previous": previous.key_id, "announced_to": told}
    if json:
        print_json(info)
    else:
        console.print(f"active key {new.key_id}  {new.public_b64}  {new.fingerprint}")
        console.print(f"previous key {previous.key_id} retired; announced to "
                      f"{', '.join(told) or 'no partners yet'}: ask each to confirm the "
                      f"fingerprint {new.fingerprint} out of band")


def keys_revoke(key_id: Annotated[str, typer.Argument(help="The key id (marknet keys show)")],
                data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """Revoke a retired key of this node (compromised): it signs nothing any more. Ask the
    partners to revoke it too (marknet peers revoke)."""
    from marknet.exchange.keys import KeyRing

    with open_node(data_dir, database_url) as node:
        KeyRing(node.settings.keys_dir).revoke(key_id)
    console.print(f"key {key_id} revoked", highlight=False)


def send(to: Annotated[str, typer.Option("--to", help="Recipient office")],
         type: Annotated[str, typer.Option("--type", help="Message code, e.g. MSG.058")],
         payload: Annotated[str, typer.Option(help="The payload, or @FILE to read it")],
         content_type: Annotated[str, typer.Option(help="application/json or application/xml")]
         = JSON,
         in_reply_to: Annotated[str | None, typer.Option(help="Id of the answered message")]
         = None,
         data_dir: DataDir = None, database_url: DatabaseUrl = None,
         json: JsonFlag = False) -> None:
    """Put one message in the outbox; the serving node delivers it."""
    if type not in MESSAGE_TYPES:
        raise InputError(f"unknown message type {type!r}: one of {', '.join(MESSAGE_TYPES)}")
    if content_type not in CONTENT_TYPES:
        raise InputError(f"--content-type must be one of {', '.join(sorted(CONTENT_TYPES))}")
    text = Path(payload[1:]).read_text(encoding="utf-8") if payload.startswith("@") else payload
    check_payload(text, content_type)
    with open_node(data_dir, database_url) as node:
        envelope = outbox.enqueue(node.store, node.office, outbox.Outgoing(
            check_office(to), type, text, content_type, in_reply_to))
        partner = get_peer(node.store, envelope.recipient) is not None
    if not partner:
        err_console.print(f"note: {envelope.recipient} is not a partner of this node, so the "
                          "message cannot be delivered until it is added (marknet peers add)",
                          highlight=False)
    if json:
        print_json({"id": envelope.id, "seq": envelope.seq, "recipient": envelope.recipient})
    else:
        console.print(f"queued {envelope.type} {envelope.id} for {envelope.recipient} "
                      f"(seq {envelope.seq})", highlight=False)


def outbox_command(status: Annotated[str | None, typer.Option(
                       help="pending, delivered or failed")] = None,
                   limit: Annotated[int, typer.Option(min=0)] = 20,
                   retry_failed: Annotated[bool, typer.Option(
                       help="Put failed messages back in the queue")] = False,
                   data_dir: DataDir = None, database_url: DatabaseUrl = None,
                   json: JsonFlag = False) -> None:
    """Outgoing messages: counts per partner and status, and the latest ones."""
    _check_status(status, (outbox.PENDING, outbox.DELIVERED, outbox.FAILED))
    with open_node(data_dir, database_url) as node:
        requeued = outbox.retry_failed(node.store) if retry_failed else 0
        info: dict[str, Any] = {"counts": outbox.counts(node.store),
                                "messages": outbox.listing(node.store, status, limit)}
        partners = {p.office for p in list_peers(node.store)}
    for message in info["messages"]:
        if message["status"] == outbox.PENDING and message["recipient"] not in partners:
            message["status"] = UNDELIVERABLE
            message["last_error"] = (f"{message['recipient']} is not a partner of this node "
                                     "(marknet peers add)")
    if requeued:
        info["requeued"] = requeued
    _show(info, json, ("id", "recipient", "seq", "type", "status", "attempts", "last_error"))


def inbox_command(status: Annotated[str | None, typer.Option(
                      help="received, processed, failed or rejected")] = None,
                  limit: Annotated[int, typer.Option(min=0)] = 20,
                  data_dir: DataDir = None, database_url: DatabaseUrl = None,
                  json: JsonFlag = False) -> None:
    """Incoming messages: accepted by status, refusals by reason, and the latest ones."""
    _check_status(status, (inbox.RECEIVED, inbox.PROCESSED, inbox.FAILED, "rejected"))
    with open_node(data_dir, database_url) as node:
        info = {"counts": inbox.counts(node.store),
                "messages": inbox.listing(node.store, status, limit)}
    columns = ("id", "at", "code", "sender", "detail") if status == "rejected" else (
        "id", "sender", "seq", "type", "status", "received_at")
    _show(info, json, columns)


def _check_status(status: str | None, allowed: tuple[str, ...]) -> None:
    if status is not None and status not in allowed:
        raise InputError(f"--status must be one of {', '.join(allowed)}, not {status!r}")


def _show(info: dict[str, Any], json: bool, columns: tuple[str, ...]) -> None:
    if json:
        print_json(info)
        return
    console.print(f"counts: {as_json(info['counts'])}", highlight=False, markup=False)
    if info.get("requeued"):
        console.print(f"requeued {info['requeued']} failed messages")
    table = Table(*columns)
    for message in info["messages"]:
        table.add_row(*("" if message.get(c) is None else str(message[c]) for c in columns))
    console.print(table)


def bench_exchange(messages: Annotated[int, typer.Option("--messages", min=1)] = 5000,
                   rate: Annotated[int, typer.Option(
                       help="Offered load, messages/s (0: all at once)")] = 1000,
                   json: JsonFlag = False) -> None:
    """Two real nodes on loopback: N signed messages RU → BY with receipts."""
    from marknet.bench.exchange_bench import bench_exchange as run

    _report(run(messages, rate), json)


def bench_replicate(records: Annotated[int, typer.Option("--records", min=1)] = 100_000,
                    json: JsonFlag = False) -> None:
    """Two real nodes on loopback: BY's register of N records pulled into RU's mirror."""
    from marknet.bench.exchange_bench import bench_replicate as run

    _report(run(records), json)
