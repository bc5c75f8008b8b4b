"""The union of the register's record types."""

from __future__ import annotations

from marknet.model.gi import GeographicalIndication
from marknet.model.trademark import Trademark

Record = Trademark | GeographicalIndication
