"""Hardened, streaming XML reading shared by the ST.96 and ST.66 readers.

The parser never loads a DTD, never expands an entity and never touches the network; a
document that declares a DTD or entities, or uses XInclude, is refused outright (billion
laughs, quadratic blow-up and external entities all need a DTD). libxml2's own limits stay
on (``huge_tree=False``: nesting deeper than 256, text nodes over 10 MB). Records are handed
out one by one and cleared afterwards, with their finished siblings, so memory stays flat.
``Node`` answers a record's queries by local name without ElementPath; ``kids``, ``below`` and
``first`` let a reader that knows a record's shape walk it instead (the ST.96 trademark
reader); ``record_bytes`` and ``parse_record`` carry a record to another process (the bulk
importer's workers).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, cast

from lxml import etree

from marknet.formats.errors import FormatError, UnsafeInputError

XINCLUDE = "http://www.w3.org/2001/XInclude"
_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False,
    "remove_comments": True, "remove_pis": True,
}

# Whitespace between elements is layout: readers strip every text they take, so the parser may
# drop it, which makes parsing, serialising and re-parsing a pretty-printed record a third
# cheaper (libxml2 keeps whitespace-only elements and mixed content as they are).
_NO_BLANKS = {**_PARSER_OPTIONS, "remove_blank_text": True}
_ENTITY_REF = re.compile(rb"&([A-Za-z_][A-Za-z0-9._-]*);")

Element = etree._Element


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


def namespace(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


@cache
def wild(path: str) -> str:
    """The ElementPath for a record's elements, which ``iter_records`` has stripped of their
    namespaces (tolerant reading: ``tmk:``, ``us:`` and ``rupto:`` elements read alike).

    Plain local names are several times faster in lxml than ``{*}`` wildcards.
    """
    return path


def strip_namespaces(element: Element) -> None:
    """Reduce every tag in a record's subtree to its local name."""
    for node in element.iter():
        tag = node.tag
        if isinstance(tag, str) and tag[0] == "{":
            node.tag = tag[tag.index("}") + 1:]


@cache
def _steps(path: str) -> tuple[str, ...]:
    steps = tuple(path.split("/"))
    if not all(step.isidentifier() for step in steps):
        raise ValueError(f"not a path of child names: {path!r}")
    return steps


_Index = dict[tuple[Element, str], list[Element]]
_NONE: list[Element] = []


class Node:
    """A record's element seen through local names, for fast tolerant queries.

    An ElementPath query costs lxml ~5 µs and a record needs ~60 of them. Here the record's
    elements are indexed once, by (parent, local name), in one pass in C order; a query is
    then a dict look-up per step. Paths are child steps (``A/B/C``) answered as ElementPath
    does: ``findall`` in document order, ``find`` the first of them.
    """

    __slots__ = ("_index", "element", "tag")

    def __init__(self, element: Element, tag: str | None = None,
                 index: _Index | None = None) -> None:
        self.element = element
        self.tag = tag if tag is not None else local(str(element.tag))
        self._index = index if index is not None else _index_of(element)

    @property
    def text(self) -> str | None:
        return self.element.text

    def get(self, key: str) -> str | None:
        return self.element.get(key)

    def elements(self, path: str) -> list[Element]:
        """The lxml elements at ``path`` below this one, in document order."""
        index = self._index
        steps = _steps(path)
        found = index.get((self.element, steps[0]), _NONE)
        for step in steps[1:]:
            if not found:
                break
            below: list[Element] = []
            for element in found:
                below += index.get((element, step), _NONE)
            found = below
        return found

    def findall(self, path: str) -> list[Node]:
        name, index = _steps(path)[-1], self._index
        return [Node(element, name, index) for element in self.elements(path)]

    def iterfind(self, path: str) -> Iterator[Node]:
        return iter(self.findall(path))

    def find(self, path: str) -> Node | None:
        found = self.elements(path)
        return Node(found[0], _steps(path)[-1], self._index) if found else None

    def iter(self) -> Iterator[Node]:
        """This node and its descendants in document order (as ``Element.iter``)."""
        for element in self.element.iter(_ELEMENTS):
            yield Node(element, _local_name(str(element.tag)), self._index)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Node) and other.element is self.element

    def __hash__(self) -> int:
        return id(self.element)


