"""Sample data and the demo: gen, demo (two live nodes exchanging and replicating)."""

from __future__ import annotations

import signal
import socket
import sys
import tempfile
import time
from itertools import chain
from pathlib import Path
from typing import Annotated, Any

import typer

from marknet.cli.common import Force, JsonFlag, console, print_json, refuse_overwrite
from marknet.cli.indexing import prepare_index
from marknet.cli.progress import progress
from marknet.errors import InputError
from marknet.formats.jsonl import write_jsonl
from marknet.images.ingest import ImageSource, attach_images
from marknet.model.codelists import is_office_code
from marknet.node import Node, init_node
from marknet.register import ImportItem
from marknet.sample.emblems import demo_emblems
from marknet.sample.generator import generate_records
from marknet.sample.gi_demo import demo_gi
from marknet.sample.gis import sample_gis
from marknet.sample.tour import LUKOIL_ID, tour_marks


def register(app: typer.Typer) -> None:
    app.command("gen")(gen)
    app.command("demo")(demo)


def gen(records: Annotated[int, typer.Option("--records", min=0, max=10_000_000)] = 1000,
        out: Annotated[Path, typer.Option("--out")] = Path("marks.jsonl"),
        office: Annotated[str, typer.Option(help="RU or BY")] = "RU",
        seed: Annotated[int, typer.Option(help="Same seed, same records")] = 1,
        gis: Annotated[bool, typer.Option(help="Append the office's sample GIs")] = False,
        force: Force = False, json: JsonFlag = False) -> None:
    """Generate realistic sample marks as JSON Lines (deterministic with --seed)."""
    office = office.upper()
    if not is_office_code(office):
        raise InputError(f"unknown office code {office!r}")
    refuse_overwrite(out, force=force)
    mappings = list(sample_gis(office)) if gis else []
    count = write_jsonl(chain(generate_records(records, seed, office), mappings), out)
    if json:
        print_json({"records": count, "out": str(out), "office": office, "seed": seed})
    else:
        console.print(f"wrote {count} records to {out}")


def demo(directory: Annotated[Path | None, typer.Option(
            "--dir", help="Where to create the nodes (default: a new temporary directory)")] = None,
         records: Annotated[int, typer.Option("--records", min=1)] = 50_000,
         seed: Annotated[int, typer.Option()] = 1,
         port: Annotated[int, typer.Option(
             help="RU listens here, BY on the next (0 or taken: free ports instead)")]
         = 8001,
         once: Annotated[bool, typer.Option(
             help="Stop after the first replication instead of running until interrupted")]
         = False,
         json: JsonFlag = False) -> None:
    """Two live nodes, RU and BY: generated registers and real GIs, each the other's partner,
    replicating; runs until interrupted (Ctrl-C), then stops both cleanly."""
    from marknet.exchange.local import pair

    base = directory or Path(tempfile.mkdtemp(prefix="marknet-demo-"))
    nodes: dict[str, dict[str, float]] = {}
    for office in ("RU", "BY"):
        started = time.perf_counter()
        node = init_node(base / office.lower(), office)
        with node:
            loaded = _load(node, records, seed)
            gi_id = demo_gi(node)
            loaded["indexed_s"] = prepare_index(node)["seconds"]
        loaded["seconds"] = round(time.perf_counter() - started, 1)
        nodes[office] = loaded
        if gi_id and not json:
            console.print(f"{office}: GI {gi_id} «Калужское тесто» run through its procedure "
                          f"2016-2025, two producers' rights, one renewed: marknet history "
                          f"{gi_id} --data-dir {base / office.lower()}", highlight=False,
                          soft_wrap=True)
        if not json:
            console.print(f"{office}: node in {base / office.lower()} — {loaded['imported']} "
                          f"records imported, {loaded['unchanged']} already there, "
                          f"{loaded['gis']} GIs, search index ready ({loaded['seconds']} s)")
    live = _live_nodes(base, port)
    pair(live)
    _serve(live, nodes, base, once, json)


def _live_nodes(base: Path, port: int) -> dict[str, Any]:
    from marknet.exchange.local import LocalNode, free_port

    ports = [port, port + 1] if port else [free_port(), free_port()]
    for i, wanted in enumerate(ports):
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
            try:
                sock.bind(("127.0.0.1", wanted))
            except OSError:
                ports[i] = free_port()
    return {office: LocalNode(base / office.lower(), p)
            for office, p in zip(("RU", "BY"), ports, strict=True)}


