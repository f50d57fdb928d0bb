"""The registry's tables. Importing this module registers them on Base.metadata."""

from registry.models.calendar import WorkCalendarDay, WorkCalendarYear
from registry.models.enterprise import CategoryTag, Enterprise, EnterpriseCount, EnterpriseProduct
from registry.models.operations import Filing, ImportJob
from registry.models.people import Personnel, ResponsiblePerson
from servicekit.audit import AuditRecord
from servicekit.dashboard import DashRefresh, DashStat
from servicekit.db import Base
from servicekit.outbox import OutboxDelivery, OutboxEvent, ProcessedEvent
from servicekit.reminders import Reminder

__all__ = [
    "AuditRecord",
    "Base",
    "CategoryTag",
    "DashRefresh",
    "DashStat",
    "Enterprise",
    "EnterpriseCount",
    "EnterpriseProduct",
    "Filing",
    "ImportJob",
    "OutboxDelivery",
    "OutboxEvent",
    "Personnel",
    "ProcessedEvent",
    "Reminder",
    "ResponsiblePerson",
    "WorkCalendarDay",
    "WorkCalendarYear",
]
