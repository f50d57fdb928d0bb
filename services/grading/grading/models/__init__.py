"""The grading service's tables."""

from grading.models.lists import CategoryList, CategoryListEntry
from grading.models.rules import RuleBound, RuleSet
from grading.models.units import GradeHistory, HighRisk, RecomputeRun, RiskEvent, Unit, Visit
from servicekit.audit import AuditRecord  # noqa: F401  (kit tables in the metadata)
from servicekit.db import Base
from servicekit.outbox import OutboxEvent  # noqa: F401

__all__ = ["Base", "CategoryList", "CategoryListEntry", "GradeHistory", "HighRisk", "RecomputeRun", "RiskEvent",
           "RuleBound", "RuleSet", "Unit", "Visit"]
