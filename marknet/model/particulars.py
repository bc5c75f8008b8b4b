"""Register particulars: what a national register states about a mark beyond the model's fields.

Rospatent's open data name, for instance, the application a divisional mark came from, the
international registration a national application replaced, the Crimea recognition papers
and the per-kind descriptions. They are kept as named strings (dates in ISO form) so that
they survive every round trip and can be shown; a name outside this list is refused.
"""

from __future__ import annotations

import datetime as dt

DATE_PARTICULARS: frozenset[str] = frozenset({
    "priority_date", "exhibition_priority_date",
    "initial_application_priority_date", "initial_registration_date",
    "international_registration_date", "international_registration_priority_date",
    "international_registration_entry_date",
    "crimea_recognition_application_date", "crimea_ukraine_application_date",
    "transfer_agreement_registration_date",
})
TEXT_PARTICULARS: frozenset[str] = frozenset({
    "initial_application_number", "initial_registration_number",
    "international_registration_number",
    "crimea_recognition_application_number", "crimea_ukraine_application_number",
    "crimea_ukraine_certificate_number",
    "transfer_agreement_registration_number",
    "related_applications", "related_registrations",
    "foreign_holder_name", "correspondence_address",
    "collective_users", "collective_charter_extract",
    "colour_specification", "kind_specification",
    "threedimensional_specification", "holographic_specification", "sound_specification",
    "olfactory_specification", "colour_mark_specification", "light_specification",
    "changing_specification", "positional_specification",
    "publication_url",
})
PARTICULARS: frozenset[str] = DATE_PARTICULARS | TEXT_PARTICULARS
MAX_PARTICULAR_CHARS = 20_000


def particular_problem(name: str, value: str) -> str | None:
    """Why ``name: value`` cannot be a register particular, or None when it can."""
    if name not in PARTICULARS:
        return f"unknown particular {name!r}"
    if len(value) > MAX_PARTICULAR_CHARS:
        return f"longer than {MAX_PARTICULAR_CHARS} characters"
    if name in DATE_PARTICULARS:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return f"must be a date YYYY-MM-DD, not {value!r}"
    return None