def _serve(live: dict[str, Any], loaded: dict[str, dict[str, float]], base: Path, once: bool,
           json: bool) -> None:
    from marknet.exchange.local import wait_healthy

    def interrupted(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    # Explicit handlers: SIGINT may arrive ignored when started in the background.
    previous = {sig: signal.signal(sig, interrupted) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        started = time.perf_counter()
        for node in live.values():
            node.launch()  # both at once: each pulls the other as soon as it is up
        for node in live.values():
            wait_healthy(node.url, 60, node.process)
        _wait_replicated(live)
        synced = round(time.perf_counter() - started, 1)
        _tell(live, loaded, base, synced, json)
        while not once:
            time.sleep(1)
            for office, node in live.items():
                if node.process is not None and node.process.poll() is not None:
                    raise InputError(f"the {office} node stopped; see {node.data_dir}/serve.log")
    except KeyboardInterrupt:
        pass
    finally:
        for node in live.values():
            node.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if not json:
            console.print("stopped both nodes")


def _wait_replicated(live: dict[str, Any], timeout_s: float = 600.0) -> None:
    """Until each node's mirror of the other has the other's chain head (a progress bar of
    the events mirrored on a terminal)."""
    deadline = time.monotonic() + timeout_s
    heads = {o: n.exchange_get("/exchange/v1/identity")["feed_head"] for o, n in live.items()}
    with progress("replicating", sum(h["seq"] for h in heads.values())) as advance:
        mirrored = 0
        while time.monotonic() < deadline:
            status = {o: n.exchange_get("/exchange/v1/status") for o, n in live.items()}
            mirrors = [status[o]["mirrors"][other] for o in live for other in live if other != o]
            now = sum(m["mirror_seq"] for m in mirrors)
            if advance is not None and now > mirrored:
                advance(now - mirrored)
            mirrored = now
            heads = {o: n.exchange_get("/exchange/v1/identity")["feed_head"]
                     for o, n in live.items()}  # re-read: a head may move meanwhile
            if all(status[o]["mirrors"][other]["mirror_hash"] == heads[other]["hash"]
                   for o in live for other in live if other != o):
                return
            time.sleep(0.2)
    raise InputError(f"the nodes did not finish replicating within {timeout_s:.0f} s")


def _tell(live: dict[str, Any], loaded: dict[str, dict[str, float]], base: Path,
          synced: float, json: bool) -> None:
    urls = {office: node.url for office, node in live.items()}
    if json:
        print_json({"dir": str(base), "nodes": loaded, "urls": urls, "replicated_s": synced})
        return
    ru = base / "ru"
    lines = [
        f"\nRU serving on {urls['RU']}  BY serving on {urls['BY']}  (each mirrors the other; "
        f"replicated {synced} s after start)",
        f"  {urls['RU']}/search?q=Минская   (the public search page; ru/be/en)",
        f"  {urls['RU']}/docs   {urls['RU']}/exchange/v1/status   "
        f"{urls['BY']}/exchange/v1/feed?after=0&limit=3",
        f"  (marknet is {Path(sys.executable).parent / 'marknet'}; or activate its venv first)",
        f"  marknet show {LUKOIL_ID} --data-dir {ru}    # ЛУКОЙЛ",
        f"  marknet search LUKOIL --class 4 --data-dir {ru}    # finds ЛУКОЙЛ, and says why",
        f"  marknet search Минская --data-dir {ru}    # Мінская, from BY's mirror"]
    lines += [f"  marknet peers list --data-dir {ru}",
              f"  marknet send --to BY --type MSG.058 --payload '{{}}' --data-dir {ru}",
              f"  marknet verify --data-dir {ru}", "Ctrl-C stops both nodes."]
    for line in lines:
        console.print(line, soft_wrap=True, highlight=False, markup=False)


def _load(node: Node, records: int, seed: int) -> dict[str, float]:
    tour = tour_marks(node.office)
    taken = {m["application_number"] for m in tour}
    # The same records as `marknet gen --seed` writes, so the README's gen and import of
    # them into a demo node find them unchanged.
    generated = (data for data in generate_records(records, seed, node.office)
                 if data["application_number"] not in taken)
    items = (ImportItem(f"generated:{i}", data) for i, data in enumerate(generated, 1))
    with progress(f"{node.office}: importing", records) as advance:
        report = node.register.import_items(items, actor="demo", progress=advance,
                                            workers=node.settings.import_workers)
    gi_items = [ImportItem(f"gi:{i}", g) for i, g in enumerate(sample_gis(node.office), 1)]
    gis = len(gi_items)
    gi_items += [ImportItem(f"tour:{i}", m) for i, m in enumerate(tour, 1)]
    gi_items += [ImportItem(f"emblem:{i}", m) for i, m in enumerate(demo_emblems(node.office), 1)]
    images = ImageSource(node.settings.data_dir, None, node.settings.data_dir / "images")
    gi_report = node.register.import_items(attach_images(gi_items, images), actor="demo")
    if report.rejected or gi_report.rejected:
        first = (report.rejected + gi_report.rejected)[0]
        raise InputError(f"sample data rejected at {first.position}: {first.reason}")
    return {"imported": report.imported + gi_report.imported,
            "unchanged": report.unchanged + gi_report.unchanged,
            "gis": gis}
