"""Filing the routine: risk-control lists, drafts, submission, returns and corrections.

A record is saved as a draft (PUT, idempotent: the id is the client's), submitted once (POST
…/submit, idempotent too), and from then on never changes or disappears: the regulator may return
it with a comment, and a correction — the answer to a return, or the unit's own — is a new
revision of the same period that supersedes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

import orjson
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.models import PersonRef, RiskControlList, RoutinePhoto, RoutineProblem, RoutineRecord, Unit
from inspection.routines.periods import KIND_LABELS, due_on, load_calendar, period_of
from inspection.routines.schemas import DailyContent, ListItem, MonthlyContent, RecordIn, RiskListIn, WeeklyContent
from inspection.units.access import load_unit, may_see, own_unit
from servicekit.audit import record_change
from servicekit.auth import Principal
from servicekit.db import row_to_dict, utcnow
from servicekit.errors import Conflict, Forbidden, InvalidInput, NotFound
from servicekit.outbox import emit

STATUS_LABELS = {"draft": "草稿", "submitted": "已提交", "returned": "已退回", "superseded": "已被更正版本替代"}
FILED = ("submitted", "returned")


# ---- risk-control lists -------------------------------------------------------------------

async def current_list(session: AsyncSession, enterprise_id: uuid.UUID) -> RiskControlList | None:
    return await session.scalar(select(RiskControlList).where(RiskControlList.enterprise_id == enterprise_id)
                                .order_by(RiskControlList.version.desc()).limit(1))


async def save_list(session: AsyncSession, principal: Principal, enterprise_id: uuid.UUID, body: RiskListIn) -> RiskControlList:
    unit = await load_unit(session, principal, enterprise_id)
    await session.execute(select(Unit.enterprise_id).where(Unit.enterprise_id == unit.enterprise_id).with_for_update())
    current = await current_list(session, enterprise_id)
    current_version = current.version if current else 0
    if body.base_version != current_version:
        raise Conflict(f"风险管控清单已被修改（当前版本 {current_version}），请刷新后再保存", code="RISK_LIST_CONFLICT",
                       extra={"current_version": current_version})
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    for x in body.items:
        item_id = x.id or uuid.uuid4().hex[:12]
        if item_id in seen:
            raise InvalidInput(f"风险管控清单条目编号重复：{item_id}", code="RISK_LIST_DUPLICATE_ITEM")
        seen.add(item_id)
        items.append(ListItem(**{**x.model_dump(), "id": item_id}).model_dump())
    if not any(i["frequency"] == "daily" for i in items):
        raise InvalidInput("风险管控清单至少要有一项每日检查（日管控）的内容", code="RISK_LIST_NO_DAILY")
    rcl = RiskControlList(id=uuid.uuid4(), enterprise_id=enterprise_id, org_path=unit.org_path, version=current_version + 1,
                          categories=body.categories, items=items, note=body.note, created_by=principal.username)
    session.add(rcl)
    await session.flush()
    await record_change(session, actor=principal, action="create" if current is None else "update",
                        entity_type="risk_control_list", entity_id=enterprise_id,
                        before={"version": current_version, "items": len(current.items)} if current else None,
                        after={"version": rcl.version, "items": len(items)}, org_path=unit.org_path)
    return rcl


# ---- records --------------------------------------------------------------------------------

def _hash(body: RecordIn) -> str:
    return hashlib.sha256(orjson.dumps(body.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS)).hexdigest()


def _record_conflict(r: RoutineRecord, code: str, detail: str) -> Conflict:
    return Conflict(detail, code=code, extra={"record_id": str(r.id), "current_version": r.version, "status": r.status})


async def load_record(session: AsyncSession, principal: Principal, record_id: uuid.UUID, *, lock: bool = False) -> RoutineRecord:
    r = await session.get(RoutineRecord, record_id, with_for_update=lock)
    if r is None or not may_see(principal, r.enterprise_id, r.org_path):
        raise NotFound("未找到该记录", code="ROUTINE_RECORD_NOT_FOUND")
    return r


async def save_record(session: AsyncSession, principal: Principal, record_id: uuid.UUID, body: RecordIn,
                      today: dt.date) -> RoutineRecord:
    if not principal.is_enterprise:
        raise Forbidden("日管控、周排查、月调度记录由企业填报", code="ROLE_NOT_ALLOWED")
    own = own_unit(principal)
    if body.enterprise_id is not None and body.enterprise_id != own:
        raise NotFound("未找到该主体", code="UNIT_NOT_FOUND")
    start, end = period_of(body.kind, body.period_start)
    if start > today:
        raise InvalidInput("不能填报未来日期的记录", code="ROUTINE_FUTURE_PERIOD")
    digest = _hash(body)
    r = await session.get(RoutineRecord, record_id, with_for_update=True)
    if r is not None:
        if r.enterprise_id != own:
            raise NotFound("未找到该记录", code="ROUTINE_RECORD_NOT_FOUND")
        if r.content_hash == digest:
            return r  # the same save again (an offline retry)
        if r.status != "draft":
            raise _record_conflict(r, "ROUTINE_RECORD_FILED", "该记录已提交，不能修改；如需更正，请提交更正版本")
        if r.kind != body.kind or r.period_start != start:
            raise InvalidInput("草稿的类型和所属期不能修改", code="ROUTINE_PERIOD_FIXED")
        if body.base_version != r.version:
            raise _record_conflict(r, "ROUTINE_CONFLICT",
                                   f"该草稿已在别处修改（服务器版本 {r.version}，您基于版本 {body.base_version}），请查看最新内容后再保存")
    unit = await load_unit(session, principal, own)
    # one writer per unit at a time: the period checks below must see each other's drafts
    await session.execute(select(Unit.enterprise_id).where(Unit.enterprise_id == own).with_for_update())
    list_version = await _check_content(session, body, own)
    if r is None:
        filed = await session.scalar(select(RoutineRecord).where(
            RoutineRecord.enterprise_id == own, RoutineRecord.kind == body.kind, RoutineRecord.period_start == start,
            RoutineRecord.status.in_(FILED)))
        draft = await session.scalar(select(RoutineRecord).where(
            RoutineRecord.enterprise_id == own, RoutineRecord.kind == body.kind, RoutineRecord.period_start == start,
            RoutineRecord.status == "draft"))
        if draft is not None:
            raise _record_conflict(draft, "ROUTINE_DRAFT_EXISTS", f"{start} 的{KIND_LABELS[body.kind]}已有草稿，请继续编辑该草稿")
        if body.supersedes is None and filed is not None:
            raise _record_conflict(filed, "ROUTINE_PERIOD_FILED",
                                   f"{_period_words(body.kind, start, end)}的{KIND_LABELS[body.kind]}已经提交；如需更正，请提交更正版本")
        if body.supersedes is not None and (filed is None or filed.id != body.supersedes):
            raise InvalidInput("只能更正该期当前有效的记录", code="ROUTINE_SUPERSEDES_INVALID")
        cal = await load_calendar(session, start, end)
        r = RoutineRecord(id=record_id, enterprise_id=own, org_path=unit.org_path, kind=body.kind, period_start=start,
                          period_end=end, due_on=due_on(body.kind, end, cal),
                          revision=(filed.revision + 1) if filed else 1, status="draft", supersedes=body.supersedes,
                          version=1, created_by=principal.username, content={})
        session.add(r)
        created = True
    else:
        r.version += 1
        created = False
    r.content = body.content.model_dump(mode="json")
    r.list_version = list_version
    r.filled_by_name, r.filled_by_person = body.filled_by_name, body.filled_by_person
    r.problem_count = _problems_in(body.kind, r.content)
    r.content_hash, r.updated_at = digest, utcnow()
    await session.flush()
    await record_change(session, actor=principal, action="create" if created else "update", entity_type="routine_record",
                        entity_id=r.id, after={"kind": r.kind, "period_start": str(start), "version": r.version},
                        org_path=r.org_path)
    return r


def _period_words(kind: str, start: dt.date, end: dt.date) -> str:
    if kind == "daily":
        return f"{start.month}月{start.day}日"
    if kind == "weekly":
        return f"{start.month}月{start.day}日至{end.month}月{end.day}日这一周"
    return f"{start.year}年{start.month}月"


def _problems_in(kind: str, content: dict[str, Any]) -> int:
    if kind == "daily":
        return sum(1 for i in content.get("items", []) if i.get("result") == "problem")
    if kind == "weekly":
        return len(content.get("problems", []))
    return 0


async def _check_content(session: AsyncSession, body: RecordIn, enterprise_id: uuid.UUID) -> int | None:
    """What a draft may hold: items of the unit's current list, its own people. Returns the list version."""
    if body.filled_by_person is not None:
        person = await session.get(PersonRef, body.filled_by_person)
        if person is None or person.enterprise_id != enterprise_id:
            raise InvalidInput("填写人不在本单位的人员名册中", code="ROUTINE_PERSON_UNKNOWN")
    if body.kind != "daily":
        return None
    rcl = await current_list(session, enterprise_id)
    if rcl is None:
        raise Conflict("请先制定本单位的工业产品质量安全风险管控清单，再填写每日检查记录", code="ROUTINE_NO_RISK_LIST")
    known = {i["id"] for i in rcl.items}
    ids = [x.item_id for x in body.content.items]
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise InvalidInput(f"风险管控清单（第 {rcl.version} 版）中没有这些条目：{'、'.join(unknown[:10])}",
                           code="ROUTINE_UNKNOWN_ITEM", extra={"items": unknown})
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise InvalidInput(f"检查条目重复：{'、'.join(dup)}", code="ROUTINE_DUPLICATE_ITEM", extra={"items": dup})
    return rcl.version


