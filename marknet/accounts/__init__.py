"""Users, roles, tokens and who may see which record: below the API and the pages, so the
watches, the search service and the CLI use the same rules without importing HTTP code."""

from __future__ import annotations

from marknet.accounts.access import filter_visible, may_see, own_filings, visible_record
from marknet.accounts.users import PUBLIC, Principal, Role, User

__all__ = ["PUBLIC", "Principal", "Role", "User", "filter_visible", "may_see", "own_filings",
           "visible_record"]
