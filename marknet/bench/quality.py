"""``marknet bench quality``: how well conflict search orders and separates, measured on data.

* **cross-script recall@1/@10**: each pair of ``cross_script_pairs.tsv`` (form B indexed) and
  the INPI pairs (``inpi-br-pairs``, mark 2 indexed) is searched by its form A in a register of
  the real EUIPO marks plus generated ones; the rank is counted over distinct names, leaving
  out names identical to the query (an identical spelling is trivially found).
* **false alarms**: share of random real EUIPO marks whose best hit with a *different* name,
  in a register of the other EUIPO marks, scores at least ``ALARM_SCORE`` (the issue's measure;
  ``…_at_conflict`` uses the settings' ``conflict_threshold``); names that differ only in
  case, spacing, punctuation or diacritics (e.on / E-ON) are the same name, not an alarm.
* **random pairs**: the score distribution of random pairs of real marks.
* **goods**: Spearman's rank correlation of the goods criterion with graded pairs of goods and
  services (``goods_pairs.tsv``, see its header for the source); ``…_within_class`` over the
  pairs of one class only, where the class alone says nothing.
"""

from __future__ import annotations

import random
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from marknet.bench.search_bench import cross_script_pairs
from marknet.match import Goods, compare, goods, prepare_sign
from marknet.sample.generator import generate_records
from marknet.search import SearchIndex, make_query
from marknet.settings import ProcedureSettings
from marknet.text import normalize, skeleton

__all__ = ["ALARM_SCORE", "bench_quality", "goods_pairs", "inpi_pairs", "spearman"]

ALARM_SCORE = 0.8
_DEPTH = 200


def _data_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "shared" / "data"


def euipo_texts(data: Path) -> list[tuple[str, str, str]]:
    """(number, filing date, verbal element) of every EUIPO mark with one."""
    marks = orjson.loads((data / "euipo-marks-2020" / "marks.json").read_bytes())
    return [(number, str(m.get("Date") or ""), str(m["Text"]).strip())
            for number, m in marks.items() if str(m.get("Text") or "").strip()]


