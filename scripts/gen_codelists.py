"""Regenerate the code lists in marknet/model/codelists/ from the published sources.

    python scripts/gen_codelists.py [--data ../shared/data] [--out marknet/model/codelists]

Sources (DESIGN.md §7): WIPO ST.3 codes as extracted from the ST.96 V6_0 Common schema,
WIPO's Nice Classification master files (NCL 12-2024, English, CC BY 4.0) and the Vienna
Classification codes with English descriptions. The output is deterministic, so a test can
re-run this script and compare byte for byte.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path
from typing import Any

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "marknet" / "model" / "codelists"
NCL = "{http://www.wipo.int/classifications/ncl}"
NICE_STRUCTURE = "nice/ncl-20240101-classification_top_structure-20230606.xml"
NICE_TEXTS = "nice/ncl-20240101-en-classification_texts-20230606.xml"


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # CRLF, as RFC 4180 and the committed files
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def st3_csv(data: Path) -> str:
    """Current ST.3 codes, then the former ones marked ``former``."""
    rows = [[r["code"], r["name"], ""] for r in _read_csv(data / "st96/st3_codes.csv")]
    rows += [[r["code"], r["name"], "former"]
             for r in _read_csv(data / "st96/st3_former_codes.csv")]
    return _csv_text(["code", "name", "status"], rows)


def vienna_csv(data: Path) -> str:
    """Vienna categories, divisions and sections in dotted form (01, 01.01, 01.01.01)."""
    rows = []
    for row in _read_csv(data / "vienna/ViennaCodes.csv"):
        digits = row["idcategory"].strip()
        dotted = ".".join(digits[i:i + 2] for i in range(0, len(digits), 2))
        rows.append([dotted, row["categdesc"].strip()])
    rows.sort(key=lambda r: r[0])
    return _csv_text(["code", "description"], rows)


def _attr(element: Any, name: str) -> str:
    return str(element.get(name))


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def nice_json(data: Path) -> str:
    """45 classes with kind and heading, and each class's terms with their basic numbers."""
    structure = etree.parse(str(data / NICE_STRUCTURE)).getroot()
    texts = etree.parse(str(data / NICE_TEXTS)).getroot()
    classes: dict[str, dict[str, Any]] = {}
    term_class: dict[str, tuple[str, str]] = {}
    for node in structure.iter(f"{NCL}Class"):
        classes[_attr(node, "id")] = {"number": int(_attr(node, "classNumber")),
                                      "kind": _attr(node, "isGoodOrService"), "heading": "",
                                      "terms": []}
        for term in node.iter(f"{NCL}GoodOrService"):
            term_class[_attr(term, "id")] = (_attr(node, "id"), _attr(term, "basicNumber"))
    for node in texts.iter(f"{NCL}ClassTexts"):
        items = [_text(h) for h in node.iter(f"{NCL}HeadingItem")]
        classes[_attr(node, "idRef")]["heading"] = "; ".join(items)
    for node in texts.iter(f"{NCL}GoodOrServiceTexts"):
        class_id, basic = term_class[_attr(node, "idRef")]
        label = node.find(f"{NCL}Indication/{NCL}Label")
        if label is not None:
            classes[class_id]["terms"].append({"basic_number": basic, "term": _text(label)})
    ordered = sorted(classes.values(), key=lambda c: c["number"])
    for item in ordered:
        item["terms"].sort(key=lambda t: t["basic_number"])
    document = {"edition": f"{texts.get('edition')}-{texts.get('version')}",
                "date_in_force": texts.get("dateInForce"), "language": texts.get("language"),
                "source": "WIPO Nice Classification (NCL 12-2024), CC BY 4.0",
                "classes": ordered}
    return json.dumps(document, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def generate(data: Path, out: Path) -> list[Path]:
    """Write every generated code-list file into ``out``; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in (("st3.csv", st3_csv), ("vienna.csv", vienna_csv),
                        ("nice.json", nice_json)):
        path = out / name
        path.write_text(build(data), encoding="utf-8", newline="")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    for path in generate(args.data, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
