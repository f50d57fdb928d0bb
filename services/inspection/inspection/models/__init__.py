"""The inspection service's tables. Importing this module registers them on Base.metadata."""

from inspection.models.checklists import ChecklistItem, ChecklistTemplate
from inspection.models.inspections import Inspection, InspectionItem, InspectionPhoto, RandomDraw, Task
from inspection.models.rectifications import Rectification, RiskEvent
from inspection.models.units import Unit, UnitRiskPoint
from servicekit.audit import AuditRecord
from servicekit.db import Base
from servicekit.outbox import OutboxDelivery, OutboxEvent, ProcessedEvent

__all__ = ["AuditRecord", "Base", "ChecklistItem", "ChecklistTemplate", "Inspection", "InspectionItem", "InspectionPhoto",
           "OutboxDelivery", "OutboxEvent", "ProcessedEvent", "RandomDraw", "Rectification", "RiskEvent", "Task", "Unit",
           "UnitRiskPoint"]
