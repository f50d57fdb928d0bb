"""Queue a record for the national platform in the current transaction (the outbox pattern):
the row commits with the change or not at all, and the pusher sends it after commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from audit.models import NationalPush
from servicekit.db import jsonable

RECORD_TYPES = {"audit": "督查记录", "followup": "督办文书", "score": "考核计分", "progress_report": "半月进展报告",
                "briefing": "工作简报"}
PROVINCE_CODE = "540000"


def idempotency_key(record_type: str, record_id: object, version: int) -> str:
    return f"{record_type}:{record_id}:v{version}"


async def queue_push(session: AsyncSession, *, record_type: str, record_id: object, version: int, org_code: str,
                     org_path: str, summary: str, occurred_at: str, data: dict[str, Any]) -> None:
    """One push per record version; queuing the same version twice is a no-op."""
    body = {"record_type": record_type, "record_id": str(record_id), "version": version,
            "province_code": PROVINCE_CODE, "org_code": org_code, "occurred_at": occurred_at, "data": jsonable(data)}
    await session.execute(insert(NationalPush).values(
        idempotency_key=idempotency_key(record_type, record_id, version), record_type=record_type,
        record_id=str(record_id), version=version, org_code=org_code, org_path=org_path, summary=summary[:200],
        body=body,
    ).on_conflict_do_nothing(index_elements=["idempotency_key"]))
