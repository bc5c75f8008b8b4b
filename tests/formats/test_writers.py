"""The text-level XML writers: escaping agrees with lxml, files split, bad characters refused."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from marknet.formats import read_items, write_st66, write_st96
from marknet.formats.xmlbuild import UnwritableTextError, XmlText, attr
from marknet.model import record_from_dict, record_to_dict
from tests.formats.test_golden import AO, MARK

Check = Callable[[Path], None]

# Markup, whitespace, what XML 1.0 refuses (controls, non-characters, lone surrogates), and
# any other character.
_TRICKY = st.sampled_from("&<>\"'\r\n\t \x00\x01\x0b\x1f\x7f\x85\ufffe\uffff\ud800\udfffЛУКОЙЛ")
_ANY_TEXT = st.text(st.one_of(_TRICKY, st.characters(blacklist_categories=())), max_size=20)


def _lxml(build: Callable[[Any], None]) -> str | None:
    """What lxml writes for ``<a>`` set up by ``build``; None when lxml refuses the value."""
    element = etree.Element("a")
    try:
        build(element)
        return etree.tostring(element, encoding="utf-8").decode()
    except ValueError:  # lxml's refusal, or UnicodeEncodeError for a lone surrogate
        return None


def _ours(write: Callable[[XmlText], None]) -> str | None:
    x = XmlText()
    try:
        write(x)
    except UnwritableTextError:
        return None
    return x.text()


@settings(max_examples=300, deadline=None)
@given(_ANY_TEXT.filter(bool))
def test_text_is_escaped_as_lxml_escapes_it(value: str) -> None:
    expected = _lxml(lambda e: setattr(e, "text", value))
    assert _ours(lambda x: x.leaf("a", value)) == (None if expected is None else expected + "\n")


@settings(max_examples=300, deadline=None)
@given(_ANY_TEXT)
def test_attributes_are_escaped_as_lxml_escapes_them(value: str) -> None:
    expected = _lxml(lambda e: e.set("b", value))
    assert _ours(lambda x: x.leaf("a", "t", attr("b", value))) == (
        None if expected is None else expected.replace("/>", ">t</a>\n"))


@settings(max_examples=200, deadline=None)
@given(_ANY_TEXT.filter(bool), _ANY_TEXT)
def test_what_is_written_parses_back_to_the_same_text(value: str, attribute: str) -> None:
    written = _ours(lambda x: x.leaf("a", value, attr("b", attribute)))
    if written is None:
        assert _lxml(lambda e: setattr(e, "text", value)) is None or _lxml(
            lambda e: e.set("b", attribute)) is None
        return
    parsed = etree.fromstring(written.encode())
    assert (parsed.text, parsed.get("b")) == (value, attribute)


def _mark(number: str, **changes: Any) -> dict[str, Any]:
    record = copy.deepcopy(MARK)
    record["application_number"] = number
    record.update(changes)
    return record


def _read_back(paths: list[Path]) -> list[dict[str, Any]]:
    items = [item for path in paths for item in read_items(path)]
    assert [i.error for i in items if i.error] == []
    return [record_to_dict(record_from_dict(i.data or {})) for i in items]


def _canonical(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [record_to_dict(record_from_dict(r)) for r in records]


def test_markup_and_mixed_scripts_survive_st96(tmp_path: Path, validate: Check) -> None:
    words = [{"text": "ЛУКОЙЛ/LUKOIL & <Co> \"quoted\" 'single'", "language": "ru",
              "transliteration": "LUKOIL", "translation": "a > b & c"},
             {"text": "Крыніца", "language": "be", "transliteration": "Krynica"}]
    party = {"name": "ООО \"Ромашка\" & <Partners>", "role": "holder", "country": "RU",
             "address": "Москва, ул. Ленина, 1 <корп. 2>"}
    record = _mark("2020700001", verbal_elements=words, parties=[party],
                   disclaimers=["«вода» & <mineral>"],
                   goods_services=[{"nice_class": 32, "terms": ["beer & ale", "<water>"]}])
    [path] = write_st96([record], tmp_path)
    validate(path)
    text = path.read_text(encoding="utf-8")
    assert ("ЛУКОЙЛ/LUKOIL &amp; &lt;Co&gt; \"quoted\" 'single'</tmk:MarkVerbalElementText>"
            in text)
    assert "<tmk:MarkVerbalElementText com:languageCode=\"be\">Крыніца<" in text
    assert _read_back([path]) == _canonical([record])


def test_markup_and_mixed_scripts_survive_st66(tmp_path: Path) -> None:
    words = [{"text": "ЛУКОЙЛ/LUKOIL & <Co> \"q\" 'a'", "language": "ru"}]
    record = _mark("2020700002", verbal_elements=words)
    [path] = write_st66([record], tmp_path)
    assert "ЛУКОЙЛ/LUKOIL &amp; &lt;Co&gt; \"q\" 'a'<" in path.read_text(encoding="utf-8")
    assert _read_back([path]) == _canonical([record])


def test_inner_whitespace_is_kept_exactly(tmp_path: Path) -> None:
    record = _mark("2020700003", disclaimers=["one\r\ntwo\tthree\rfour"])
    [path] = write_st96([record], tmp_path)
    disclaimer = etree.parse(str(path)).find(".//{*}MarkDisclaimerText")
    assert disclaimer is not None
    assert disclaimer.text == "one\r\ntwo\tthree\rfour"


def test_files_split_every_per_file_records_in_order(tmp_path: Path, validate: Check) -> None:
    records = [_mark(f"20207000{i:02d}") for i in range(5)] + [AO]
    paths = write_st96(records, tmp_path, per_file=2)
    assert [p.name for p in paths] == ["trademarks-00001.xml", "trademarks-00002.xml",
                                       "trademarks-00003.xml", "gis-00001.xml"]
    for index, path in enumerate(paths[:3], 1):
        validate(path)
        identifier = etree.parse(str(path)).find(".//{*}TransactionIdentifier")
        assert identifier is not None
        assert identifier.text == f"marknet-{index:05d}"
    validate(paths[3])
    assert _read_back(paths) == _canonical(records)


def test_nothing_to_write_writes_no_file(tmp_path: Path) -> None:
    assert write_st96([], tmp_path) == []
    assert write_st66([AO], tmp_path) == []


@pytest.mark.parametrize("bad", ["\x01", "\x00", "\ufffe", "\ud800"])
@pytest.mark.parametrize("writer", [write_st96, write_st66])
def test_a_character_xml_cannot_carry_is_refused(tmp_path: Path, bad: str,
                                                 writer: Callable[..., list[Path]]) -> None:
    good = _mark("2020700010")
    broken = _mark("2020700011", verbal_elements=[{"text": f"ЛУКОЙЛ{bad}", "language": "ru"}])
    with pytest.raises(ValueError, match=r"2020700011.*U\+") as caught:
        writer([good, broken], tmp_path)
    assert isinstance(caught.value, UnwritableTextError)
    # The records before the bad one are in a well-formed, finished file.
    [path] = sorted(tmp_path.glob("*.xml"))
    assert _read_back([path]) == _canonical([good])


def test_a_gi_with_a_character_xml_cannot_carry_is_refused(tmp_path: Path) -> None:
    broken = copy.deepcopy(AO)
    broken["product"] = "мёд\x02"
    with pytest.raises(UnwritableTextError, match="20190001"):
        write_st96([broken], tmp_path)
