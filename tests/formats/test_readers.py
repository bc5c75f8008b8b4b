"""JSON Lines, Rospatent CSV, the EUIPO sample, and format detection."""

from __future__ import annotations

from pathlib import Path

import pytest

from marknet.errors import ValidationError
from marknet.formats import (
    FORMATS,
    UnknownFormatError,
    detect_format,
    read_items,
    write_csv,
)
from marknet.model import GeographicalIndication, Trademark, record_from_dict, record_to_dict


def test_jsonl_reports_malformed_lines_and_skips_blank_ones(tmp_path: Path) -> None:
    path = tmp_path / "marks.jsonl"
    path.write_bytes(b'{"office": "RU", "application_number": "2020700001", '
                     b'"filing_date": "2020-01-15", "text": "\xd0\xa0\xd0\xbe\xd0\xbc"}\n'
                     b"\n{not json\n[1, 2]\n"
                     b'{"office": "BY", "application_number": "a20200001", '
                     b'"filing_date": "2020-02-01", "text": "Bad\xff"}\n')
    items = list(read_items(path))
    assert items[0].error is None
    assert items[0].data is not None
    assert record_from_dict(items[0].data).text == "Ром"
    assert [i.position for i in items[1:]] == ["marks.jsonl:line 3", "marks.jsonl:line 4",
                                               "marks.jsonl:line 5"]
    assert items[1].error is not None
    assert items[1].error.startswith("line 3: malformed JSON")
    assert items[2].error == "line 4: not a JSON object"
    assert items[3].error is not None
    assert items[3].error.startswith("line 5: malformed JSON")


TRADEMARK_CSV = """registration number;registration date;application number;application date;\
expiration date;right holder name;right holder address;right holder country code;\
right holder inn;collective;unprotected elements;threedimensional;actual;marknet mark text;\
marknet nice classes
700001;15.05.2019;2018712345;20.03.2018;20.03.2028;ООО «Ромашка»;Москва, ул. Ленина, 1;RU;\
7708004767;0;«напиток»;0;1;Ромашка;32,33
700002;15.05.2019;2018712346;31.02.2018;;ООО «Лютик»;;RU;;0;;0;1;Лютик;33
;;2019700003;2019-04-01;;Fizz GmbH;;ZZ;;1;;1;;;
"""


def test_rospatent_trademark_csv(tmp_path: Path) -> None:
    path = tmp_path / "tm.csv"
    path.write_text(TRADEMARK_CSV, encoding="utf-8-sig")
    assert detect_format(path) == "csv"
    items = list(read_items(path))
    first = record_from_dict(items[0].data or {})
    assert isinstance(first, Trademark)
    assert (first.id, first.status.value, first.text, first.nice_classes) == (
        "RU502018000712345", "registered", "Ромашка", (32, 33))
    assert first.parties[0].role.value == "holder"
    assert first.parties[0].identifiers == {"INN": "7708004767"}
    assert first.disclaimers == ("«напиток»",)
    assert items[1].error == "application date: not a real date: '31.02.2018'"
    assert items[1].position == "tm.csv:line 3"
    assert items[2].error == "parties: unknown ST.3 country code 'ZZ' (Fizz GmbH)"


AO_CSV = """registration number,registration date,application number,application date,\
appellation of origin name,product name,nice class,place of origin,product properties,\
right holder name,actual
1,1999-01-12,97700001,1997-06-01,Тульский пряник,пряник,30,Тульская область,"медовый, печатный",\
ООО «Пряник»,1
"""


def test_rospatent_ao_csv(tmp_path: Path) -> None:
    path = tmp_path / "ao.csv"
    path.write_text(AO_CSV, encoding="utf-8")
    items = list(read_items(path))
    gi = record_from_dict(items[0].data or {})
    assert isinstance(gi, GeographicalIndication)
    assert (gi.kind.value, gi.text, gi.product, gi.nice_class) == ("ao", "Тульский пряник",
                                                                   "пряник", 30)
    assert gi.properties == "медовый, печатный"
    assert gi.status.value == "registered"


def test_csv_round_trip_keeps_what_the_columns_hold(tmp_path: Path) -> None:
    source = tmp_path / "tm.csv"
    source.write_text(TRADEMARK_CSV, encoding="utf-8")
    records = [record_from_dict(i.data) for i in read_items(source) if i.data]
    out = write_csv(records, tmp_path / "out.csv")
    back = [record_from_dict(i.data) for i in read_items(out[0]) if i.data]
    assert [record_to_dict(r) for r in back] == [record_to_dict(r) for r in records]


def test_euipo_sample(data_dir: Path) -> None:
    items = list(read_items(data_dir / "euipo-marks-2020" / "marks.json"))
    assert len(items) == 20000
    assert all(i.error is None for i in items)
    good, refused = [], []
    for item in items:
        try:
            good.append(record_from_dict(item.data or {}))
        except ValidationError as exc:
            refused.append(exc.message)
    assert isinstance(good[0], Trademark)
    assert good[0].office == "EM"
    assert good[0].text == "SETA"
    assert good[0].vienna_codes == ("01.17.03", "01.17.07")
    # EUIPO classifies 664 of these images only to a division (2803 -> 28.03): all valid.
    assert refused == []
    assert sum(any(len(c) == 5 for c in m.vienna_codes)
               for m in good if isinstance(m, Trademark)) == 664


