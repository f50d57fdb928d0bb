"""The gateway's tables. Importing this module registers them on Base.metadata."""

from gateway.models.apikeys import ApiClientKey
from gateway.models.identity import LoginEvent, OrgUnit, RefreshSession, User
from servicekit.audit import AuditRecord
from servicekit.db import Base
from servicekit.outbox import OutboxDelivery, OutboxEvent, ProcessedEvent

__all__ = [
    "ApiClientKey", "AuditRecord", "Base", "LoginEvent", "OrgUnit", "OutboxDelivery", "OutboxEvent", "ProcessedEvent",
    "RefreshSession", "User",
]
