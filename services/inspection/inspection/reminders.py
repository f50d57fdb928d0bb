"""The inspection service's reminders (F9).

For enterprises (`enterprise_id`, links into the phone app):
- `rectification_answer_due`: an open (or returned) rectification notice to carry out and answer
  by its deadline;
- `routine_filing_due`: the 日管控/周排查/月调度 periods the unit still owes, one reminder per unit
  and kind (ref `<enterprise_id>:<kind>`), counted as `GET /v1/routines/due` counts them except
  that a period is owed only once it has ended (today's daily record is not reminded of today).
  Only units that have begun the routine (made their 风险管控清单) are reminded: a unit that never
  began is its station's to chase (`routine_lapsed`), which keeps the reminders to the units
  that use the phone app rather than every unit of the archive.

For bureaus (`owner_path` = the unit's org path: the station or county the unit belongs to, which
is also the path stored on its inspections, notices, tasks and recalls):
- `rectification_verify`: an answered notice to verify (close) or return;
- `rectification_overdue_station`: how many of the bureau's notices are past their deadline;
- `routine_lapsed`: units with no daily record filed for the last 3 expected working days, as
  `GET /v1/routines/lapsed` (its defaults) lists them;
- `task_due`: open inspection tasks due within 7 days or overdue;
- `recall_overdue`: recalls not closed past their completion deadline.

Every query reads only rows that give a reminder (open notices, owed periods, lapsed units, tasks
due soon, overdue recalls), set-based, never one query per unit.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.labels import TASK_KIND_LABELS
from inspection.models import Recall, Rectification, Task, Unit
from inspection.routines.periods import KIND_LABELS as ROUTINE_LABELS
from inspection.routines.periods import KINDS, expected_periods, load_calendar, period_of
from inspection.routines.rates import counted_periods
from servicekit import reminders
from servicekit.reminders import Reminder, ReminderItem
from servicekit.workdays import WorkCalendar

LABELS = {
    "rectification_answer_due": "整改通知待整改回复", "rectification_verify": "整改回复待核查",
    "rectification_overdue_station": "整改通知已超期", "routine_filing_due": "日管控周排查月调度待填报",
    "routine_lapsed": "主体停报", "task_due": "检查任务待完成", "recall_overdue": "召回已超期",
}
OPEN = ("open", "returned")
TASK_LOOKAHEAD_DAYS = 7
# how far back the unit is reminded of what it owes, per kind (as GET /v1/routines/due)
ROUTINE_WINDOW_DAYS = {"daily": 14, "weekly": 42, "monthly": 70}
LAPSED_KIND, LAPSED_PERIODS, LAPSED_LOOKBACK_DAYS = "daily", 3, 120  # as GET /v1/routines/lapsed's defaults


# ---- rectification notices ----------------------------------------------------------------

def answer_item(r: Rectification, today: dt.date) -> ReminderItem:
    overdue = r.deadline < today
    returned = r.status == "returned"
    when = f"整改期限 {r.deadline} 已过，请尽快" if overdue else f"请于 {r.deadline} 前"
    detail = f"检查项目 {r.item_no}：{r.item_text}"
    if returned and r.verify_comment:
        detail += f"；退回意见：{r.verify_comment}"
    return ReminderItem(kind="rectification_answer_due", ref_id=str(r.id), enterprise_id=r.enterprise_id,
                        title=f"{'整改回复被退回，' if returned else ''}{when}完成整改并回复：{r.finding[:80]}",
                        detail=detail, link="field:/notices", due_on=r.deadline, overdue=overdue)


def verify_item(r: Rectification, unit_name: str | None) -> ReminderItem:
    return ReminderItem(kind="rectification_verify", ref_id=str(r.id), owner_path=r.org_path,
                        title=f"{unit_name or '企业'}已回复整改通知（{r.item_no}：{r.finding[:60]}），请核查后验证关闭或退回",
                        detail=r.answer, link="/inspection/rectifications?status=answered")


async def unit_name(session: AsyncSession, enterprise_id: uuid.UUID) -> str | None:
    return await session.scalar(select(Unit.name).where(Unit.enterprise_id == enterprise_id))


async def _rectifications(session: AsyncSession, today: dt.date) -> dict[str, list[ReminderItem]]:
    answer, verify = [], []
    rows = (await session.execute(
        select(Rectification, Unit.name).outerjoin(Unit, Unit.enterprise_id == Rectification.enterprise_id)
        .where(Rectification.status.in_((*OPEN, "answered"))))).all()
    for r, name in rows:
        if r.status == "answered":
            verify.append(verify_item(r, name))
        else:
            answer.append(answer_item(r, today))
    stations = (await session.execute(
        select(Rectification.org_path, func.count(), func.min(Rectification.deadline))
        .where(Rectification.status.in_(OPEN), Rectification.deadline < today)  # ix_rectification_due
        .group_by(Rectification.org_path))).all()
    overdue = [ReminderItem(kind="rectification_overdue_station", ref_id=path, owner_path=path,
                            title=f"辖区内有 {n} 条整改通知已超过整改期限仍未整改回复，请督促企业整改",
                            link="/inspection/rectifications?overdue=1", due_on=first, overdue=True)
               for path, n, first in stations]
    return {"rectification_answer_due": answer, "rectification_verify": verify,
            "rectification_overdue_station": overdue}


# ---- routine filings ----------------------------------------------------------------------

_ROUTINE_OWED = """
    WITH p AS MATERIALIZED (
        SELECT * FROM unnest(CAST(:kinds AS text[]), CAST(:starts AS date[]), CAST(:dues AS date[]))
               AS p(kind, period_start, due_on)
    )
    SELECT u.enterprise_id, p.kind, count(*) AS owed, count(*) FILTER (WHERE r.status = 'returned') AS returned,
           min(p.period_start) AS first_start, min(p.due_on) AS first_due
    FROM unit_ref u
    JOIN p ON p.period_start >= coalesce(u.archived_on, u.first_seen)
    LEFT JOIN routine_record r ON r.enterprise_id = u.enterprise_id AND r.kind = p.kind
         AND r.period_start = p.period_start AND r.status IN ('submitted', 'returned')  -- uq_routine_record_current
    WHERE u.active{extra} AND r.status IS DISTINCT FROM 'submitted'
      AND EXISTS (SELECT 1 FROM risk_control_list l WHERE l.enterprise_id = u.enterprise_id)
    GROUP BY u.enterprise_id, p.kind