def test_detect_format_and_forced_format(tmp_path: Path, data_dir: Path) -> None:
    st66 = data_dir / "uspto-st66-st96/testdata/rn2713476-ST66.xml"
    assert detect_format(st66) == "st66"
    assert detect_format(data_dir / "st96/examples/GIApplication_Example.xml") == "st96"
    assert detect_format(data_dir / "euipo-marks-2020/marks.json") == "euipo"
    odd = tmp_path / "odd.bin"
    odd.write_bytes(b"\x00\x01binary")
    with pytest.raises(UnknownFormatError, match=r"odd\.bin"):
        detect_format(odd)
    with pytest.raises(UnknownFormatError, match=r"unknown format"):
        read_items(odd, format="xls")
    assert set(FORMATS) == {"st96", "st66", "jsonl", "csv", "euipo"}


ROSPATENT = """<?xml version="1.0" encoding="UTF-8"?>
<ru:TrademarkRegister xmlns:ru="urn:ru:rupto:trademark"
    xmlns:tmk="http://www.wipo.int/standards/XMLSchema/ST96/Trademark"
    xmlns:com="http://www.wipo.int/standards/XMLSchema/ST96/Common">
 <tmk:TrademarkBag><tmk:Trademark>
  <com:RegistrationOfficeCode>RU</com:RegistrationOfficeCode>
  <com:ApplicationNumber><com:ApplicationNumberText>2009712345</com:ApplicationNumberText>
  </com:ApplicationNumber><com:RegistrationNumber>412345</com:RegistrationNumber>
  <com:ApplicationDate>2009-06-01</com:ApplicationDate>
  <com:RegistrationDate>2010-07-01</com:RegistrationDate>
  <tmk:MarkCurrentStatusCode>Registered</tmk:MarkCurrentStatusCode>
  <tmk:MarkRepresentation><tmk:MarkFeatureCategory>Word</tmk:MarkFeatureCategory>
   <tmk:MarkReproduction><tmk:WordMarkSpecification>
    <tmk:MarkVerbalElementText>ЛУКОЙЛ</tmk:MarkVerbalElementText>
    <tmk:MarkSignificantVerbalElementText>ЛУКОЙЛ</tmk:MarkSignificantVerbalElementText>
   </tmk:WordMarkSpecification></tmk:MarkReproduction></tmk:MarkRepresentation>
  <tmk:MarkRecordBag><tmk:MarkRecord><tmk:BasicRecord>
   <tmk:BasicRecordCategory>Renewal</tmk:BasicRecordCategory></tmk:BasicRecord></tmk:MarkRecord>
   <tmk:MarkRecord><tmk:BasicRecord><tmk:BasicRecordCategory>Non Renewal</tmk:BasicRecordCategory>
   </tmk:BasicRecord></tmk:MarkRecord></tmk:MarkRecordBag>
 </tmk:Trademark></tmk:TrademarkBag>
 <ru:TradeMarkApplication><ru:TradeMarkDetails><ru:TradeMark>
  <ru:RegistrationOfficeCode>RU</ru:RegistrationOfficeCode>
  <ru:ApplicationNumber>2024700001</ru:ApplicationNumber>
  <ru:ApplicationDate>15.01.2024</ru:ApplicationDate>
  <ru:MarkFeature>Word</ru:MarkFeature>
  <ru:WordMarkSpecification><ru:MarkVerbalElementText languageCode="ru">Крыніца
  </ru:MarkVerbalElementText></ru:WordMarkSpecification>
  <ru:GoodsServicesDetails><ru:GoodsServices><ru:ClassDescriptionDetails><ru:ClassDescription>
   <ru:ClassNumber>32</ru:ClassNumber><ru:GoodsServicesDescription>воды минеральные
   </ru:GoodsServicesDescription></ru:ClassDescription></ru:ClassDescriptionDetails>
  </ru:GoodsServices></ru:GoodsServicesDetails>
 </ru:TradeMark></ru:TradeMarkDetails></ru:TradeMarkApplication>
</ru:TrademarkRegister>
"""


def test_rospatent_profile(tmp_path: Path) -> None:
    path = tmp_path / "rupto.xml"
    path.write_text(ROSPATENT, encoding="utf-8")
    items = list(read_items(path))
    registered, pending = (record_from_dict(i.data or {}) for i in items)
    assert isinstance(registered, Trademark)
    assert isinstance(pending, Trademark)
    assert registered.status.value == "expired"  # the last MarkRecord is a Non Renewal
    assert (pending.id, pending.text, pending.nice_classes) == ("RU502024000700001",
                                                                "Крыніца", (32,))
    assert pending.goods_services[0].terms == ("воды минеральные",)
    assert items[1].position.endswith("/TradeMarkApplication/TradeMarkDetails/TradeMark[1]")