def _index_of(root: Element) -> _Index:
    # lxml hands out one proxy per live element, so a parent found by getparent() is the
    # very key its children were filed under (the index keeps them all alive).
    index: _Index = {}
    for element in root.iterdescendants(_ELEMENTS):
        key = (cast(Element, element.getparent()), _local_name(element.tag))
        siblings = index.get(key)
        if siblings is None:
            index[key] = [element]
        else:
            siblings.append(element)
    return index


ELEMENTS: Any = etree.Element  # as a tag filter: elements only (no comments), matched in C
_ELEMENTS = ELEMENTS
_LOCAL_NAMES: dict[str, str] = {}


def _local_name(tag: str) -> str:
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        if len(_LOCAL_NAMES) > 10_000:
            _LOCAL_NAMES.clear()  # a file with endless distinct tags must not grow memory
        name = _LOCAL_NAMES[tag] = local(tag)
    return name


# --- walking a record: the ST.96 trademark reader's path ------------------------------------
#
# A reader that knows a record's shape walks it instead of querying it: each element it reads
# has its children grouped by local name once (``kids``), and a field is a dict look-up in
# the group. ``below``, ``first`` and ``stripped_texts`` answer as ``findall``, ``text`` and
# ``texts`` do on child paths: document order, the first match's text (None when that one is
# empty, even if a later match is not).

Kids = dict[str, list[Element]]


def kids(element: Element) -> Kids:
    """The element's child elements by local name, in document order."""
    out: Kids = {}
    names = _LOCAL_NAMES
    for child in element:
        tag = child.tag
        name = names.get(tag)
        if name is None:
            if type(tag) is not str:
                continue  # comments and PIs: the parsers drop them, but never read one as data
            name = _local_name(tag)
        found = out.get(name)
        if found is None:
            out[name] = [child]
        else:
            found.append(child)
    return out


def below(elements: list[Element], *names: str) -> list[Element]:
    """The elements at the child path ``names`` below ``elements``, in document order."""
    for name in names:
        if not elements:
            break
        elements = [c for e in elements for c in kids(e).get(name, _NONE)]
    return elements


def first(elements: list[Element] | None) -> str | None:
    """Stripped text of the first element; None when there is none or its text is blank."""
    return _stripped(elements[0].text) if elements else None


def first_of(groups: list[Kids], name: str) -> str | None:
    """``first`` of the ``name`` children of several elements (grouped by ``kids``)."""
    for group in groups:
        found = group.get(name)
        if found:
            return _stripped(found[0].text)
    return None


def stripped_texts(elements: list[Element] | None) -> list[str]:
    """The non-blank stripped texts of the elements."""
    return [t for e in elements or _NONE if (t := _stripped(e.text))]


Tree = TypeVar("Tree", Element, Node)


def find(element: Tree, path: str) -> Tree | None:
    return element.find(wild(path))


def findall(element: Tree, path: str) -> list[Tree]:
    return element.findall(wild(path))


def text(element: Tree | None, path: str = "") -> str | None:
    """Stripped text of the first match (or of ``element``); None when absent or empty."""
    if element is None:
        return None
    if isinstance(element, Node):  # the hot path of the ST.96 reader: no ElementPath
        if not path:
            return _stripped(element.element.text)
        found = element.elements(path)
        return _stripped(found[0].text) if found else None
    node = element.find(wild(path)) if path else element
    return None if node is None else _stripped(node.text)


def _stripped(value: str | None) -> str | None:
    return (value.strip() or None) if value is not None else None


def texts(element: Tree, path: str) -> list[str]:
    if isinstance(element, Node):
        return [t for node in element.elements(path) if (t := _stripped(node.text))]
    return [t for node in element.iterfind(wild(path)) if (t := text(node))]


