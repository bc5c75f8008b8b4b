"""Who may see which record.

Applications are confidential until published: the public sees a record only once it has been
published or entered the register; an applicant also sees the applications they filed; an
examiner sees everything of their own office; an administrator sees everything. A record the
caller may not see is reported as absent (404), never as forbidden, so its existence does not
leak.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from marknet.accounts.users import Principal, Role
from marknet.errors import NotFoundError
from marknet.model import PUBLIC_STATUSES
from marknet.model.accessors import is_published
from marknet.store import Scope, Store, StoredRecord

__all__ = ["PUBLIC_STATUSES", "filter_visible", "is_published", "listing_scope", "may_see",
           "own_filings", "visible_record"]


def own_filings(store: Store, principal: Principal, ids: Iterable[str]) -> set[str]:
    """Those of ``ids`` that the principal filed through the API."""
    if principal.user is None or principal.role is not Role.APPLICANT:
        return set()
    return store.filings_of(principal.user.id, ids)


def listing_scope(principal: Principal) -> Scope:
    """The records the principal may list: the published ones, plus their office's
    (examiners) or their own filings (applicants); everything for an administrator."""
    user = principal.user
    public = frozenset(s.value for s in PUBLIC_STATUSES)
    if user is not None and user.role is Role.ADMIN:
        return Scope(everything=True)
    if user is not None and user.role is Role.EXAMINER:
        return Scope(statuses=public, office=user.office)
    if user is not None and user.role is Role.APPLICANT:
        return Scope(statuses=public, filer=user.id)
    return Scope(statuses=public)


def may_see(principal: Principal, data: Mapping[str, Any], owned: bool = False) -> bool:
    if is_published(data) or owned:
        return True
    user = principal.user
    if user is None:
        return False
    if user.role is Role.ADMIN:
        return True
    return user.role is Role.EXAMINER and data.get("office") == user.office


def visible_record(store: Store, principal: Principal, record_id: str) -> StoredRecord:
    """The stored record, or NotFoundError when it is absent or hidden from the principal."""
    key = record_id.strip().upper()[:40]
    stored = store.get_records([key]).get(key)
    if stored is not None:
        owned = bool(own_filings(store, principal, [key]))
        if may_see(principal, stored.data, owned):
            return stored
    raise NotFoundError(f"no record {key}", id=key)


def filter_visible(store: Store, principal: Principal,
                   records: list[StoredRecord]) -> list[StoredRecord]:
    owned = own_filings(store, principal, [r.id for r in records if not is_published(r.data)])
    return [r for r in records if may_see(principal, r.data, r.id in owned)]
