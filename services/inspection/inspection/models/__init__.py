"""The inspection service's tables. Importing this module registers them on Base.metadata."""

from inspection.models.assessments import Assessment, AssessmentPerson, PersonRef, Question
from inspection.models.checklists import ChecklistItem, ChecklistTemplate
from inspection.models.followups import Assistance, Recall, Referral
from inspection.models.inspections import Inspection, InspectionItem, InspectionPhoto, RandomDraw, Task
from inspection.models.rectifications import Rectification, RectificationEvidence, RiskEvent
from inspection.models.routines import (
    RiskControlList,
    RiskTemplate,
    RoutinePhoto,
    RoutineProblem,
    RoutineRecord,
    TrainingRecord,
    UnitDocument,
    WorkdayRef,
    WorkyearRef,
)
from inspection.models.units import Unit, UnitRiskPoint
from servicekit.audit import AuditRecord
from servicekit.dashboard import DashRefresh, DashStat
from servicekit.db import Base
from servicekit.outbox import OutboxDelivery, OutboxEvent, ProcessedEvent
from servicekit.reminders import Reminder

__all__ = [
    "Assessment",
    "AssessmentPerson",
    "Assistance",
    "AuditRecord",
    "Base",
    "ChecklistItem",
    "ChecklistTemplate",
    "DashRefresh",
    "DashStat",
    "Inspection",
    "InspectionItem",
    "InspectionPhoto",
    "OutboxDelivery",
    "OutboxEvent",
    "PersonRef",
    "ProcessedEvent",
    "Question",
    "RandomDraw",
    "Recall",
    "Rectification",
    "RectificationEvidence",
    "Referral",
    "Reminder",
    "RiskControlList",
    "RiskEvent",
    "RiskTemplate",
    "RoutinePhoto",
    "RoutineProblem",
    "RoutineRecord",
    "Task",
    "TrainingRecord",
    "Unit",
    "UnitDocument",
    "UnitRiskPoint",
    "WorkdayRef",
    "WorkyearRef",
]