def _where(name: str, exc: etree.XMLSyntaxError, path: Path | None = None) -> str:
    line, column = exc.position if exc.position else (exc.lineno, 0)
    if line <= 0 and path is not None:  # libxml2 gave no place: an undeclared entity does that
        found = _entity_reference(path)
        if found is not None:
            (line, column), entity = found
            return (f"{name}: line {line}, column {column}: undeclared entity &{entity}; "
                    "(marknet expands no entities)")
    return f"{name}: line {line}, column {column}: {exc.msg}"


_PREDEFINED = (b"amp", b"lt", b"gt", b"quot", b"apos")


def _entity_reference(path: Path) -> tuple[tuple[int, int], str] | None:
    """Line and column (1-based) of the first reference to an entity XML does not predefine:
    libxml2 reports an undeclared one at line 0. Read in blocks: memory stays flat."""
    line, carry = 1, b""
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            data = carry + block
            for match in _ENTITY_REF.finditer(data):
                if match.group(1) not in _PREDEFINED:
                    start = match.start()
                    before = data.rfind(b"\n", 0, start)
                    place = (line + data.count(b"\n", 0, start), start - before)
                    return place, match.group(1).decode("ascii")
            cut = max(data.rfind(b"\n") + 1, len(data) - 64)
            line += data.count(b"\n", 0, cut)
            carry = data[cut:]
    return None


def _iterparse(source: Any, blanks: bool = True, **options: Any) -> Any:
    return etree.iterparse(source, **(_PARSER_OPTIONS if blanks else _NO_BLANKS), **options)


def record_bytes(element: Element) -> bytes:
    """A record element as a standalone document, to be read elsewhere (``parse_record``)."""
    return etree.tostring(element, encoding="utf-8", xml_declaration=False, with_tail=False)


_local_parser = threading.local()


def parse_record(data: bytes) -> Element:
    """Parse ``record_bytes`` with the same hardened options (lxml parsers are per thread)."""
    parser = getattr(_local_parser, "parser", None)
    if parser is None:
        parser = _local_parser.parser = etree.XMLParser(**_NO_BLANKS)
    return etree.fromstring(data, parser)


_PROLOG_BYTES = 65_536
_PROLOG_SKIPS = {b"<?": b"?>", b"<!--": b"-->"}


def _doctype_offset(head: bytes) -> int | None:
    """Where a DOCTYPE starts in the prolog (after the XML declaration, comments and
    processing instructions), or None when the root element comes first."""
    at = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while True:
        at = len(head) - len(head[at:].lstrip())
        if head.startswith(b"<!DOCTYPE", at):
            return at
        closer = next((c for o, c in _PROLOG_SKIPS.items() if head.startswith(o, at)), None)
        closed = -1 if closer is None else head.find(closer, at)
        if closer is None or closed < 0:
            return None
        at = closed + len(closer)


def _refuse_doctype(path: Path) -> None:
    """Refuse a DOCTYPE before libxml2 parses it, so the refusal is marknet's whatever
    libxml2's version does with the declarations (2.14 stops some with its own errors)."""
    with path.open("rb") as handle:
        head = handle.read(_PROLOG_BYTES)
    found = _doctype_offset(head)
    if found is not None:
        line = head.count(b"\n", 0, found) + 1
        raise UnsafeInputError(f"{path.name}: line {line}: a DTD (DOCTYPE) is declared; marknet "
                               "never loads DTDs or expands entities", file=str(path))


def read_root(path: Path) -> tuple[str, str]:
    """(namespace, local name) of the root; refuses DTDs and files that are not XML."""
    _refuse_doctype(path)
    with path.open("rb") as handle:
        try:
            for _event, element in _iterparse(handle, events=("start",)):
                info = element.getroottree().docinfo
                if info.internalDTD is not None or info.doctype or info.system_url:
                    raise UnsafeInputError(
                        f"{path.name}: line 1: a DTD (DOCTYPE) is declared; marknet never "
                        "loads DTDs or expands entities", file=str(path))
                return namespace(element.tag), local(element.tag)
        except etree.XMLSyntaxError as exc:
            raise FormatError(_where(path.name, exc, path), file=str(path)) from None
    raise FormatError(f"{path.name}: no root element", file=str(path))


