"""``marknet bench …``: measured figures for the README, not timed tests."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer

from marknet.bench.import_bench import bench_import_jsonl, bench_import_st96_into_node
from marknet.bench.measure import peak_rss_mb
from marknet.cli.common import DatabaseUrl, JsonFlag, console, print_json
from marknet.errors import InputError
from marknet.formats.bench import bench_export_st96

app = typer.Typer(no_args_is_help=True, help="Benchmarks (figures for the README).")


@app.command("import")
def import_(records: Annotated[int, typer.Option("--records", min=1)] = 100_000,
            format: Annotated[str, typer.Option("--format")] = "jsonl",
            database_url: DatabaseUrl = None, json: JsonFlag = False) -> None:
    """Import N generated records into a fresh node and report records/s and peak RSS."""
    if format == "jsonl":
        result = bench_import_jsonl(records, database_url)
    elif format == "st96":
        result = bench_import_st96_into_node(records, database_url)
    else:
        raise InputError(f"no import benchmark for format {format!r}: use jsonl or st96")
    _report(result, json)


@app.command("export")
def export(records: Annotated[int, typer.Option("--records", min=1)] = 100_000,
           format: Annotated[str, typer.Option("--format")] = "st96",
           json: JsonFlag = False) -> None:
    """Write N generated records as ST.96 and report records/s and peak RSS."""
    if format != "st96":
        raise InputError(f"no export benchmark for format {format!r}: use st96")
    with tempfile.TemporaryDirectory(prefix="marknet-bench-") as tmp:
        result = bench_export_st96(records, Path(tmp))
    result["rss_mb"] = peak_rss_mb()
    _report(result, json)


@app.command("images")
def images(count: Annotated[int, typer.Option("--images", min=1)] = 100_000,
           queries: Annotated[int, typer.Option("--queries", min=1,
                                                help="logos queried, 7 variants each")] = 200,
           cache: Annotated[Path, typer.Option("--cache", help="kept between runs: the "
                                               "logos, their renders, corpus descriptors")]
           = Path("~/.cache/marknet-bench-images"),
           icons: Annotated[Path | None, typer.Option("--icons", help="simple-icons' icons "
                                                      "folder (default: npm pack into the "
                                                      "cache)")] = None,
           seed: Annotated[int, typer.Option("--seed")] = 1,
           workers: Annotated[int, typer.Option("--workers", min=1)] = 2,
           tile_to: Annotated[int, typer.Option(
               "--tile-to", help="also time the searches over the index's entries repeated "
               "to this many (a scan's cost does not depend on the images)")] = 0,
           json: JsonFlag = False) -> None:
    """Recall@10 of logo variants among N images, query latency, index build, thumbnailing."""
    from marknet.bench.image_bench import bench_images

    _report(bench_images(count, queries, cache.expanduser(), icons, seed, workers, tile_to),
            json)


@app.command("gis")
def gis(count: Annotated[int, typer.Option("--gis", min=1)] = 10_000,
        rights: Annotated[int, typer.Option("--rights-per-gi", min=0, max=1000)] = 10,
        json: JsonFlag = False) -> None:
    """A GI/AO register with producers' rights: import, the AO CSV, replication to a partner;
    each in records per second with peak RSS."""
    from marknet.bench.gi_bench import bench_gis

    _report(bench_gis(count, rights), json)


def _report(result: dict[str, object], json: bool) -> None:
    if json:
        print_json(result)
    else:
        for key, value in result.items():
            console.print(f"{key:>16}: {value}", highlight=False)


@app.command("quality")
def quality(queries: Annotated[int, typer.Option("--queries", min=10)] = 1000,
            generated: Annotated[int, typer.Option("--generated", min=0)] = 50_000,
            pairs: Annotated[int, typer.Option("--random-pairs", min=10)] = 5000,
            seed: Annotated[int, typer.Option("--seed")] = 7,
            marks: Annotated[int | None, typer.Option(
                "--marks", min=100, help="Use only the first N EUIPO marks (quick checks).")]
            = None,
            data: Annotated[Path | None, typer.Option(
                "--data", help="The shared data folder (default: ../shared/data).")] = None,
            examples: Annotated[bool, typer.Option(
                "--examples", help="Also list the cross-script misses and false alarms.")]
            = False,
            json: JsonFlag = False) -> None:
    """Cross-script recall@1/@10, false alarms on real EUIPO marks, random pairs, goods."""
    from marknet.bench.quality import bench_quality

    root = data
    if root is not None and not (root / "euipo-marks-2020" / "marks.json").is_file():
        raise InputError(f"--data {root}: no euipo-marks-2020/marks.json there")
    _report(bench_quality(queries, generated, pairs, seed, root, examples, marks), json)