"""


def owed_periods(today: dt.date, cal: WorkCalendar,
                 kinds: Sequence[str] = KINDS) -> list[tuple[str, dt.date, dt.date]]:
    """(kind, start, due) of the recent expected periods that have ended, as /v1/routines/due reads them."""
    out = []
    for kind in kinds:
        first = today - dt.timedelta(days=ROUTINE_WINDOW_DAYS[kind])
        out += [(kind, start, due) for start, end, due in expected_periods(kind, first, today, cal) if end < today]
    return out


def _period_words(kind: str, start: dt.date) -> str:
    end = period_of(kind, start)[1]
    if kind == "daily":
        return f"{start.month}月{start.day}日"
    if kind == "weekly":
        return f"{start.month}月{start.day}日至{end.month}月{end.day}日这一周"
    return f"{start.year}年{start.month}月"


def routine_item(enterprise_id: uuid.UUID, kind: str, owed: int, returned: int, first_start: dt.date,
                 first_due: dt.date, today: dt.date) -> ReminderItem:
    label, words = ROUTINE_LABELS[kind], _period_words(kind, first_start)
    overdue = first_due < today
    when = "已逾期，请尽快补报" if overdue else f"请于 {first_due} 前提交"
    if owed == 1 and returned:
        title = f"{words}的{label}被退回，请更正后重新提交"
    elif owed == 1:
        title = f"{words}的{label}尚未提交，{when}"
    else:
        title = f"尚有 {owed} 期{label}未提交（最早为{words}），{when}"
    return ReminderItem(kind="routine_filing_due", ref_id=f"{enterprise_id}:{kind}", enterprise_id=enterprise_id,
                        title=title, detail=f"其中 {returned} 期被退回待更正" if returned and owed > 1 else None,
                        link="field:/routines", due_on=first_due, overdue=overdue)


async def routine_due_items(session: AsyncSession, today: dt.date, cal: WorkCalendar, *,
                            enterprise_id: uuid.UUID | None = None, kinds: Sequence[str] = KINDS) -> list[ReminderItem]:
    periods = owed_periods(today, cal, kinds)
    if not periods:
        return []
    params: dict[str, Any] = {"kinds": [p[0] for p in periods], "starts": [p[1] for p in periods],
                              "dues": [p[2] for p in periods]}
    extra = ""
    if enterprise_id is not None:
        extra, params["eid"] = " AND u.enterprise_id = CAST(:eid AS uuid)", str(enterprise_id)
    rows = (await session.execute(text(_ROUTINE_OWED.replace("{extra}", extra)), params)).mappings().all()
    return [routine_item(r["enterprise_id"], r["kind"], int(r["owed"]), int(r["returned"]), r["first_start"],
                         r["first_due"], today) for r in rows]


_LAPSED = text("""
    SELECT u.enterprise_id, u.name, u.org_path,
           (SELECT max(r.period_start) FROM routine_record r
            WHERE r.enterprise_id = u.enterprise_id AND r.kind = :kind AND r.revision = 1
              AND r.submitted_at IS NOT NULL) AS last_filed
    FROM unit_ref u
    WHERE u.active AND coalesce(u.archived_on, u.first_seen) <= :threshold
      AND NOT EXISTS (SELECT 1 FROM routine_record r
                      WHERE r.enterprise_id = u.enterprise_id AND r.kind = :kind AND r.revision = 1
                        AND r.submitted_at IS NOT NULL AND r.period_start >= :threshold)
