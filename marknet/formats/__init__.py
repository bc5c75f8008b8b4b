"""Standard formats in and out: WIPO ST.96 and ST.66, Rospatent open-data CSV, JSON Lines.

Readers stream ``ImportItem``s for the register's bulk import; writers stream records out.
See README.md in this folder for the mappings and what ST.96 cannot carry.
"""

from marknet.formats.csv_rospatent import read_csv, write_csv
from marknet.formats.detect import FORMATS, WRITE_FORMATS, detect_format, read_items
from marknet.formats.errors import FormatError, UnknownFormatError, UnsafeInputError
from marknet.formats.euipo import read_euipo
from marknet.formats.jsonl import read_jsonl, write_jsonl
from marknet.formats.st66 import read_st66
from marknet.formats.st66_write import write_st66
from marknet.formats.st96 import read_st96
from marknet.formats.st96_rupto import RuptoExport, write_st96_rupto
from marknet.formats.st96_write import write_st96

__all__ = [
    "FORMATS", "ST96_PROFILES", "WRITE_FORMATS", "FormatError", "RuptoExport",
    "UnknownFormatError", "UnsafeInputError",
    "detect_format", "read_csv", "read_euipo", "read_items", "read_jsonl", "read_st66",
    "read_st96", "write_csv", "write_jsonl", "write_st66", "write_st96", "write_st96_rupto",
]

# ``export --format st96 --profile …``: WIPO's V6_0 (the default) or Rospatent's published one.
ST96_PROFILES = ("v6", "rupto")
