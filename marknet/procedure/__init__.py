"""Procedures: workflows as transition tables over the register, deadlines, the clock, and
the EAEU procedure across offices (DESIGN.md §4)."""

from marknet.procedure.decisions import Decision
from marknet.procedure.engine import CLOCK, Actor, Procedures, StepInput
from marknet.procedure.examine import ConflictReport, conflict_report
from marknet.procedure.messages import LocalNetwork, Message, Transport
from marknet.procedure.scheduler import TickReport, tick
from marknet.procedure.service import (
    advance,
    decide,
    examine,
    file,
    history,
    open_procedures,
)
from marknet.procedure.tables import TABLES, Role, Workflow

__all__ = ["CLOCK", "TABLES", "Actor", "ConflictReport", "Decision", "LocalNetwork", "Message",
           "Procedures", "Role", "StepInput", "TickReport", "Transport", "Workflow", "advance",
           "conflict_report", "decide", "examine", "file", "history", "open_procedures", "tick"]
