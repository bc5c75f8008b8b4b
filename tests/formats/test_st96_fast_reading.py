"""The ST.96 reader's fast paths: Node queries answer as ElementPath does, records travel to
the import's worker processes as XML, and record positions count per parent element."""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from marknet.formats import read_items, write_st96
from marknet.formats.items import ImportItem, SourceItem
from marknet.formats.xmlsafe import (
    Node,
    below,
    find,
    findall,
    first,
    first_of,
    kids,
    strip_namespaces,
    stripped_texts,
    text,
    texts,
)
from marknet.node import init_node
from marknet.sample.generator import generate_records

TMK = "http://www.wipo.int/standards/XMLSchema/ST96/Trademark"
COM = "http://www.wipo.int/standards/XMLSchema/ST96/Common"

# Repeated, missing, empty and whitespace-only elements: where "first match" matters.
RECORD = f"""<tmk:Trademark xmlns:tmk="{TMK}" xmlns:com="{COM}">
  <com:ApplicationNumber/>
  <com:ApplicationNumber><com:ApplicationNumberText> 2 </com:ApplicationNumberText>
    <com:ApplicationNumberText>3</com:ApplicationNumberText></com:ApplicationNumber>
  <com:ApplicationNumber><com:ApplicationNumberText>4</com:ApplicationNumberText>
  </com:ApplicationNumber>
  <com:RegistrationNumber>   </com:RegistrationNumber>
  <com:RegistrationNumber>5</com:RegistrationNumber>
  <tmk:GoodsServicesBag><tmk:GoodsServices><tmk:ClassNumber>09</tmk:ClassNumber>
    </tmk:GoodsServices><tmk:Other/><tmk:GoodsServices><tmk:ClassNumber>10</tmk:ClassNumber>
    <tmk:ClassNumber/></tmk:GoodsServices></tmk:GoodsServicesBag>
  <tmk:GoodsServicesBag><tmk:GoodsServices><tmk:ClassNumber>11</tmk:ClassNumber>
  </tmk:GoodsServices></tmk:GoodsServicesBag>
  <tmk:Note>a <tmk:B/> b</tmk:Note>
</tmk:Trademark>"""
PATHS = ("ApplicationNumber", "ApplicationNumber/ApplicationNumberText", "RegistrationNumber",
         "GoodsServicesBag/GoodsServices", "GoodsServicesBag/GoodsServices/ClassNumber",
         "GoodsServicesBag/Other", "Note", "Note/B", "Missing", "Missing/Deeper")


@pytest.mark.parametrize("path", PATHS)
def test_node_queries_answer_as_element_path(path: str) -> None:
    stripped = etree.fromstring(RECORD)
    strip_namespaces(stripped)
    node = Node(etree.fromstring(RECORD))
    assert text(node, path) == text(stripped, path)
    assert texts(node, path) == texts(stripped, path)
    assert [n.element.sourceline for n in findall(node, path)] == [
        e.sourceline for e in findall(stripped, path)]
    found, expected = find(node, path), find(stripped, path)
    assert (found.element.sourceline if found else None) == (
        expected.sourceline if expected is not None else None)


@pytest.mark.parametrize("path", PATHS)
def test_walking_answers_as_node_queries(path: str) -> None:
    # The trademark reader walks records (kids/below/first) where other readers query them.
    root = etree.fromstring(RECORD)
    node = Node(root)
    *parents, name = path.split("/")
    found = below([root], *path.split("/"))
    assert first(found) == text(node, path)
    assert stripped_texts(found) == texts(node, path)
    assert [e.sourceline for e in found] == [n.element.sourceline for n in findall(node, path)]
    groups = [kids(e) for e in below([root], *parents)]
    assert first_of(groups, name) == text(node, path)


def test_node_queries_below_a_found_node() -> None:
    node = Node(etree.fromstring(RECORD))
    per_goods = [texts(goods, "ClassNumber") for goods in findall(node, "GoodsServicesBag/"
                                                                         "GoodsServices")]
    assert per_goods == [["09"], ["10"], ["11"]]
    assert [n.tag for n in node.iter()][:3] == ["Trademark", "ApplicationNumber",
                                                 "ApplicationNumber"]


def _marks(tmp_path: Path, records: int) -> Path:
    paths = write_st96(generate_records(records, 3, "RU", today=dt.date(2026, 1, 1)),
                       tmp_path / "st96", per_file=records)
    return paths[0]


