"""The audit service's tables. Importing this module registers them on Base.metadata."""

from audit.models.audits import Audit, AuditChecklist, AuditFile, AuditItem
from audit.models.bureau import Activity, LeadingGroupDuty, LeadingGroupMember, Liaison, WorkGroup
from audit.models.followups import DocumentCounter, DocumentPrefix, FollowUp
from audit.models.national import NationalPush
from audit.models.progress import Briefing, Decision, Meeting, ProgressReport
from audit.models.scores import ScoreEntry
from servicekit.audit import AuditRecord
from servicekit.dashboard import DashRefresh, DashStat
from servicekit.db import Base
from servicekit.outbox import OutboxDelivery, OutboxEvent, ProcessedEvent
from servicekit.reminders import Reminder

__all__ = [
    "Activity",
    "Audit",
    "AuditChecklist",
    "AuditFile",
    "AuditItem",
    "AuditRecord",
    "Base",
    "Briefing",
    "DashRefresh",
    "DashStat",
    "Decision",
    "DocumentCounter",
    "DocumentPrefix",
    "FollowUp",
    "LeadingGroupDuty",
    "LeadingGroupMember",
    "Liaison",
    "Meeting",
    "NationalPush",
    "OutboxDelivery",
    "OutboxEvent",
    "ProcessedEvent",
    "ProgressReport",
    "Reminder",
    "ScoreEntry",
    "WorkGroup",
]
