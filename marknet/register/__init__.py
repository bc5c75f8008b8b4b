"""The register: append-only legal-status events, projections, the integrity chain."""

from marknet.formats.items import ImportItem
from marknet.register.importer import ImportReport, Rejection
from marknet.register.register import Register, utc_now
from marknet.register.transitions import TRANSITIONS, Transition, check_transition
from marknet.register.verify import Break, VerifyReport

__all__ = ["TRANSITIONS", "Break", "ImportItem", "ImportReport", "Register", "Rejection",
           "Transition", "VerifyReport", "check_transition", "utc_now"]
