"""``marknet images search``: the marks whose images look like a record's image or a file's."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from marknet.cli.common import DatabaseUrl, DataDir, JsonFlag, console, print_json
from marknet.errors import InputError
from marknet.images.service import ImageSearch
from marknet.node import open_node

app = typer.Typer(no_args_is_help=True, help="Figurative marks: search by image.")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="images")


@app.command("search")
def search(record: Annotated[str | None, typer.Option(
               "--record", help="Search with this record's image (ST.13 id)")] = None,
           file: Annotated[Path | None, typer.Option(
               "--file", help="Search with this image file (PNG, JPEG, GIF, WebP, TIFF, SVG)")]
           = None,
           limit: Annotated[int, typer.Option("--limit", min=1, max=100)] = 10,
           vienna: Annotated[list[str] | None, typer.Option(
               "--vienna", help="Only images with a Vienna code starting so (repeat)")] = None,
           data_dir: DataDir = None, database_url: DatabaseUrl = None,
           json: JsonFlag = False) -> None:
    """The nearest images of every register the node holds, each with why it matched."""
    if (record is None) == (file is None):
        raise InputError("give --record ID or --file IMAGE (one of them)")
    with open_node(data_dir, database_url) as node:
        service = ImageSearch(node.store, node.settings.data_dir)
        if file is not None:
            if not file.is_file():
                raise InputError(f"no such file: {file}")
            query = service.query_from_upload(file.read_bytes(), file.name, None)
        else:
            stored = node.register.get_stored((record or "").strip().upper())
            query = service.query_from_record(stored.id, stored.data)
        hits = service.search(query, limit, vienna or ())
    rows = [{"id": h.record_id, "register": h.register, "sha256": h.sha256, "score": h.score,
             "why": {"image": {"score": h.score, "reason": h.reason, **h.detail}}}
            for h in hits]
    if json:
        print_json(rows)
        return
    for hit in hits:
        console.print(f"{hit.score:.2f}  {hit.record_id}  {hit.reason}", markup=False,
                      highlight=False)