def _incomplete(r: RoutineRecord, daily_ids: list[str]) -> list[str]:
    """What a record still lacks before it can be submitted (Chinese, one phrase each)."""
    missing: list[str] = []
    if not (r.filled_by_name or "").strip():
        missing.append("填写人")
    if r.kind == "daily":
        c = DailyContent.model_validate(r.content)
        answered = {i.item_id for i in c.items}
        left = [i for i in daily_ids if i not in answered]
        if left:
            missing.append(f"{len(left)} 项每日检查内容未填写结果")
        for i in c.items:
            if i.result == "problem" and not (i.problem or "").strip():
                missing.append(f"条目 {i.item_id} 发现问题但未写明问题")
    elif r.kind == "weekly":
        w = WeeklyContent.model_validate(r.content)
        if not (w.analysis or "").strip():
            missing.append("本周质量安全状况分析")
        if any(not p.fixed and not (p.measure or "").strip() for p in w.problems):
            missing.append("未整改问题的整改措施")
    else:
        m = MonthlyContent.model_validate(r.content)
        if m.meeting_date is None:
            missing.append("会议日期")
        elif not (r.period_start <= m.meeting_date <= r.period_end + dt.timedelta(days=10)):
            missing.append("会议日期应在本月内（或次月上旬）")
        if not m.participants:
            missing.append("参会人员")
        if not (m.director_report or "").strip():
            missing.append("质量安全总监工作情况汇报")
        if m.meeting_date and any(d.due_on < m.meeting_date for d in m.decisions):
            missing.append("议定事项的完成时限不能早于会议日期")
    return missing