@dataclass(slots=True)
class _Container:
    """What the records under one parent element share: the parent's path, whether it lies
    inside another record, and how many records of each name it has held so far."""

    path: str
    nested: bool
    seen: dict[str, int] = field(default_factory=dict)


def _container(parent: Element | None, tagset: frozenset[str],
               cache: dict[Element | None, _Container]) -> _Container:
    """The parent's container, worked out once per parent rather than once per record.

    Only open elements (the parent and its ancestors) can receive further records, so the
    others are dropped: the cache stays as small as the nesting is deep.
    """
    container = cache.get(parent)
    if container is None:
        ancestors = [] if parent is None else [parent, *parent.iterancestors()]
        names = [local(str(a.tag)) for a in reversed(ancestors)]
        for finished in [k for k in cache if k is None or k not in ancestors]:
            del cache[finished]
        container = cache[parent] = _Container("".join("/" + n for n in names),
                                               not tagset.isdisjoint(names))
    return container


def iter_records(path: Path, tags: Collection[str], allowed: Collection[str],
                 strip: bool = True, blanks: bool = True) -> Iterator[tuple[str, Element]]:
    """Yield ``(position, element)`` for each element whose local name is in ``tags``
    and that is not inside another such element.

    ``allowed`` holds the namespaces the root may use; an empty string admits none. With
    ``strip`` the record's tags are reduced to local names (see ``wild``); readers that go
    through ``Node`` skip that. Without ``blanks``, whitespace between elements is dropped
    (see ``_NO_BLANKS``). The element is cleared once the caller resumes, so callers
    extract what they need first.
    """
    ns, root = read_root(path)
    if ns not in allowed:
        found = f"namespace {ns!r}" if ns else "no namespace"
        raise FormatError(f"{path.name}: line 1: root element {root} has {found}; expected "
                          f"one of {', '.join(sorted(allowed))}", file=str(path))
    tagset = frozenset(tags)
    # The root's start gives the tree to prune (see _Pruned); records and XInclude end.
    wanted = [f"{{*}}{t}" for t in tags] + [f"{{{XINCLUDE}}}*", f"{{{ns}}}{root}" if ns else root]
    containers: dict[Element | None, _Container] = {}
    with path.open("rb") as raw:
        handle = _Pruned(raw, tagset)
        try:
            for event, element in _iterparse(handle, blanks, events=("start", "end"),
                                             tag=wanted):
                tag = str(element.tag)
                if event == "start":
                    if element.getparent() is None:
                        handle.root = element
                    continue
                if element.getparent() is None and local(tag) not in tagset:
                    continue  # the root's end: every record is read
                if namespace(tag) == XINCLUDE:
                    raise UnsafeInputError(f"{path.name}: line {element.sourceline}: XInclude "
                                           "is not processed; the file is refused",
                                           file=str(path))
                parent = element.getparent()
                container = _container(parent, tagset, containers)
                if container.nested:
                    continue  # part of an enclosing record, read with it
                name = local(tag)
                count = container.seen[name] = container.seen.get(name, 0) + 1
                position = f"{path.name}:{container.path}/{name}[{count}]"
                if strip:
                    strip_namespaces(element)
                yield position, element
                _release(element, parent)
        except etree.XMLSyntaxError as exc:
            raise FormatError(_where(path.name, exc, path), file=str(path)) from None


class _Pruned:
    """The file as the parser reads it. Before each read, every event so far has been handed
    out and each record released, so whatever the parser has finished is dropped: along the
    tree's right edge only the last (maybe open) child is kept at each level. Elements that
    are no record (5 million of them after one record, say) therefore never pile up."""

    def __init__(self, handle: Any, tagset: frozenset[str]) -> None:
        self.handle = handle
        self.tagset = tagset
        self.root: Element | None = None

    def read(self, size: int = -1) -> bytes:
        node = self.root
        while node is not None and len(node) and local(str(node.tag)) not in self.tagset:
            if len(node) > 1:
                del node[:-1]  # a record being read is the last child: it stays whole
            node = node[0]
        data: bytes = self.handle.read(size)
        return data


def _release(element: Element, parent: Element | None) -> None:
    """Free a finished record and the siblings before it (the standard iterparse idiom)."""
    element.clear()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
