"""Errors of the format readers and writers, under the one root (marknet.errors)."""

from __future__ import annotations

from marknet.errors import InputError


class FormatError(InputError):
    """A file cannot be read any further: not XML, truncated, bad encoding, wrong namespace.

    Raised after the good records seen before the break have been yielded; the message names
    the file and the place (line and column, or XPath).
    """

    code = "bad_file"


class UnsafeInputError(FormatError):
    """The file uses an XML feature marknet never processes: a DTD, entity declarations,
    XInclude. Nothing is expanded or fetched; the file is refused."""

    code = "unsafe_xml"


class UnknownFormatError(InputError):
    """The format could not be recognised or is not one marknet reads or writes."""

    code = "unknown_format"