async def submit_record(session: AsyncSession, principal: Principal, record_id: uuid.UUID, base_version: int,
                        today: dt.date) -> RoutineRecord:
    if not principal.is_enterprise:
        raise Forbidden("日管控、周排查、月调度记录由企业填报", code="ROLE_NOT_ALLOWED")
    r = await load_record(session, principal, record_id, lock=True)
    if r.status != "draft":
        return r  # submitted already (a retry)
    if base_version != r.version:
        raise _record_conflict(r, "ROUTINE_CONFLICT", f"该草稿已在别处修改（服务器版本 {r.version}），请查看最新内容后再提交")
    if r.kind == "monthly":
        meeting = MonthlyContent.model_validate(r.content).meeting_date
        if meeting is not None and meeting > today:
            raise InvalidInput("会议日期不能晚于今天", code="ROUTINE_FUTURE_PERIOD")
    daily_ids: list[str] = []
    if r.kind == "daily":
        rcl = await session.scalar(select(RiskControlList).where(RiskControlList.enterprise_id == r.enterprise_id,
                                                                  RiskControlList.version == r.list_version))
        daily_ids = [i["id"] for i in (rcl.items if rcl else []) if i["frequency"] == "daily"]
    missing = _incomplete(r, daily_ids)
    if missing:
        raise InvalidInput("还不能提交：" + "；".join(missing), code="ROUTINE_INCOMPLETE", extra={"missing": missing})
    now = utcnow()
    previous = None
    if r.supersedes is not None:
        previous = await session.get(RoutineRecord, r.supersedes, with_for_update=True)
        if previous is None or previous.status not in FILED:
            raise Conflict("被更正的记录已不是该期的有效记录", code="ROUTINE_SUPERSEDES_INVALID")
        previous.status = "superseded"
        await session.flush()  # the partial unique index allows one current filing per period
    r.status, r.submitted_at, r.version = "submitted", now, r.version + 1
    if previous is None:
        r.on_time = today <= r.due_on  # the business date (China), replaceable in tests
    else:
        r.on_time = previous.on_time  # timeliness is the first filing's
    await session.flush()
    await _sync_problems(session, r, previous, today)
    await record_change(session, actor=principal, action="submit", entity_type="routine_record", entity_id=r.id,
                        after={"kind": r.kind, "period_start": str(r.period_start), "revision": r.revision,
                               "on_time": r.on_time, "supersedes": str(r.supersedes) if r.supersedes else None},
                        org_path=r.org_path)
    return r


