"""Helpers for writing ST.96/ST.66 documents: XML as text for speed, lxml for the GI builders.

Writers turn one record at a time into pretty-printed text (``XmlText``) and hand it to
``SplitFiles``, which splits every ``per_file`` records and writes in large chunks, so an
export of any size holds about a megabyte in memory. Building text costs a fraction of
building lxml elements (~2.7 µs each); the prefixes used in the text are declared once, on
each document's root. ``Builder`` (lxml elements) remains for the ST.96 GI builders.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

from lxml import etree

from marknet.errors import InputError

Element = etree._Element

XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
CHUNK_CHARS = 1 << 20  # text buffered before each write: few system calls, flat memory

# What text may not hold verbatim: markup characters (escaped), a carriage return (escaped,
# or a parser would turn it into a line feed), and what XML 1.0 cannot carry at all (refused).
_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]").search
_ATTR_SPECIAL = re.compile("[&<>\"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
                           ).search
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]").search
_INDENT = tuple("  " * depth for depth in range(64))


class UnwritableTextError(InputError, ValueError):
    """A value holds a character XML 1.0 cannot carry (a control character, a lone surrogate).

    A ValueError, as lxml raises for such text, and a marknet error for a one-line report.
    """

    code = "unwritable_text"


def _refuse_unwritable(value: str) -> None:
    bad = _UNWRITABLE(value)
    if bad is not None:
        raise UnwritableTextError(
            f"XML 1.0 cannot carry the character U+{ord(bad.group()):04X} in {value[:60]!r}")


def escape_text(value: str) -> str:
    """Element content: ``&``, ``<``, ``>`` and carriage returns escaped (as lxml does)."""
    if _SPECIAL(value) is None:
        return value
    _refuse_unwritable(value)
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def escape_attr(value: str) -> str:
    """An attribute value in double quotes; whitespace escaped so parsers keep it as is."""
    if _ATTR_SPECIAL(value) is None:
        return value
    _refuse_unwritable(value)
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")
            .replace("\r", "&#13;"))


def attr(name: str, value: str) -> str:
    """`` name="value"``, ready to pass as ``attrs``."""
    return f' {name}="{escape_attr(value)}"'


class XmlText:
    """One record's XML as text, indented two spaces a level like lxml's pretty printing.

    Tags are written as given (``tmk:Trademark``): the document's root declares the prefixes.
    ``attrs`` is pre-formatted text (see ``attr``).
    """

    __slots__ = ("depth", "parts")

    def __init__(self, depth: int = 0) -> None:
        self.parts: list[str] = []
        self.depth = depth

    def open(self, tag: str, attrs: str = "") -> None:
        self.parts.append(f"{_INDENT[self.depth]}<{tag}{attrs}>\n")
        self.depth += 1

    def close(self, tag: str) -> None:
        self.depth -= 1
        self.parts.append(f"{_INDENT[self.depth]}</{tag}>\n")

    def leaf(self, tag: str, value: Any, attrs: str = "") -> None:
        text = value if value.__class__ is str else str(value)
        if _SPECIAL(text) is not None:
            text = escape_text(text)
        self.parts.append(f"{_INDENT[self.depth]}<{tag}{attrs}>{text}</{tag}>\n")

    def opt(self, tag: str, value: Any, attrs: str = "") -> None:
        """A leaf only when the value is present."""
        if value is not None and value != "":
            self.leaf(tag, value, attrs)

    def raw(self, text: str) -> None:
        """Text that is already XML (a constant block)."""
        self.parts.append(text)

    def text(self) -> str:
        return "".join(self.parts)


class SplitFiles:
    """Numbered files ``STEM-NNNNN.xml`` of ``per_file`` records each, inside a fixed wrapper.

    ``head(index)`` is a document's text up to its first record (declaration included) and
    ``tail`` closes it. A file is written only once a record goes into it.
    """

    def __init__(self, out_dir: Path, stem: str, per_file: int,
                 head: Callable[[int], str], tail: str) -> None:
        self.out_dir = out_dir
        self.stem = stem
        self.per_file = max(1, per_file)
        self.head = head
        self.tail = tail
        self.paths: list[Path] = []
        self._file: IO[str] | None = None
        self._buffer: list[str] = []
        self._buffered = 0
        self._count = 0

    def write(self, text: str) -> None:
        """Add one record's text."""
        if self._file is None or self._count >= self.per_file:
            self._open()
        self._buffer.append(text)
        self._buffered += len(text)
        self._count += 1
        if self._buffered >= CHUNK_CHARS:
            self._flush()

    def _open(self) -> None:
        self.close()
        path = self.out_dir / f"{self.stem}-{len(self.paths) + 1:05d}.xml"
        self.paths.append(path)
        # newline="" writes "\n" as is; text values never hold a raw "\r" (escaped).
        self._file = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._buffer = [self.head(len(self.paths))]
        self._buffered, self._count = 0, 0

    def _flush(self) -> None:
        if self._file is not None and self._buffer:
            self._file.write("".join(self._buffer))
        self._buffer, self._buffered = [], 0

    def close(self) -> None:
        """Finish the open file, wrapper's tail included: after a failed record too, the files
        hold well-formed documents with every record before it."""
        if self._file is not None:
            self._buffer.append(self.tail)
            self._flush()
            self._file.close()
            self._file = None


class Builder:
    """Creates namespaced lxml elements from ``prefix:Local`` names (the ST.96 GI writer)."""

    def __init__(self, nsmap: Mapping[str, str]) -> None:
        self.nsmap = dict(nsmap)
        self._names: dict[str, str] = {}

    def qname(self, name: str) -> str:
        qualified = self._names.get(name)
        if qualified is None:
            prefix, _, local = name.rpartition(":")
            qualified = f"{{{self.nsmap[prefix]}}}{local}" if prefix else local
            self._names[name] = qualified
        return qualified

    def root(self, name: str) -> Element:
        return etree.Element(self.qname(name), nsmap=self.nsmap)

    def sub(self, parent: Element, name: str, value: Any = None,
            attrib: Mapping[str, str] | None = None) -> Element:
        node = etree.SubElement(parent, self.qname(name))
        if attrib:
            for key, item in attrib.items():
                node.set(self.qname(key), item)
        if value is not None:
            node.text = str(value)
        return node

    def opt(self, parent: Element, name: str, value: Any,
            attrib: Mapping[str, str] | None = None) -> Element | None:
        """An element only when the value is present."""
        if value is None or value == "":
            return None
        return self.sub(parent, name, value, attrib)
