"""The audit service's reminders (F9): follow-up documents to answer or to review, half-month
reports due, agreed items of dispatch meetings, and pushes to the national platform that failed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from audit.documents import KIND_LABELS as DOC_LABELS
from audit.models import Decision, FollowUp, NationalPush, ProgressReport
from audit.periods import half_label, half_month, half_month_of, previous_half
from servicekit.orgs import OrgDirectory
from servicekit.reminders import Compute, ReminderItem

LABELS = {
    "followup_answer_due": "督办文书待反馈", "followup_review": "督办反馈待审核", "report_due": "半月进展报告待报送",
    "decision_due": "调度会议定事项", "national_push_failed": "总局归集失败",
}
REGION = "540000"


def answer_due(f: FollowUp, today: dt.date) -> ReminderItem:
    assert f.due_on is not None
    return ReminderItem(kind="followup_answer_due", ref_id=str(f.id), owner_path=f.target_path,
                        title=f"{f.issuer_name}的{DOC_LABELS[f.kind]}（{f.number}）请于 {f.due_on} 前书面反馈",
                        link=f"/audit/followups?open={f.id}", due_on=f.due_on, overdue=f.due_on < today)


def make_compute(orgs_of: Callable[[], OrgDirectory]) -> Compute:
    async def compute(session: AsyncSession, today: dt.date) -> dict[str, list[ReminderItem]]:
        orgs = orgs_of()
        out: dict[str, list[ReminderItem]] = {k: [] for k in LABELS}
        for f in (await session.scalars(select(FollowUp).where(FollowUp.status.in_(["issued", "answered"])))).all():
            if f.status == "issued" and f.due_on is not None:
                out["followup_answer_due"].append(answer_due(f, today))
            elif f.status == "answered":
                out["followup_review"].append(ReminderItem(
                    kind="followup_review", ref_id=str(f.id), owner_path=f.issuer_path,
                    title=f"{f.target_name}已反馈{DOC_LABELS[f.kind]}（{f.number}），请审核办结或退回",
                    link=f"/audit/followups?open={f.id}"))
        # the half-month that ended last, and the current one from 3 days before its end
        periods = [previous_half(half_month_of(today))]
        current = half_month_of(today)
        if (half_month(current)[1] - today).days <= 3:
            periods.append(current)
        filed = {(r[0], r[1]) for r in (await session.execute(select(ProgressReport.org_code, ProgressReport.period_code)
                                                              .where(ProgressReport.period_code.in_(periods),
                                                                     ProgressReport.status == "submitted"))).all()}
        for node in [n for n in await orgs.all() if n.level == "prefecture"]:
            for code in periods:
                if (node.code, code) in filed:
                    continue
                end = half_month(code)[1]
                out["report_due"].append(ReminderItem(
                    kind="report_due", ref_id=f"{node.code}:{code}", owner_path=node.path,
                    title=f"{half_label(code)}工作进展报告{'已逾期，请尽快报送' if end < today else '请于 ' + str(end) + ' 前报送'}",
                    link=f"/audit/progress?tab=reports&period={code}", due_on=end, overdue=end < today))
        soon = today + dt.timedelta(days=7)
        for d in (await session.scalars(select(Decision).where(Decision.status == "open", Decision.due_on <= soon))).all():
            out["decision_due"].append(ReminderItem(
                kind="decision_due", ref_id=str(d.id), owner_path=d.owner_path,
                title=f"议定事项“{d.content[:60]}”须于 {d.due_on} 前落实", link="/audit/progress?tab=ledger",
                due_on=d.due_on, overdue=d.due_on < today))
        dead = int(await session.scalar(select(func.count()).where(NationalPush.status == "dead")) or 0)
        if dead:
            region = await orgs.get(REGION)
            out["national_push_failed"].append(ReminderItem(
                kind="national_push_failed", ref_id="dead", owner_path=region.path if region else REGION,
                title=f"{dead} 条记录归集到总局平台失败，请排除原因后重发", link="/audit/national?status=dead",
                overdue=True))
        return out

    return compute
