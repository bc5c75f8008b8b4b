"""Reading stays flat in memory for any input (issue #12, item 8): one record among a million
elements that are no record — after it, or in a container before it — is read in a fresh
process whose peak RSS is measured, and compared with a file of the record alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.formats.test_hostile import _document, _mark

JUNK = "<tmk:Comment>x</tmk:Comment>" * 1000
# The peak of this process's own memory (VmHWM: ru_maxrss would include the forking parent's).
PROBE = ("import sys; from pathlib import Path; from marknet.formats import read_items;"
         "items = list(read_items(Path(sys.argv[1])));"
         "assert [i.data['application_number'] for i in items if i.data] == ['2020700001'];"
         "peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0];"
         "print(int(peak.split()[1]) // 1024)")


def _write(path: Path, before: int, after: int) -> Path:
    head, tail = _document("@@").decode().split("@@")
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        if before:
            out.write("<tmk:Other>" + JUNK * before + "</tmk:Other>")
        out.write(_mark("2020700001"))
        out.write(JUNK * after)
        out.write(tail)
    return path


def _peak_mb(path: Path) -> int:
    ran = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True,
                         text=True, check=True, timeout=300)
    return int(ran.stdout.strip())


@pytest.mark.parametrize(("before", "after"), [(0, 1000), (1000, 0)],
                         ids=["a million elements after", "a million elements before"])
def test_elements_that_are_no_record_do_not_pile_up(tmp_path: Path, before: int,
                                                    after: int) -> None:
    alone = _peak_mb(_write(tmp_path / "alone.xml", 0, 0))
    crowded = _write(tmp_path / "crowded.xml", before, after)
    assert crowded.stat().st_size > 25 * 2**20
    assert _peak_mb(crowded) - alone < 30  # a tree of them would take ~250 MB
