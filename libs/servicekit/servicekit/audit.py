"""The audit trail: every change to business data writes who, when, what, before and after.

Rows are inserted unsealed; `servicekit.audit_chain` seals them into a hash chain a few seconds
later (chain_seq, prev_hash, row_hash) and verifies it (docs/decisions/0014).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, DateTime, Index, String, Text, UniqueConstraint, func, text
from sqlalchemy.dialects.postgresql import ARRAY, BYTEA, JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.auth import Principal
from servicekit.db import Base, jsonable
from servicekit.observability import current_request_id


class AuditRecord(Base):
    """One change (or sensitive view) of one entity. Rows are only ever inserted, then sealed once."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_entity", "entity_type", "entity_id"),
        Index("ix_audit_log_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),
        Index("ix_audit_log_occurred_at", "occurred_at"),
        Index("ix_audit_log_unsealed", "id", postgresql_where=text("chain_seq IS NULL")),
        UniqueConstraint("chain_seq", name="uq_audit_log_chain_seq"),
        CheckConstraint(
            "(chain_seq IS NULL AND prev_hash IS NULL AND row_hash IS NULL) OR "
            "(chain_seq >= 1 AND octet_length(prev_hash) = 32 AND octet_length(row_hash) = 32)",
            name="seal_complete",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor_subject: Mapped[str] = mapped_column(String(120))
    actor_username: Mapped[str] = mapped_column(String(120))
    actor_org_path: Mapped[str | None] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(80))
    org_path: Mapped[str | None] = mapped_column(Text)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    changed_fields: Mapped[list[str]] = mapped_column(ARRAY(String(80)), default=list)
    reason: Mapped[str | None] = mapped_column(Text)
    request_id: Mapped[str | None] = mapped_column(String(64))
    # The hash chain (NULL until sealed; set once by the sealer, never by a request).
    chain_seq: Mapped[int | None] = mapped_column(BigInteger)
    prev_hash: Mapped[bytes | None] = mapped_column(BYTEA)
    row_hash: Mapped[bytes | None] = mapped_column(BYTEA)


def diff_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    before = before or {}
    after = after or {}
    keys = set(before) | set(after)
    return sorted(k for k in keys if before.get(k) != after.get(k) and k not in {"updated_at", "version"})


async def record_change(
    session: AsyncSession,
    *,
    actor: Principal,
    action: str,
    entity_type: str,
    entity_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    org_path: str | None = None,
    reason: str | None = None,
) -> AuditRecord:
    """Add an audit record to the current transaction (it commits or rolls back with the change)."""
    before_j = jsonable(before) if before is not None else None
    after_j = jsonable(after) if after is not None else None
    record = AuditRecord(
        actor_subject=actor.subject,
        actor_username=actor.username,
        actor_org_path=actor.org_path,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        org_path=org_path,
        before=before_j,
        after=after_j,
        changed_fields=diff_fields(before_j, after_j),
        reason=reason,
        request_id=current_request_id(),
    )
    session.add(record)
    await session.flush()
    return record
