"""The procedure commands as users run them (in-process, through ``tests.cli.runner``): exit
codes, one-line errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from tests.cli.runner import Ran, cli

LUKOIL = {"office": "RU", "application_number": "2020740504", "filing_date": "2020-11-23",
          "text": "ЛУКОЙЛ", "nice_classes": [4], "status": "registered"}
APPLICATION = {"text": "LUKOIL", "language": "en",
               "goods_services": [{"nice_class": 4, "terms": ["fuel"]},
                                  {"nice_class": 25, "terms": ["clothing"]}],
               "parties": [{"name": "Lukoil Fans LLC", "role": "applicant", "country": "RU"}]}


def marknet(data_dir: Path, *args: str) -> Ran:
    return cli(*args, "--data-dir", str(data_dir))


def ok(data_dir: Path, *args: str) -> Any:
    result = marknet(data_dir, *args, "--json")
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)


def test_file_examine_decide_deadlines_tick_history(tmp_path: Path) -> None:
    node = tmp_path / "ru"
    ok(node, "init", "--office", "RU")
    (tmp_path / "earlier.jsonl").write_text(json.dumps(LUKOIL, ensure_ascii=False) + "\n")
    (tmp_path / "app.json").write_text(json.dumps(APPLICATION))
    assert marknet(node, "import", str(tmp_path / "earlier.jsonl")).code == 0
    record_id = ok(node, "file", str(tmp_path / "app.json"))["id"]
    ok(node, "step", record_id, "pass_formal")
    ok(node, "step", record_id, "publish")
    report = ok(node, "examine", record_id)
    cited = report["goods"][0]["conflicts"][0]["earlier_id"]
    assert cited == "RU502020000740504"
    decided = ok(node, "decide", record_id, "--refuse", "--goods", "4", "--grounds",
                 "similar to an earlier mark", "--cite", cited)
    assert decided["state"] == "substantive_examination"
    assert ok(node, "decide", record_id, "--accept", "--goods", "25")["state"] == "awaiting_reply"
    due = ok(node, "deadlines", "--due-before", "2100-01-01")
    assert [d["name"] for d in due] == ["reply_to_notice"]
    after = (dt.date.fromisoformat(due[0]["due"]) + dt.timedelta(days=1)).isoformat()
    ticked = ok(node, "tick", "--now", after)
    assert [d["action"] for d in ticked["done"]] == ["reply_lapsed"]
    assert ok(node, "tick", "--now", after)["done"] == []
    steps = [s["action"] for s in ok(node, "history", record_id)["steps"]]
    assert steps == ["file", "pass_formal", "publish", "decide_partial", "notify", "reply_lapsed"]
    text = marknet(node, "history", record_id)
    assert 'cited=["RU502020000740504"]' in text.stdout  # JSON, not a Python repr


def test_bad_input_exits_2_with_one_line(tmp_path: Path) -> None:
    node = tmp_path / "ru"
    ok(node, "init", "--office", "RU")
    (tmp_path / "bad.json").write_text(json.dumps({"text": "X", "office": "BY"}))
    result = marknet(node, "file", str(tmp_path / "bad.json"), "--eaeu")
    assert result.code == 2
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert "office: names BY" in result.stderr
    assert "goods_services" in result.stderr
    result = marknet(node, "decide", "RU502024000000001", "--accept", "--refuse")
    assert result.code == 2
    assert "exactly one of --accept, --refuse or --consent-needed" in result.stderr
