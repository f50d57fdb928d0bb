"""What the registry does with other services' events: it mirrors each unit's grade from the
grading service (grade.changed one by one, grades.recomputed in bulk) so the archive list can
show and filter by it, and puts published assessment results on the roster (assessment.published).
The other services stay the owners; these columns are read copies."""

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


ASSESSED = text("""
    UPDATE personnel p SET assessment_result = CASE WHEN x.passed THEN 'passed' ELSE 'failed' END,
                           assessment_score = x.score
    FROM unnest(CAST(:ids AS uuid[]), CAST(:scores AS int[]), CAST(:passed AS bool[])) AS x(id, score, passed)
    WHERE p.id = x.id
""")


async def assessment_published(session: AsyncSession, event: EventEnvelope) -> None:
    """The inspection service published a 监督抽查考核: each person's latest result goes on the roster."""
    results = list(event.payload.get("results", []))
    if results:
        await session.execute(ASSESSED, {"ids": [uuid.UUID(r["personnel_id"]) for r in results],
                                         "scores": [r["score"] for r in results],
                                         "passed": [bool(r["passed"]) for r in results]})


HANDLERS: dict[str, EventHandler] = {"grade.changed": grade_changed, "grades.recomputed": grades_recomputed,
                                     "assessment.published": assessment_published}