async def _sync_problems(session: AsyncSession, r: RoutineRecord, previous: RoutineRecord | None,
                         today: dt.date) -> None:
    """Keep `routine_problem` in step with the filed records: found in daily (or weekly) records,
    closed when fixed on the spot or marked fixed in a weekly report."""
    keep: set[uuid.UUID] = set()
    if r.kind == "daily":
        for i in DailyContent.model_validate(r.content).items:
            if i.result != "problem":
                continue
            pid = i.problem_id or uuid.uuid5(r.enterprise_id, f"daily:{r.period_start}:{i.item_id}")  # stable across revisions
            keep.add(pid)
            await _upsert_problem(session, pid, r, i.item_id, i.problem or "", i.action, closed=i.fixed)
    elif r.kind == "weekly":
        for p in WeeklyContent.model_validate(r.content).problems:
            if p.problem_id is not None:
                existing = await session.get(RoutineProblem, p.problem_id, with_for_update=True)
                if existing is not None and existing.enterprise_id == r.enterprise_id:
                    if p.fixed and not existing.closed:
                        existing.closed, existing.closed_in, existing.closed_on = True, r.id, min(r.period_end, today)
                        existing.action = p.measure or existing.action
                    elif not p.fixed and existing.closed_in in (r.id, r.supersedes):
                        existing.closed, existing.closed_in, existing.closed_on = False, None, None
                    if existing.found_in not in (r.id, r.supersedes):
                        continue
            pid = p.problem_id or uuid.uuid5(r.enterprise_id, f"weekly:{r.period_start}:{p.description}")
            keep.add(pid)
            await _upsert_problem(session, pid, r, None, p.description, p.measure, closed=p.fixed)
    if previous is not None:
        # problems the corrected version no longer lists were never found
        await session.execute(delete(RoutineProblem).where(RoutineProblem.found_in.in_([previous.id, r.id]),
                                                           RoutineProblem.id.notin_(keep or {uuid.UUID(int=0)})))
    await session.flush()


