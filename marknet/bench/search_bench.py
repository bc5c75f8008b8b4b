"""``marknet bench search``: build the index over N sample marks and time the fixed query set.

Figures: build time, peak RSS, p50/p95 of ``similar`` queries (preparing the query included),
recall@10 against exhaustive scoring of every name with the same scorer (``recall_at_10``
counts hits scoring at least ``MIN_SCORE``, as the product reports them; ``…_all`` every
top-10 position), recall@10 of the cross-script pairs (form B indexed among the N marks, found
by form A), and, with a PostgreSQL URL, pg_trgm similarity search (GIN index, ``%`` operator,
threshold 0.3) over the same N names and queries.
"""

from __future__ import annotations

import time
import uuid
from importlib.resources import files
from typing import Any

import numpy as np

from marknet.bench.measure import peak_rss_mb
from marknet.bench.search_queries import make_queries
from marknet.match import prepare_sign
from marknet.sample.generator import generate_records
from marknet.search import SearchIndex, make_query
from marknet.search.records import RecordColumns
from marknet.search.segment import Segment
from marknet.text import normalize

__all__ = ["bench_search", "cross_script_pairs", "recall_at"]

_QUERY_POOL = 20_000
_PAIR_YEAR = 2025
_PAIR_SERIAL = 990_000