""")


def lapsed_threshold(today: dt.date, cal: WorkCalendar) -> dt.date | None:
    """The start of the earliest of the last LAPSED_PERIODS counted periods (as /v1/routines/lapsed)."""
    due = counted_periods(LAPSED_KIND, today - dt.timedelta(days=LAPSED_LOOKBACK_DAYS), today, today, cal)
    return due[-LAPSED_PERIODS][0] if len(due) >= LAPSED_PERIODS else None


def lapsed_item(enterprise_id: uuid.UUID, name: str, org_path: str, last_filed: dt.date | None) -> ReminderItem:
    since = f"最近一次填报为 {last_filed}" if last_filed else "建档以来从未填报"
    return ReminderItem(kind="routine_lapsed", ref_id=str(enterprise_id), owner_path=org_path,
                        title=f"{name}已连续 {LAPSED_PERIODS} 个工作日以上未填报{ROUTINE_LABELS[LAPSED_KIND]}（{since}），请督促其恢复填报",
                        link=f"/archive/enterprises/{enterprise_id}?tab=routines")


async def _routines(session: AsyncSession, today: dt.date) -> dict[str, list[ReminderItem]]:
    cal = await load_calendar(session, today - dt.timedelta(days=LAPSED_LOOKBACK_DAYS), today)
    due = await routine_due_items(session, today, cal)
    lapsed: list[ReminderItem] = []
    threshold = lapsed_threshold(today, cal)
    if threshold is not None:
        rows = (await session.execute(_LAPSED, {"kind": LAPSED_KIND, "threshold": threshold})).mappings().all()
        lapsed = [lapsed_item(r["enterprise_id"], r["name"], r["org_path"], r["last_filed"]) for r in rows]
    return {"routine_filing_due": due, "routine_lapsed": lapsed}


async def refresh_routine(session: AsyncSession, enterprise_id: uuid.UUID, kind: str, today: dt.date) -> None:
    """A record of the unit was submitted or returned: its reminder of `kind` now says what is left."""
    await session.flush()
    cal = await load_calendar(session, today - dt.timedelta(days=LAPSED_LOOKBACK_DAYS), today)
    items = await routine_due_items(session, today, cal, enterprise_id=enterprise_id, kinds=(kind,))
    if items:
        await reminders.open_now(session, items[0])
    else:
        await reminders.resolve(session, "routine_filing_due", f"{enterprise_id}:{kind}")
    if kind != LAPSED_KIND:
        return
    lapsed = await session.scalar(select(Reminder.id).where(
        Reminder.kind == "routine_lapsed", Reminder.ref_id == str(enterprise_id), Reminder.resolved_at.is_(None)))
    threshold = lapsed_threshold(today, cal) if lapsed is not None else None
    if threshold is not None:
        filed = await session.scalar(text(
            "SELECT EXISTS (SELECT 1 FROM routine_record WHERE enterprise_id = :eid AND kind = :kind "
            "AND revision = 1 AND submitted_at IS NOT NULL AND period_start >= :threshold)"),
            {"eid": enterprise_id, "kind": LAPSED_KIND, "threshold": threshold})
        if filed:
            await reminders.resolve(session, "routine_lapsed", enterprise_id)


# ---- tasks and recalls ----------------------------------------------------------------------

def task_item(t: Task, name: str | None, today: dt.date) -> ReminderItem:
    overdue = t.due_on < today
    what = f"对{name or '主体'}的{TASK_KIND_LABELS.get(t.kind, '检查')}任务"
    title = f"{what}已超过完成期限 {t.due_on}，请尽快完成检查" if overdue else f"{what}须于 {t.due_on} 前完成"
    who = f"检查人员：{t.assignee_name}" if t.assignee_name else "尚未指派检查人员"
    return ReminderItem(kind="task_due", ref_id=str(t.id), owner_path=t.org_path, title=title,
                        detail=f"{t.reason}（{who}）", link="/inspection/tasks", due_on=t.due_on, overdue=overdue)


async def _tasks(session: AsyncSession, today: dt.date) -> list[ReminderItem]:
    horizon = today + dt.timedelta(days=TASK_LOOKAHEAD_DAYS)
    rows = (await session.execute(
        select(Task, Unit.name).outerjoin(Unit, Unit.enterprise_id == Task.enterprise_id)
        .where(Task.status == "open", Task.due_on <= horizon))).all()
    return [task_item(t, name, today) for t, name in rows]


async def _recalls(session: AsyncSession, today: dt.date) -> list[ReminderItem]:
    rows = (await session.execute(
        select(Recall, Unit.name).outerjoin(Unit, Unit.enterprise_id == Recall.enterprise_id)
        .where(Recall.status != "closed", Recall.due_on < today))).all()
    return [ReminderItem(kind="recall_overdue", ref_id=str(r.id), owner_path=r.org_path,
                         title=f"{name or '企业'}召回“{r.product[:60]}”已超过完成期限 {r.due_on}，请督促企业完成召回或确认结束",
                         link="/inspection/followups", due_on=r.due_on, overdue=True)
            for r, name in rows]


async def compute(session: AsyncSession, today: dt.date) -> dict[str, list[ReminderItem]]:
    return {**await _rectifications(session, today), **await _routines(session, today),
            "task_due": await _tasks(session, today), "recall_overdue": await _recalls(session, today)}