async def _upsert_problem(session: AsyncSession, pid: uuid.UUID, r: RoutineRecord, item_id: str | None,
                          description: str, action: str | None, *, closed: bool) -> None:
    p = await session.get(RoutineProblem, pid, with_for_update=True)
    if p is None:
        p = RoutineProblem(id=pid, enterprise_id=r.enterprise_id, org_path=r.org_path, found_in=r.id,
                           found_kind=r.kind, found_on=r.period_start, item_id=item_id, description=description)
        session.add(p)
    elif p.enterprise_id != r.enterprise_id:
        raise InvalidInput("问题编号已被使用", code="ROUTINE_PROBLEM_ID_TAKEN")
    p.found_in, p.description, p.action = r.id, description, action
    if closed and not p.closed:
        p.closed, p.closed_in, p.closed_on = True, r.id, r.period_start
    elif not closed and p.closed_in in (r.id, r.supersedes):
        p.closed, p.closed_in, p.closed_on = False, None, None


async def return_record(session: AsyncSession, principal: Principal, record_id: uuid.UUID, comment: str) -> RoutineRecord:
    if principal.is_enterprise:
        raise Forbidden()
    r = await load_record(session, principal, record_id, lock=True)
    if r.status != "submitted":
        raise Conflict(f"该记录当前为“{STATUS_LABELS[r.status]}”，只有已提交的记录可以退回", code="ROUTINE_RECORD_STATE")
    before = row_to_dict(r)
    r.status, r.returned_at, r.returned_by, r.return_comment = "returned", utcnow(), principal.username, comment
    r.version += 1
    await session.flush()
    await record_change(session, actor=principal, action="return", entity_type="routine_record", entity_id=r.id,
                        before={"status": before["status"]}, after={"status": r.status}, reason=comment,
                        org_path=r.org_path)
    await emit(session, "routine.returned", {
        "id": str(r.id), "enterprise_id": str(r.enterprise_id), "kind": r.kind, "period_start": str(r.period_start),
        "comment": comment, "org_path": r.org_path}, org_path=r.org_path)
    return r


async def delete_draft(session: AsyncSession, principal: Principal, record_id: uuid.UUID) -> None:
    r = await load_record(session, principal, record_id, lock=True)
    if not principal.is_enterprise:
        raise Forbidden()
    if r.status != "draft":
        raise _record_conflict(r, "ROUTINE_RECORD_FILED", "已提交的记录不能删除；如需更正，请提交更正版本")
    await session.execute(delete(RoutinePhoto).where(RoutinePhoto.record_id == r.id))
    await session.delete(r)
    await session.flush()
    await record_change(session, actor=principal, action="delete", entity_type="routine_record", entity_id=r.id,
                        before={"kind": r.kind, "period_start": str(r.period_start), "status": "draft"},
                        org_path=r.org_path)


async def photo_ids(session: AsyncSession, record_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Any]]:
    out: dict[uuid.UUID, list[Any]] = {}
    if not record_ids:
        return out
    rows = await session.execute(select(RoutinePhoto.record_id, RoutinePhoto.id, RoutinePhoto.item_id,
                                        RoutinePhoto.content_type, RoutinePhoto.size)
                                 .where(RoutinePhoto.record_id.in_(record_ids)).order_by(RoutinePhoto.uploaded_at))
    for row in rows.all():
        out.setdefault(row.record_id, []).append(row)
    return out


async def filed_records(session: AsyncSession, enterprise_id: uuid.UUID, first: dt.date, last: dt.date) -> dict[tuple[str, dt.date], RoutineRecord]:
    """The current filing (and the first revision's timeliness) of every period in [first, last]."""
    rows = (await session.scalars(select(RoutineRecord).where(
        RoutineRecord.enterprise_id == enterprise_id, RoutineRecord.period_start >= first,
        RoutineRecord.period_start <= last, RoutineRecord.submitted_at.is_not(None))
        .order_by(RoutineRecord.revision))).all()
    out: dict[tuple[str, dt.date], RoutineRecord] = {}
    for r in rows:
        if r.status in FILED or (r.kind, r.period_start) not in out:
            out[(r.kind, r.period_start)] = r
    return out
