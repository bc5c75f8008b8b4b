"""Who reads this node's exchange resources, and which records each reader may see.

Applications are confidential until published. A partner office reads published records
only; the rule per event type is in this package's README. The node itself (its operator,
signing with the node's own key) reads everything, as it does locally.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from marknet.model.accessors import is_published


@dataclass(frozen=True, slots=True)
class Reader:
    office: str
    key: str  # fingerprint of the key that signed the request
    sees_everything: bool = False

    def may_see(self, record: Mapping[str, Any]) -> bool:
        """Published records. A Union application is sent to the member offices (MSG.028)
        only when the filing office publishes it (DESIGN.md §4, steps 3-4), so an unpublished
        one has no examining office yet and is sealed for every partner too."""
        return self.sees_everything or is_published(record)
