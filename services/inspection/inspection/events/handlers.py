"""What the inspection service does with other services' events: it keeps its copy of each unit
(name, types, place, status from the registry; grade, level, category and high-risk designation
from grading), which the checklist's header, the choice of template and the planned tasks need."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import func, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.models import PersonRef, Unit, WorkdayRef, WorkyearRef
from servicekit.outbox import EventEnvelope

CLOSED = ("deregistered", "revoked", "moved_out")
Handler = Callable[[AsyncSession, EventEnvelope], Awaitable[None]]


def _row(i: dict[str, Any]) -> dict[str, Any]:
    status = i.get("status") or "normal"
    return {"enterprise_id": uuid.UUID(str(i["id"])), "credit_code": i["credit_code"], "name": i.get("name") or "",
            "unit_types": list(i.get("unit_types") or []), "org_path": i["org_path"], "status": status,
            "active": status not in CLOSED, "source_version": i.get("version"), "key_tags": list(i.get("key_tags") or []),
            "archived_on": dt.date.fromisoformat(i["archived_on"]) if i.get("archived_on") else None}


async def _upsert(session: AsyncSession, items: list[dict[str, Any]]) -> None:
    rows = [_row(i) for i in items if i.get("id") and i.get("org_path") and i.get("credit_code")]
    if not rows:
        return
    stmt = insert(Unit).values(rows)
    newer = (Unit.source_version.is_(None) | stmt.excluded.source_version.is_(None)
             | (stmt.excluded.source_version >= Unit.source_version))
    await session.execute(stmt.on_conflict_do_update(
        index_elements=["enterprise_id"], where=newer,
        set_={c: stmt.excluded[c] for c in ("credit_code", "name", "unit_types", "org_path", "status", "active",
                                              "source_version", "key_tags")}
        | {"archived_on": func.coalesce(stmt.excluded.archived_on, Unit.archived_on)}))


async def enterprise_changed(session: AsyncSession, event: EventEnvelope) -> None:
    await _upsert(session, [event.payload])


async def enterprise_imported(session: AsyncSession, event: EventEnvelope) -> None:
    await _upsert(session, list(event.payload.get("items", [])))


GRADES = text("""
    UPDATE unit_ref u SET grade = x.grade, level = x.level, supervising_org_code = x.sup,
                          category = coalesce(x.category, u.category)
    FROM unnest(CAST(:ids AS uuid[]), CAST(:grades AS text[]), CAST(:levels AS text[]), CAST(:sups AS text[]),
                CAST(:categories AS text[])) AS x(id, grade, level, sup, category)
    WHERE u.enterprise_id = x.id
""")


async def grade_changed(session: AsyncSession, event: EventEnvelope) -> None:
    p = event.payload
    await session.execute(GRADES, {"ids": [uuid.UUID(p["enterprise_id"])], "grades": [p.get("grade")],
                                   "levels": [p.get("level")], "sups": [p.get("supervising_org_code")],
                                   "categories": [p.get("category")]})


async def grades_recomputed(session: AsyncSession, event: EventEnvelope) -> None:
    p = event.payload
    ids = p.get("enterprise_id", [])
    await session.execute(GRADES, {"ids": [uuid.UUID(i) for i in ids], "grades": p.get("grade", []),
                                   "levels": p.get("level", []), "sups": p.get("supervising_org_code", []),
                                   "categories": p.get("category", [None] * len(ids))})


async def category_changed(session: AsyncSession, event: EventEnvelope) -> None:
    p = event.payload
    await session.execute(update(Unit).where(Unit.enterprise_id == uuid.UUID(p["enterprise_id"]))
                          .values(category=p["category"]))


async def high_risk_designated(session: AsyncSession, event: EventEnvelope) -> None:
    p = event.payload
    await session.execute(update(Unit).where(Unit.enterprise_id == uuid.UUID(p["enterprise_id"]))
                          .values(high_risk_since=dt.date.fromisoformat(p["designated_on"])))


async def high_risk_ended(session: AsyncSession, event: EventEnvelope) -> None:
    p = event.payload
    await session.execute(update(Unit).where(Unit.enterprise_id == uuid.UUID(p["enterprise_id"]))
                          .values(high_risk_since=None))


async def personnel_changed(session: AsyncSession, event: EventEnvelope) -> None:
    """A director or officer appointed, changed or leaving (the registry's roster)."""
    p = event.payload
    if not p.get("personnel_id") or not p.get("name") or not p.get("org_path"):
        return  # an event from before the payload carried names: the next change brings it
    stmt = insert(PersonRef).values(personnel_id=uuid.UUID(p["personnel_id"]), enterprise_id=uuid.UUID(p["enterprise_id"]),
                                    org_path=p["org_path"], role=p["role"], name=p["name"],
                                    active=bool(p.get("active", True)))
    await session.execute(stmt.on_conflict_do_update(index_elements=["personnel_id"], set_={
        c: stmt.excluded[c] for c in ("org_path", "role", "name", "active")}))


async def calendar_day_set(session: AsyncSession, event: EventEnvelope) -> None:
    """An administrator changed a day in the registry's working-day calendar."""
    p = event.payload
    stmt = insert(WorkdayRef).values(day=dt.date.fromisoformat(p["day"]), is_workday=bool(p["is_workday"]),
                                     name=p.get("name"))
    await session.execute(stmt.on_conflict_do_update(index_elements=["day"], set_={
        "is_workday": stmt.excluded.is_workday, "name": stmt.excluded.name}))


async def calendar_year_confirmed(session: AsyncSession, event: EventEnvelope) -> None:
    await session.execute(insert(WorkyearRef).values(year=int(event.payload["year"])).on_conflict_do_nothing())


HANDLERS: dict[str, Handler] = {
    "calendar.day_set": calendar_day_set,
    "calendar.year_confirmed": calendar_year_confirmed,
    "personnel.changed": personnel_changed,
    "enterprise.created": enterprise_changed,
    "enterprise.updated": enterprise_changed,
    "enterprise.status_changed": enterprise_changed,
    "enterprise.imported": enterprise_imported,
    "grade.changed": grade_changed,
    "grades.recomputed": grades_recomputed,
    "category.changed": category_changed,
    "high_risk.designated": high_risk_designated,
    "high_risk.ended": high_risk_ended,
}