def test_items_travel_as_xml_and_read_the_same(tmp_path: Path) -> None:
    items = list(read_items(_marks(tmp_path, 20)))
    assert all(isinstance(i, SourceItem) for i in items)
    travelled = pickle.loads(pickle.dumps(items))
    assert [i.data for i in travelled] == [i.data for i in items]
    assert travelled[0] == ImportItem(items[0].position, items[0].data)
    # Only the record's XML is pickled, never the mapping read from it.
    assert b"application_number" not in pickle.dumps(travelled)


def test_workers_import_the_same_register_from_st96(tmp_path: Path) -> None:
    path = _marks(tmp_path, 1200)
    registers = []
    for workers in (1, 2):
        with init_node(tmp_path / f"w{workers}", "RU") as node:
            report = node.register.import_items(read_items(path), workers=workers)
            assert (report.imported, report.rejected) == (1200, [])
            registers.append(({r.id: r.data for r in node.store.iter_records()},
                              [e.hash for e in node.store.iter_events("RU")]))
    assert registers[0][0] == registers[1][0]
    assert len(registers[0][1]) == 1200


def test_a_broken_file_stops_a_parallel_import_without_hanging(tmp_path: Path) -> None:
    data = _marks(tmp_path, 3000).read_bytes()
    truncated = tmp_path / "truncated.xml"
    truncated.write_bytes(data[: len(data) * 2 // 3])
    with init_node(tmp_path / "node", "RU") as node:
        report = node.register.import_items(read_items(truncated), workers=2)
        imported = sum(node.store.count_records().values())
    assert report.stopped is not None
    assert report.stopped.startswith("truncated.xml: line ")
    assert 0 < report.imported == imported == report.read < 3000  # all read before the break


def test_an_early_stop_of_the_consumer_does_not_hang_the_pool(tmp_path: Path) -> None:
    def items() -> Iterator[ImportItem]:
        for i, data in enumerate(generate_records(20_000, 4, "RU")):
            yield ImportItem(str(i), data)

    with init_node(tmp_path / "node", "RU") as node:
        importer_progress: list[int] = []

        def stop_soon(n: int) -> None:
            importer_progress.append(n)
            if len(importer_progress) > 1000:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            node.register.import_items(items(), workers=2, progress=stop_soon)


def _document(bags: str) -> bytes:
    return (f'<tmk:TrademarkTransaction xmlns:tmk="{TMK}" xmlns:com="{COM}">{bags}'
            "</tmk:TrademarkTransaction>").encode()


def _mark(number: str) -> str:
    return (f"<tmk:Trademark><com:RegistrationOfficeCode>RU</com:RegistrationOfficeCode>"
            f"<com:ApplicationNumber><com:ApplicationNumberText>{number}"
            f"</com:ApplicationNumberText></com:ApplicationNumber>"
            f"<com:ApplicationDate>2020-01-15</com:ApplicationDate></tmk:Trademark>")


def test_positions_count_records_per_parent(tmp_path: Path) -> None:
    bag = "<tmk:TrademarkBag>{}</tmk:TrademarkBag>"
    path = tmp_path / "bags.xml"
    path.write_bytes(_document(bag.format(_mark("1") + _mark("2")) + bag.format(_mark("3"))
                               + bag.format(_mark("4") + _mark("5") + _mark("6"))))
    items = list(read_items(path))
    assert [i.position for i in items] == [
        f"bags.xml:/TrademarkTransaction/TrademarkBag/Trademark[{n}]"
        for n in (1, 2, 1, 1, 2, 3)]
    assert [(i.data or {}).get("application_number") for i in items] == [
        "1", "2", "3", "4", "5", "6"]


def test_whitespace_between_elements_reads_as_before(tmp_path: Path) -> None:
    spaced = _mark("7").replace("><", ">\n   <").replace(
        "<com:ApplicationDate>", "<com:RegistrationNumber>  \n </com:RegistrationNumber>"
        "<com:ApplicationDate>")
    path = tmp_path / "spaced.xml"
    path.write_bytes(_document(f"<tmk:TrademarkBag>{spaced}</tmk:TrademarkBag>"))
    (item,) = read_items(path)
    assert item.error is None
    assert item.data is not None
    assert item.data["application_number"] == "7"
    assert "registration_number" not in item.data
