"""What the registry does with other services' events: it mirrors each unit's grade from the
grading service (grade.changed one by one, grades.recomputed in bulk) so the archive list can
show and filter by it. The grading service stays the owner; this column is a read copy."""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.outbox import EventEnvelope, EventHandler

MIRROR = text("""
    UPDATE enterprise e SET grade = x.grade
    FROM unnest(CAST(:ids AS uuid[]), CAST(:grades AS text[])) AS x(id, grade)
    WHERE e.id = x.id AND e.grade IS DISTINCT FROM x.grade
""")


async def _mirror(session: AsyncSession, items: list[dict[str, object]]) -> None:
    if items:
        await session.execute(MIRROR, {"ids": [uuid.UUID(str(i["enterprise_id"])) for i in items],
                                       "grades": [i.get("grade") for i in items]})


async def grade_changed(session: AsyncSession, event: EventEnvelope) -> None:
    await _mirror(session, [event.payload])


async def grades_recomputed(session: AsyncSession, event: EventEnvelope) -> None:
    """A chunk of the grading service's full recompute, as parallel arrays (docs/api/events.md)."""
    p = event.payload
    await _mirror(session, [{"enterprise_id": e, "grade": g}
                            for e, g in zip(p.get("enterprise_id", []), p.get("grade", []), strict=True)])


HANDLERS: dict[str, EventHandler] = {"grade.changed": grade_changed, "grades.recomputed": grades_recomputed}
