"""Small helpers for building ST.96/ST.66 elements with lxml and streaming them to files.

Writers build one record's element at a time and hand it to ``etree.xmlfile``, so an export
of any size holds one record in memory. Files split every ``per_file`` records.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from lxml import etree

Element = etree._Element


class Builder:
    """Creates namespaced elements from ``prefix:Local`` names."""

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


class SplitWriter:
    """Writes records into numbered files, ``per_file`` at a time, inside a fixed wrapper.

    ``opener(xf, index)`` writes the document's opening (root, headers) and returns a context
    stack to close; records are then written one by one with ``write``.
    """

    def __init__(self, out_dir: Path, stem: str, per_file: int,
                 opener: Callable[[Any, contextlib.ExitStack, int], None]) -> None:
        self.out_dir = out_dir
        self.stem = stem
        self.per_file = max(1, per_file)
        self.opener = opener
        self.paths: list[Path] = []
        self._stack: contextlib.ExitStack | None = None
        self._xf: Any = None
        self._count = 0

    def write(self, element: Element) -> None:
        if self._stack is None or self._count >= self.per_file:
            self._open()
        self._xf.write(element, pretty_print=True)
        self._count += 1

    def _open(self) -> None:
        self.close()
        path = self.out_dir / f"{self.stem}-{len(self.paths) + 1:05d}.xml"
        self.paths.append(path)
        stack = contextlib.ExitStack()
        xf = stack.enter_context(etree.xmlfile(str(path), encoding="utf-8"))
        xf.write_declaration()
        self.opener(xf, stack, len(self.paths))
        self._stack, self._xf, self._count = stack, xf, 0

    def close(self) -> None:
        if self._stack is not None:
            self._stack.close()
            self._stack = None
