"""The grading service's tables."""

from grading.models.lists import CategoryList, CategoryListEntry
from grading.models.rules import RuleBound, RuleSet
from grading.models.units import DERIVED, GradeHistory, HighRisk, RecomputeRun, RiskEvent, Unit, UnitGrade, Visit
from servicekit.audit import AuditRecord  # noqa: F401  (kit tables in the metadata)
from servicekit.dashboard import DashRefresh, DashStat
from servicekit.db import Base
from servicekit.outbox import OutboxEvent  # noqa: F401
from servicekit.reminders import Reminder

__all__ = [
    "DERIVED",
    "Base",
    "CategoryList",
    "CategoryListEntry",
    "DashRefresh",
    "DashStat",
    "GradeHistory",
    "HighRisk",
    "RecomputeRun",
    "Reminder",
    "RiskEvent",
    "RuleBound",
    "RuleSet",
    "Unit",
    "UnitGrade",
    "Visit",
]