def inpi_pairs(data: Path) -> list[tuple[str, str]]:
    """(mark 1, mark 2) of the INPI pairs held conflicting."""
    rows = []
    for line in (data / "inpi-br-pairs" / "instruction.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            row = orjson.loads(line)["messages"][0]
            rows.append((str(row["marca1"]), str(row["marca2"])))
    return rows


def goods_pairs() -> list[tuple[Goods, Goods, float]]:
    """(goods A, goods B, grade) of ``goods_pairs.tsv``."""
    text = files("marknet.bench").joinpath("goods_pairs.tsv").read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("class_a"):
            continue
        class_a, term_a, class_b, term_b, grade = line.split("\t")
        rows.append((Goods(frozenset({int(class_a)}), (term_a,)),
                     Goods(frozenset({int(class_b)}), (term_b,)), float(grade)))
    return rows


def _mark(office: str, number: str, date: str, text: str) -> dict[str, Any]:
    return {"office": office, "application_number": number, "filing_date": date or None,
            "feature": "Word", "status": "registered", "verbal_elements": [{"text": text}]}


def _ranks(index: SearchIndex, pairs: list[tuple[str, str]]) -> list[int]:
    """Rank of B for each A (1-based, over distinct names; the query's own name is left out
    unless it is B's); 0: not in the first ``_DEPTH`` hits."""
    out = []
    for form_a, form_b in pairs:
        query, wanted = normalize(form_a), normalize(form_b)
        hits = index.search(make_query(form_a, min_score=0.0, limit=_DEPTH))
        names = [n for n in dict.fromkeys(normalize(h.text) for h in hits)
                 if n != query or n == wanted]
        out.append(names.index(wanted) + 1 if wanted in names else 0)
    return out


def _recall(ranks: list[int], prefix: str) -> dict[str, Any]:
    count = len(ranks) or 1
    return {f"{prefix}_pairs": len(ranks),
            f"{prefix}_recall_at_1": round(sum(r == 1 for r in ranks) / count, 4),
            f"{prefix}_recall_at_10": round(sum(0 < r <= 10 for r in ranks) / count, 4)}


def _recall_figures(marks: list[tuple[str, str, str]], data: Path,
                    generated: int, seed: int) -> tuple[dict[str, Any], list[str]]:
    cross = [(a, b) for a, b, _ in cross_script_pairs()]
    inpi = inpi_pairs(data)
    records: list[dict[str, Any]] = [_mark("EM", n, d, t) for n, d, t in marks]
    records += list(generate_records(generated, seed, "RU"))
    records += [_mark("RU", f"2025{990_000 + i}", "2025-01-15", b)
                for i, (_, b) in enumerate(cross + inpi)]
    index = SearchIndex.from_records(records)
    cross_ranks, inpi_ranks = _ranks(index, cross), _ranks(index, inpi)
    misses = [f"{a} -> {b}: rank {r or 'none'}" for (a, b), r in zip(cross, cross_ranks,
                                                                     strict=True) if r != 1]
    return ({"recall_register": len(records), **_recall(cross_ranks, "cross_script"),
             **_recall(inpi_ranks, "inpi")}, misses)


def _false_alarms(marks: list[tuple[str, str, str]], queries: int,
                  rng: random.Random) -> tuple[dict[str, Any], list[str]]:
    chosen = set(rng.sample(range(len(marks)), min(queries, len(marks) // 2)))
    index = SearchIndex.from_records(_mark("EM", n, d, t) for i, (n, d, t) in enumerate(marks)
                                     if i not in chosen)
    conflict = ProcedureSettings().conflict_threshold
    best: list[float] = []
    examples: list[tuple[float, str]] = []
    for i in sorted(chosen):
        text = marks[i][2]
        query = _same_name(text)
        if not query:
            continue
        hits = index.search(make_query(text, min_score=0.0, limit=20))
        other = next((h for h in hits if _same_name(h.text) != query), None)
        score = other.score if other else 0.0
        best.append(score)
        if other is not None and score >= ALARM_SCORE:
            examples.append((score, f"{text} ~ {other.text} {score:.2f}"))
    values = np.asarray(best)
    examples.sort(reverse=True)
    return ({"false_alarm_queries": len(values), "false_alarm_register": index.size,
             "false_alarm_rate": round(float((values >= ALARM_SCORE).mean()), 4),
             "false_alarm_rate_at_conflict": round(float((values >= conflict).mean()), 4),
             "conflict_threshold": conflict},
            [e for _, e in examples[:15]])


def _same_name(text: str) -> str:
    """The name with case, spaces, punctuation and diacritics ignored (e.on = E-ON = EON)."""
    return skeleton(text).replace(" ", "")


def _random_pairs(marks: list[tuple[str, str, str]], pairs: int,
                  rng: random.Random) -> dict[str, Any]:
    scores = []
    for _ in range(pairs):
        (_, _, a), (_, _, b) = rng.sample(marks, 2)
        if normalize(a) and normalize(b) and normalize(a) != normalize(b):
            scores.append(compare(prepare_sign(a), prepare_sign(b)).score)
    values = np.asarray(scores)
    return {"random_pairs": len(values),
            **{f"random_p{p}": round(float(np.percentile(values, p)), 4) for p in (50, 90, 99)},
            "random_max": round(float(values.max()), 4),
            "random_share_at_0_5": round(float((values >= 0.5).mean()), 4)}


def _ranks_avg(values: np.ndarray[Any, np.dtype[np.float64]]) -> np.ndarray[Any, Any]:
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(len(values))
    sorted_values = values[order]
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and sorted_values[j + 1] == sorted_values[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(x: list[float], y: list[float]) -> float:
    """Spearman's rank correlation (ties get their average rank)."""
    rx, ry = _ranks_avg(np.asarray(x, float)), _ranks_avg(np.asarray(y, float))
    if rx.std() == 0 or ry.std() == 0:
        return 0.0
    return float(np.corrcoef(rx, ry)[0, 1])


def _goods_figures() -> dict[str, Any]:
    rows = goods_pairs()
    scores, grades, by_class, within = [], [], [], []
    for a, b, grade in rows:
        criterion = goods(a, b)
        score = criterion.score if criterion else 0.0
        scores.append(score)
        grades.append(grade)
        by_class.append(1.0 if a.classes & b.classes else 0.0)
        if a.classes == b.classes:
            within.append((score, grade))
    return {"goods_pairs": len(rows), "goods_spearman": round(spearman(scores, grades), 4),
            "goods_spearman_class_only": round(spearman(by_class, grades), 4),
            "goods_within_class_pairs": len(within),
            "goods_spearman_within_class": round(spearman([s for s, _ in within],
                                                          [g for _, g in within]), 4)}


def bench_quality(queries: int = 1000, generated: int = 50_000, random_pairs: int = 5000,
                  seed: int = 7, data: Path | None = None, examples: bool = False,
                  marks_limit: int | None = None) -> dict[str, Any]:
    """Every figure of the module docstring, as one mapping (*marks_limit*: the first N
    EUIPO marks only, for quick checks)."""
    root = data or _data_dir()
    rng = random.Random(seed)
    marks = euipo_texts(root)[:marks_limit]
    result: dict[str, Any] = {"benchmark": "quality", "euipo_marks": len(marks)}
    recall, misses = _recall_figures(marks, root, generated, seed)
    alarms, alarm_examples = _false_alarms(marks, queries, rng)
    result |= recall | alarms | _random_pairs(marks, random_pairs, rng) | _goods_figures()
    if examples:
        result["cross_script_misses"] = misses
        result["false_alarm_examples"] = alarm_examples
    return result
