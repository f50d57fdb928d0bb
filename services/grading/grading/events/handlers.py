"""What grading does with other services' events (POST /internal/events, once per event id).

From the registry: enterprise.created / updated / status_changed (regrade; a closed unit leaves
the lists), enterprise.imported (bulk: inputs upserted, then the set-based recompute for those
units), enterprise.responsible_changed (the named responsible person shown on high-risk lists).
From the inspection service: risk.recorded / risk.withdrawn (recategorise, maybe escalate) and
inspection.completed (an on-site visit, for the half-yearly visits of high-risk units).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable

from sqlalchemy import text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from grading.labels import RISK_SOURCES, SEVERITIES, SEVERITY_LABELS
from grading.models import RiskEvent, Unit, Visit
from grading.recompute.service import LOCK_KEY
from grading.recompute.sql import recompute
from grading.reminders import refresh_high_risk
from grading.rules.repository import active_rules
from grading.units.service import CLOSED_STATUSES, parse_revenue, refresh_risk_counts, regrade, upsert_from_registry
from servicekit.outbox import EventEnvelope

Clock = Callable[[], dt.date]
Handler = Callable[[AsyncSession, EventEnvelope], Awaitable[None]]


def make_handlers(clock: Clock) -> dict[str, Handler]:
    async def enterprise_changed(session: AsyncSession, event: EventEnvelope) -> None:
        await upsert_from_registry(session, event.payload, today=clock())
        if event.payload.get("status") in CLOSED_STATUSES:  # a closed unit cannot be visited: no reminder
            await refresh_high_risk(session, clock(), uuid.UUID(event.payload["id"]))

    async def enterprise_imported(session: AsyncSession, event: EventEnvelope) -> None:
        items = [i for i in event.payload.get("items", []) if i.get("id") and i.get("org_path")]
        if not items:
            return
        # Serialised with full recomputes (which update many rows too) so the two never deadlock.
        await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
        rows = [{
            "enterprise_id": uuid.UUID(i["id"]), "credit_code": i["credit_code"], "name": i.get("name") or "",
            "unit_types": list(i.get("unit_types") or []), "employees": i.get("employees"),
            "revenue_wan": parse_revenue(i.get("revenue_wan")), "org_path": i["org_path"],
            "status": i.get("status") or "normal", "active": (i.get("status") or "normal") not in CLOSED_STATUSES,
            "major_risks": 0, "larger_risks": 0, "accident": False, "responsible_recorded_late": False,
        } for i in items]
        stmt = insert(Unit).values(rows)
        await session.execute(stmt.on_conflict_do_update(index_elements=["enterprise_id"], set_={
            c: stmt.excluded[c] for c in ("credit_code", "name", "unit_types", "employees", "revenue_wan",
                                          "org_path", "status", "active")}))
        today = clock()
        await recompute(session, await active_rules(session, today), today=today, ids=[r["enterprise_id"] for r in rows],
                        actor="摸底调查导入", reason=f"摸底调查导入（{event.payload.get('import_id', '')}）")

    async def responsible_changed(session: AsyncSession, event: EventEnvelope) -> None:
        p = event.payload
        await session.execute(update(Unit).where(Unit.enterprise_id == uuid.UUID(p["enterprise_id"])).values(
            responsible_name=p.get("person_name"),
            responsible_since=dt.date.fromisoformat(p["effective_on"]) if p.get("effective_on") else None,
            responsible_recorded_late=bool(p.get("recorded_late"))))

    async def risk_recorded(session: AsyncSession, event: EventEnvelope) -> None:
        p = event.payload
        severity = p.get("severity") if p.get("severity") in SEVERITIES else "general"
        source = p.get("source") if p.get("source") in RISK_SOURCES else "other"
        eid = uuid.UUID(p["enterprise_id"])
        await session.execute(insert(RiskEvent).values(
            id=uuid.UUID(p["id"]), enterprise_id=eid, severity=severity, source=source,
            found_on=dt.date.fromisoformat(p["found_on"]), summary=p.get("summary"), org_path=p.get("org_path"),
            withdrawn=False).on_conflict_do_nothing(index_elements=["id"]))
        await _recategorise(session, eid, reason=f"发现{SEVERITY_LABELS[severity]}质量安全风险：{p.get('summary') or ''}".rstrip("："))

    async def risk_withdrawn(session: AsyncSession, event: EventEnvelope) -> None:
        p = event.payload
        eid = uuid.UUID(p["enterprise_id"])
        await session.execute(update(RiskEvent).where(RiskEvent.id == uuid.UUID(p["id"])).values(withdrawn=True))
        await _recategorise(session, eid, reason=f"风险记录撤销：{p.get('reason') or ''}".rstrip("："))

    async def _recategorise(session: AsyncSession, eid: uuid.UUID, *, reason: str) -> None:
        u = await session.get(Unit, eid, with_for_update=True)
        if u is None:
            return  # the unit's own event has not arrived yet; its first grading counts the risks
        today = clock()
        await refresh_risk_counts(session, u, today)
        await regrade(session, u, today=today, source="risk", actor="监督检查服务", reason=reason)

    async def inspection_completed(session: AsyncSession, event: EventEnvelope) -> None:
        p = event.payload
        if not p.get("on_site", True):
            return
        await session.execute(insert(Visit).values(
            id=uuid.UUID(p["id"]), enterprise_id=uuid.UUID(p["enterprise_id"]),
            visited_on=dt.date.fromisoformat(p["inspected_on"]), inspector=p.get("inspector"),
            summary=p.get("summary")).on_conflict_do_nothing(index_elements=["id"]))
        # a high-risk unit visited this half-year: its reminder goes at once
        await refresh_high_risk(session, clock(), uuid.UUID(p["enterprise_id"]))

    return {
        "enterprise.created": enterprise_changed,
        "enterprise.updated": enterprise_changed,
        "enterprise.status_changed": enterprise_changed,
        "enterprise.imported": enterprise_imported,
        "enterprise.responsible_changed": responsible_changed,
        "risk.recorded": risk_recorded,
        "risk.withdrawn": risk_withdrawn,
        "inspection.completed": inspection_completed,
    }

