"""The inspection's tables. Importing this module registers them on Base.metadata."""

from servicekit.audit import AuditRecord
from servicekit.db import Base
from servicekit.outbox import OutboxDelivery, OutboxEvent, ProcessedEvent

__all__ = ["AuditRecord", "Base", "OutboxDelivery", "OutboxEvent", "ProcessedEvent"]
