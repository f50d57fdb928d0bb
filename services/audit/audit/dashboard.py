"""The audit service's dashboard figures (F6), counted per org path by the dashboard job.

Audits and follow-up documents are counted on the audited (receiving) bureau's path, pushes to
the national platform on the reporting bureau's path. Definitions, in Chinese as the dashboard
shows them, are in docs/api/audit.md, 首页看板.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from audit.models import Audit, FollowUp, NationalPush
from servicekit.dashboard import StatRow, unpivot


async def compute(session: AsyncSession, today: dt.date) -> list[StatRow]:
    year_start = dt.date(today.year, 1, 1)
    a = Audit
    audits = (await session.execute(
        select(
            a.target_path.label("org_path"),
            func.count().filter(a.audited_on >= year_start).label("audits_year"),
            func.count().filter(a.audited_on >= year_start, a.status == "submitted").label("audits_submitted_year"),
        ).group_by(a.target_path)
    )).all()
    f = FollowUp
    followups = (await session.execute(
        select(
            f.target_path.label("org_path"),
            func.count().filter(f.issued_on >= year_start).label("followups_year"),
            func.count().filter(f.status == "issued").label("followups_unanswered"),
            func.count().filter(f.status == "issued", f.due_on < today).label("followups_overdue"),
            func.count().filter(f.status == "answered").label("followups_to_review"),
            func.count().filter(f.status == "closed").label("followups_closed"),
        ).group_by(f.target_path)
    )).all()
    p = NationalPush
    pushes = (await session.execute(
        select(
            p.org_path,
            func.count().filter(p.status == "pending").label("push_pending"),
            func.count().filter(p.status == "delivered").label("push_delivered"),
            func.count().filter(p.status == "dead").label("push_dead"),
        ).group_by(p.org_path)
    )).all()
    return unpivot(audits) + unpivot(followups) + unpivot(pushes)
