"""GET /internal/audit-figures: the archive's figures for an audited bureau and period."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from httpx import AsyncClient
from registry_factories import credit_code
from sqlalchemy.ext.asyncio import AsyncSession

from registry.internal.audit_figures import responsible_overdue_cutoff
from registry.models import Enterprise, ResponsiblePerson
from registry.workdays.calendar import load_calendar
from servicekit.clock import SHANGHAI
from servicekit.testing import AuthHelper

pytestmark = pytest.mark.usefixtures("reference")

CHENGGUAN = "540000/540100/540102"
STATION = CHENGGUAN + "/540102-01"
DUILONG = "540000/540100/540103"
TODAY = dt.date(2026, 3, 2)
PERIOD = {"org_path": CHENGGUAN, "date_from": "2026-02-01", "date_to": "2026-02-28"}


def at(day: str, clock: str = "10:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=SHANGHAI)


def unit(session: AsyncSession, *, org_path: str = STATION, created: dt.datetime, updated: dt.datetime | None = None,
         **kw: Any) -> Enterprise:
    e = Enterprise(id=uuid.uuid4(), credit_code=credit_code(), name=f"督查取数测试{len(session.new)}", unit_types=["retail"],
                   division_code=org_path.split("/")[2], org_path=org_path, entry_reason="摸底调查",
                   created_at=created, updated_at=updated or created, **kw)
    session.add(e)
    return e


def responsible(session: AsyncSession, e: Enterprise, ended_on: dt.date | None) -> None:
    session.add(ResponsiblePerson(
        id=uuid.uuid4(), enterprise_id=e.id, org_path=e.org_path, person_name="扎西", org_unit_code="540102",
        effective_on=dt.date(2025, 6, 1), recorded_on=dt.date(2025, 6, 1), deadline=dt.date(2025, 6, 6),
        recorded_late=False, ended_on=ended_on))


async def test_figures_count_the_bureau_and_the_period(client: AsyncClient, session: AsyncSession,
                                                      auth: AuthHelper) -> None:
    # archived in the period, 2 working days late; must have a director and has one
    a = unit(session, created=at("2026-02-10"), archive_status="archived", archived_on=dt.date(2026, 2, 10),
             archive_deadline=dt.date(2026, 2, 6), director_required=True, director_count=1)
    # archived before, changed on the period's last evening (China time); officer but no director
    b = unit(session, created=at("2025-12-01"), updated=at("2026-02-28", "23:30"), archive_status="archived",
             archived_on=dt.date(2025, 12, 1), director_required=True, officer_count=2)
    # deregistered in the period: a change, but no longer in the archive (nor among director units)
    unit(session, org_path=CHENGGUAN, created=at("2025-01-01"), updated=at("2026-02-20"), archive_status="archived",
         archived_on=dt.date(2025, 1, 1), status="deregistered", director_required=True, director_count=1)
    # pending: one past its 5-working-day deadline, one not yet
    unit(session, created=at("2026-02-12"), archive_status="pending", archive_deadline=dt.date(2026, 2, 20))
    unit(session, created=at("2026-02-27"), archive_status="pending", archive_deadline=dt.date(2026, 3, 6))
    # archived after the period
    f = unit(session, created=at("2026-03-01"), archive_status="archived", archived_on=dt.date(2026, 3, 1))
    # changed half an hour after the period ended (China time), created long before
    i = unit(session, created=at("2025-05-01"), updated=at("2026-03-01", "00:30"), archive_status="archived",
             archived_on=dt.date(2025, 5, 1))
    # another county: counts for nothing here
    g = unit(session, org_path=DUILONG, created=at("2026-02-10"), archive_status="archived",
             archived_on=dt.date(2026, 2, 10), archive_deadline=dt.date(2026, 2, 6), director_required=True)
    unit(session, org_path=DUILONG, created=at("2026-02-12"), archive_status="pending",
         archive_deadline=dt.date(2026, 2, 20))
    await session.flush()
    responsible(session, a, dt.date(2026, 1, 5))  # left long ago, no successor: overdue
    responsible(session, b, dt.date(2026, 1, 5))
    responsible(session, b, None)  # has a successor
    responsible(session, f, dt.date(2026, 2, 27))  # left on the last working day: still within 5 working days
    responsible(session, i, dt.date(2025, 12, 1))
    responsible(session, i, dt.date(2026, 2, 27))  # the latest departure decides
    responsible(session, g, dt.date(2026, 1, 5))  # overdue, but another county's
    await session.commit()

    r = await client.get("/internal/audit-figures", params=PERIOD, headers=auth.service_headers())
    assert r.status_code == 200, r.text
    body = r.json()
    assert {k: body[k] for k in ("service", "org_path", "date_from", "date_to", "as_of")} == {
        "service": "registry", "org_path": CHENGGUAN, "date_from": "2026-02-01", "date_to": "2026-02-28",
        "as_of": TODAY.isoformat()}
    assert body["figures"] == {
        "units_total": 4, "units_archived_in_period": 1, "units_updated_in_period": 2, "archives_pending": 2,
        "archives_overdue": 1, "archives_late_in_period": 1, "director_required": 2, "director_covered": 1,
        "officer_covered": 1, "responsible_overdue": 1,
    }
    # the same count as the overdue list shows the county
    listed = (await client.get("/v1/overdue", params={"kind": "responsible"},
                               headers=auth.headers("county_officer", CHENGGUAN))).json()["items"]
    assert [x["enterprise_id"] for x in listed] == [str(a.id)]
    # a station sees only its own units; a later period sees other changes
    r = await client.get("/internal/audit-figures", headers=auth.service_headers(),
                         params={**PERIOD, "org_path": STATION, "date_from": "2026-03-01", "date_to": "2026-03-02"})
    figures = r.json()["figures"]
    assert (figures["units_total"], figures["units_archived_in_period"], figures["units_updated_in_period"],
            figures["archives_pending"], figures["responsible_overdue"]) == (4, 1, 1, 2, 1)


async def test_responsible_cutoff_agrees_with_the_overdue_rule(session: AsyncSession) -> None:
    """Left on or before the cutoff ⇔ 5 working days after leaving is before today (as /v1/overdue)."""
    for today in (dt.date(2026, 3, 2), dt.date(2026, 2, 24), dt.date(2026, 10, 9), dt.date(2026, 1, 5)):
        cutoff = await responsible_overdue_cutoff(session, today)
        cal = await load_calendar(session, {today.year - 1, today.year})
        for back in range(1, 30):
            ended = today - dt.timedelta(days=back)
            assert (ended <= cutoff) == (cal.add_workdays(ended, 5) < today), (today, ended, cutoff)


async def test_only_services_may_ask(client: AsyncClient, auth: AuthHelper) -> None:
    r = await client.get("/internal/audit-figures", params=PERIOD, headers=auth.headers("region_admin", "540000"))
    assert r.status_code == 403 and r.json()["code"] == "INTERNAL_ONLY"
    assert (await client.get("/internal/audit-figures", params=PERIOD)).status_code == 401


@pytest.mark.parametrize(("params", "code"), [
    ({"date_from": "2026-02-30"}, "VALIDATION_ERROR"),
    ({"date_to": None}, "VALIDATION_ERROR"),
    ({"org_path": ""}, "VALIDATION_ERROR"),
    ({"org_path": "540000/../540100"}, "ORG_PATH_INVALID"),
    ({"date_from": "2026-03-01", "date_to": "2026-02-01"}, "DATE_RANGE"),
])
async def test_bad_query_refused(client: AsyncClient, auth: AuthHelper, params: dict[str, str | None], code: str) -> None:
    query = {k: v for k, v in {**PERIOD, **params}.items() if v is not None}
    r = await client.get("/internal/audit-figures", params=query, headers=auth.service_headers())
    assert r.status_code == 422 and r.json()["code"] == code, r.text
