"""Import and export benchmarks for ST.96, called by ``marknet bench import|export``.

Records come from the deterministic sample generator (``marknet.sample.generator``). Import
time covers parsing the ST.96 file into ImportItems and validating every record with
``record_from_dict``, or whatever ``consume`` does with the items (the CLI passes the
register's bulk import); export time covers ``write_st96``, not generating the records.
RSS is the process's resident memory after the run (for imports, its peak: the file is written
in a child process), and its growth during it.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from marknet.bench.measure import current_rss_mb, peak_rss_mb
from marknet.formats.items import ImportItem
from marknet.formats.st96 import read_st96
from marknet.formats.st96_write import write_st96
from marknet.model import record_from_dict
from marknet.sample.generator import generate_records


def _validate(items: Iterable[ImportItem]) -> int:
    count = 0
    for item in items:
        if item.data is not None:
            record_from_dict(item.data)
        count += 1
    return count


def _result(records: int, seconds: float, rss_before: float, **extra: Any) -> dict[str, Any]:
    rss = current_rss_mb()
    return {"records": records, "seconds": round(seconds, 3),
            "records_per_s": round(records / seconds) if seconds else None,
            "rss_mb": round(rss, 1), "rss_growth_mb": round(rss - rss_before, 1), **extra}


class _TimedSource:
    """Generated records, with the time spent generating them kept apart from the writer's."""

    def __init__(self, records: int, seed: int, office: str) -> None:
        self._source = generate_records(records, seed=seed, office=office)
        self.seconds = 0.0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        while True:
            started = time.perf_counter()
            record = next(self._source, None)
            self.seconds += time.perf_counter() - started
            if record is None:
                return
            yield record


def bench_export_st96(records: int, workdir: Path, seed: int = 1, office: str = "RU",
                      per_file: int = 10_000) -> dict[str, Any]:
    """Time writing ``records`` generated marks as ST.96 into ``workdir/st96-export``."""
    rss_before = current_rss_mb()
    source = _TimedSource(records, seed, office)
    started = time.perf_counter()
    paths = write_st96(source, workdir / "st96-export", per_file)
    seconds = time.perf_counter() - started - source.seconds
    size = sum(p.stat().st_size for p in paths)
    return _result(records, seconds, rss_before, files=len(paths), bytes=size,
                   generate_seconds=round(source.seconds, 3), format="st96",
                   operation="export")


def bench_import_st96(records: int, workdir: Path, seed: int = 1, office: str = "RU",
                      consume: Callable[[Iterator[ImportItem]], Any] | None = None,
                      ) -> dict[str, Any]:
    """Write ``records`` marks into one ST.96 file (untimed, in a child process), then time
    reading it back in this one.

    ``rss_mb`` and ``peak_rss_mb`` are this process's peak resident memory, which the writing
    never touched; ``rss_growth_mb`` is what the import added to the resident memory.
    """
    paths = write_sample_st96(records, workdir / "st96-import", seed, office)
    rss_before = current_rss_mb()
    started = time.perf_counter()
    count = 0
    for path in paths:
        items = read_st96(path)
        if consume is None:
            count += _validate(items)
        else:
            consume(items)
            count = records
    seconds = time.perf_counter() - started
    result = _result(count, seconds, rss_before,
                     file_bytes=sum(p.stat().st_size for p in paths), format="st96",
                     operation="import")
    return result | {"rss_mb": peak_rss_mb(), "peak_rss_mb": peak_rss_mb(),
                     "rss_before_mb": round(rss_before, 1)}


def write_sample_st96(records: int, directory: Path, seed: int = 1,
                      office: str = "RU") -> list[Path]:
    """Write ``records`` generated marks as one ST.96 file, in a child process: the
    generator's word lists and the writer's buffers never enter the measured process."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        return pool.submit(_write_sample, records, directory, seed, office).result()


def _write_sample(records: int, directory: Path, seed: int, office: str) -> list[Path]:
    return write_st96(generate_records(records, seed=seed, office=office), directory,
                      per_file=max(records, 1))
