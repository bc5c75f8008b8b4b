"""Hardened, streaming XML reading shared by the ST.96 and ST.66 readers.

The parser never loads a DTD, never expands an entity and never touches the network; a
document that declares a DTD or entities, or uses XInclude, is refused outright (billion
laughs, quadratic blow-up and external entities all need a DTD). libxml2's own limits stay
on (``huge_tree=False``: nesting deeper than 256, text nodes over 10 MB). Records are handed
out one by one and cleared afterwards, with their finished siblings, so memory stays flat.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from marknet.formats.errors import FormatError, UnsafeInputError

XINCLUDE = "http://www.w3.org/2001/XInclude"
_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False,
    "remove_comments": True, "remove_pis": True,
}

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


def find(element: Element, path: str) -> Element | None:
    return element.find(wild(path))


def findall(element: Element, path: str) -> list[Element]:
    return element.findall(wild(path))


def text(element: Element | None, path: str = "") -> str | None:
    """Stripped text of the first match (or of ``element``); None when absent or empty."""
    if element is None:
        return None
    node = element.find(wild(path)) if path else element
    if node is None or node.text is None:
        return None
    return node.text.strip() or None


def texts(element: Element, path: str) -> list[str]:
    return [t for node in element.iterfind(wild(path)) if (t := text(node))]


def _where(name: str, exc: etree.XMLSyntaxError) -> str:
    line, column = exc.position if exc.position else (exc.lineno, 0)
    return f"{name}: line {line}, column {column}: {exc.msg}"


def _iterparse(source: Any, **options: Any) -> Any:
    return etree.iterparse(source, **_PARSER_OPTIONS, **options)


def read_root(path: Path) -> tuple[str, str]:
    """(namespace, local name) of the root; refuses DTDs and files that are not XML."""
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
            raise FormatError(_where(path.name, exc), file=str(path)) from None
    raise FormatError(f"{path.name}: no root element", file=str(path))


def _path_of(element: Element) -> str:
    names = [local(a.tag) for a in element.iterancestors()]
    return "".join("/" + n for n in reversed(names))


def iter_records(path: Path, tags: Collection[str],
                 allowed: Collection[str]) -> Iterator[tuple[str, Element]]:
    """Yield ``(position, element)`` for each element whose local name is in ``tags``
    and that is not inside another such element.

    ``allowed`` holds the namespaces the root may use; an empty string admits none. The
    element is cleared once the caller resumes, so callers extract what they need first.
    """
    ns, root = read_root(path)
    if ns not in allowed:
        found = f"namespace {ns!r}" if ns else "no namespace"
        raise FormatError(f"{path.name}: line 1: root element {root} has {found}; expected "
                          f"one of {', '.join(sorted(allowed))}", file=str(path))
    tagset = frozenset(tags)
    wanted = [f"{{*}}{t}" for t in tags] + [f"{{{XINCLUDE}}}*"]
    counters: dict[int, dict[str, int]] = {}
    with path.open("rb") as handle:
        try:
            for _event, element in _iterparse(handle, events=("end",), tag=wanted):
                if namespace(element.tag) == XINCLUDE:
                    raise UnsafeInputError(f"{path.name}: line {element.sourceline}: XInclude "
                                           "is not processed; the file is refused",
                                           file=str(path))
                name = local(element.tag)
                if any(local(a.tag) in tagset for a in element.iterancestors()):
                    continue  # part of an enclosing record, read with it
                parent = element.getparent()
                seen = counters.setdefault(id(parent), {})
                seen[name] = seen.get(name, 0) + 1
                position = f"{path.name}:{_path_of(element)}/{name}[{seen[name]}]"
                strip_namespaces(element)
                yield position, element
                _release(element)
        except etree.XMLSyntaxError as exc:
            raise FormatError(_where(path.name, exc), file=str(path)) from None


def _release(element: Element) -> None:
    """Free a finished record and the siblings before it (the standard iterparse idiom)."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