def cross_script_pairs() -> list[tuple[str, str, str]]:
    """(form A, form B, kind) rows of ``marknet/bench/cross_script_pairs.tsv``."""
    text = files("marknet.bench").joinpath("cross_script_pairs.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines()[1:] if line.strip()]
    return [(a, b, kind) for a, b, kind in rows]


def _pair_record(i: int, text: str) -> dict[str, Any]:
    return {"office": "RU", "application_number": f"{_PAIR_YEAR}{_PAIR_SERIAL + i}",
            "filing_date": f"{_PAIR_YEAR}-01-15", "feature": "Word", "status": "registered",
            "verbal_elements": [{"text": text}], "goods_services": [{"nice_class": 32}]}


def recall_at(found: list[float], reference: list[float], k: int = 10) -> float:
    """Share of the reference top-k matched; a tie with the k-th reference score counts."""
    top = min(k, len(reference))
    if not top:
        return 1.0
    kth = reference[top - 1]
    return sum(1 for s in found[:top] if s >= kth - 1e-9) / top


def _build(records: int, seed: int) -> tuple[SearchIndex, list[str], list[str], dict[str, Any]]:
    columns = RecordColumns()
    pool: list[str] = []
    started = time.perf_counter()
    for data in generate_records(records, seed, "RU"):
        columns.add(data)
        if len(pool) < _QUERY_POOL:
            pool.append(data["verbal_elements"][0]["text"])
    for i, (_, form_b, _) in enumerate(cross_script_pairs()):
        columns.add(_pair_record(i, form_b))
    generated = time.perf_counter() - started
    started = time.perf_counter()
    index = SearchIndex([Segment.build(columns)])
    built = time.perf_counter() - started
    texts = list(columns.elem_texts)
    return index, pool, texts, {"generate_s": round(generated, 1),
                                "index_build_s": round(built, 1),
                                "distinct_names": len(columns.names)}


def _timed_queries(index: SearchIndex, queries: list[str]) -> dict[str, Any]:
    times, exhaustive, recall, recall_all = [], [], [], []
    for text in queries:
        request = make_query(text)
        started = time.perf_counter()
        found = index.rank(request, prepare_sign(request.normalized))
        times.append(time.perf_counter() - started)
        sign = prepare_sign(request.normalized)
        started = time.perf_counter()
        reference = index.rank(request, sign, exhaustive=True)
        exhaustive.append(time.perf_counter() - started)
        recall.append(recall_at([f.score for f in found], [f.score for f in reference]))
        everything = make_query(text, min_score=0.0)
        recall_all.append(recall_at([f.score for f in index.rank(everything, sign)],
                                    [f.score for f in index.rank(everything, sign,
                                                                 exhaustive=True)]))
    return {"p50_ms": _ms(times, 50), "p95_ms": _ms(times, 95), "max_ms": _ms(times, 100),
            "recall_at_10": round(float(np.mean(recall)), 4),
            "recall_at_10_all": round(float(np.mean(recall_all)), 4),
            "exhaustive_p50_ms": _ms(exhaustive, 50)}


def _ms(values: list[float], percentile: int) -> float:
    return round(float(np.percentile(values, percentile)) * 1000, 2)


def _cross_script(index: SearchIndex) -> dict[str, float]:
    """Share of pairs whose form B is among the top 10 for form A.

    Common words (Минск, Nike, Chanel) are also the names of many generated marks, which score
    exactly as B does and fill a top 10 of records. ``…_at_10`` therefore ranks distinct
    names (the 10 best names, each with all its records); ``…_records`` is the strict
    record-level figure.
    """
    pairs = cross_script_pairs()
    by_name = by_record = 0
    for i, (form_a, form_b, _) in enumerate(pairs):
        wanted = f"RU50{_PAIR_YEAR}{_PAIR_SERIAL + i:09d}"
        hits = index.search(make_query(form_a, min_score=0.0, limit=1000))
        by_record += any(hit.id == wanted for hit in hits[:10])
        names = list(dict.fromkeys(normalize(hit.text) for hit in hits))[:10]
        by_name += normalize(form_b) in names
    return {"cross_script_recall_at_10": round(by_name / len(pairs), 4),
            "cross_script_recall_at_10_records": round(by_record / len(pairs), 4)}


def bench_search(records: int, queries: int = 200, database_url: str | None = None,
                 seed: int = 7) -> dict[str, Any]:
    index, pool, texts, build = _build(records, seed)
    query_set = [q for _, q, _ in make_queries(pool, queries)]
    result: dict[str, Any] = {"benchmark": "search", "records": records,
                              "queries": len(query_set), **build}
    index.rank(make_query("warm up"), prepare_sign("warm up"))
    result |= _timed_queries(index, query_set)
    result["cross_script_pairs"] = len(cross_script_pairs())
    result |= _cross_script(index)
    result["rss_mb"] = peak_rss_mb()
    if database_url:
        result |= pg_trgm(database_url, texts, query_set)
        if result["p95_ms"]:
            result["pg_trgm_p95_vs_index"] = round(result["pg_trgm_p95_ms"] / result["p95_ms"], 1)
    return result


def pg_trgm(url: str, names: list[str], queries: list[str]) -> dict[str, Any]:
    """Time trigram search in PostgreSQL over *names* in a scratch schema, dropped after."""
    import psycopg

    schema = f"bench_trgm_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        conn.execute(f"CREATE SCHEMA {schema}")
        try:
            started = time.perf_counter()
            conn.execute(f"CREATE TABLE {schema}.names (id serial PRIMARY KEY, name text)")
            with conn.cursor() as cur, cur.copy(f"COPY {schema}.names (name) FROM STDIN") as copy:
                for name in names:
                    copy.write_row((name,))
            conn.execute(f"CREATE INDEX ON {schema}.names USING gin (name gin_trgm_ops)")
            conn.execute(f"ANALYZE {schema}.names")
            built = time.perf_counter() - started
            conn.execute("SET pg_trgm.similarity_threshold = 0.3")
            sql = (f"SELECT id, name, similarity(name, %s) AS s FROM {schema}.names "
                   "WHERE name %% %s ORDER BY s DESC LIMIT 10")
            times = []
            for query in queries:
                started = time.perf_counter()
                conn.execute(sql, (query, query)).fetchall()
                times.append(time.perf_counter() - started)
        finally:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
    return {"pg_trgm_build_s": round(built, 1), "pg_trgm_p50_ms": _ms(times, 50),
            "pg_trgm_p95_ms": _ms(times, 95)}
