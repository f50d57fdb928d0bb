"""Survey imports: a job per uploaded file, validated row by row, applied in one transaction.

Valid rows are created or updated by credit code (idempotent: the same file twice changes
nothing the second time); invalid rows are rejected and listed with their row numbers. The
apply runs in a single transaction, so a failure half-way leaves the archive as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from registry.imports.reader import FileProblem, Sheet, read_sheet
from registry.imports.validate import Issue, Lookups, Record, check_row
from registry.models import CategoryTag, Enterprise, EnterpriseProduct, ImportJob
from servicekit.audit import AuditRecord
from servicekit.crypto import FieldCipher, mask_middle
from servicekit.db import copy_rows, jsonable, utcnow
from servicekit.observability import current_request_id
from servicekit.orgs import OrgDirectory
from servicekit.outbox import OutboxEvent

log = logging.getLogger("registry.imports")

MAX_ERRORS_KEPT = 5000
BATCH = 2000
EVENT_CHUNK = 500
COMPARED = ("name", "unit_types", "is_individual", "division_code", "station_code", "org_path", "registered_address",
            "operating_address", "principal_name", "contact_name", "employees", "revenue_wan", "size_year",
            "key_tags", "registered_on", "status")
Progress = Callable[[int], Awaitable[None]]


def _cells(sheet: Sheet, cells: list[str]) -> dict[str, str]:
    return {f: (cells[i].strip() if i < len(cells) else "") for f, i in sheet.columns.items()}


async def load_lookups(session: AsyncSession, directory: OrgDirectory, importer_path: str, today: dt.date) -> Lookups:
    tags = dict((await session.execute(select(CategoryTag.name, CategoryTag.code).where(CategoryTag.active))).all())
    return Lookups.build(await directory.all(), tags, importer_path, today)


def validate_rows(sheet: Sheet, lookups: Lookups) -> list[Record]:
    records: list[Record] = []
    seen: dict[str, int] = {}
    for row_no, cells in sheet.rows:
        rec = check_row(row_no, _cells(sheet, cells), lookups)
        code = rec.values.get("credit_code")
        if code:
            if code in seen:
                rec.issues.append(Issue(row_no, "统一社会信用代码", f"与第 {seen[code]} 行重复"))
            else:
                seen[code] = row_no
        records.append(rec)
    return records


async def _existing(session: AsyncSession, codes: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    cols = [Enterprise.id, Enterprise.credit_code, Enterprise.version, *[getattr(Enterprise, c) for c in COMPARED]]
    for i in range(0, len(codes), 5000):
        rows = (await session.execute(select(*cols).where(Enterprise.credit_code.in_(codes[i:i + 5000])))).mappings()
        out.update({r["credit_code"]: dict(r) for r in rows})
    return out


def _changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Fields the row would change; an empty optional cell leaves the archive's value alone."""
    changed: dict[str, Any] = {}
    for fld in COMPARED:
        value = new.get(fld)
        if value is None or (fld == "key_tags" and not value):
            continue
        if fld == "key_tags":
            value = sorted(set(old.get("key_tags") or []) | set(value))
        if old.get(fld) != value:
            changed[fld] = value
    return changed


async def classify(session: AsyncSession, records: list[Record], importer_path: str) -> tuple[
    list[Record], list[tuple[Record, dict[str, Any], dict[str, Any]]], int
]:
    """(to create, to update with (old, changes), unchanged count); out-of-scope existing codes rejected."""
    good = [r for r in records if r.ok]
    existing = await _existing(session, [r.values["credit_code"] for r in good])
    creates: list[Record] = []
    updates: list[tuple[Record, dict[str, Any], dict[str, Any]]] = []
    unchanged = 0
    for rec in good:
        old = existing.get(rec.values["credit_code"])
        if old is None:
            creates.append(rec)
            continue
        if not (old["org_path"] == importer_path or old["org_path"].startswith(importer_path + "/")):
            rec.issues.append(Issue(rec.row, "统一社会信用代码", "该主体已由其他辖区建档，不能由您更新，请联系上级监管部门"))
            continue
        changes = _changes(old, rec.values)
        if changes:
            updates.append((rec, old, changes))
        else:
            unchanged += 1
    return creates, updates, unchanged


def _issues(records: list[Record]) -> list[dict[str, Any]]:
    out = [i.as_dict() for r in records for i in r.issues]
    out.sort(key=lambda i: (i["severity"] != "error", i["row"]))
    return out[:MAX_ERRORS_KEPT]


async def apply(
    session: AsyncSession, *, job: ImportJob, creates: list[Record],
    updates: list[tuple[Record, dict[str, Any], dict[str, Any]]], cipher: FieldCipher, today: dt.date,
    progress: Progress,
) -> None:
    """Write every valid row, its audit record and the events, inside the caller's transaction."""
    now = utcnow()
    actor = {"actor_subject": job.created_by, "actor_username": job.created_by_name, "action": "import",
             "entity_type": "enterprise", "reason": f"摸底调查导入：{job.filename}", "request_id": current_request_id()}
    audit_rows: list[dict[str, Any]] = []
    event_items: list[dict[str, Any]] = []
    done = 0
    for i in range(0, len(creates), BATCH):
        rows, products = [], []
        for rec in creates[i:i + BATCH]:
            v = rec.values
            eid = uuid.uuid4()
            phone = v.get("contact_phone")
            rows.append({
                "id": eid, "credit_code": v["credit_code"], "credit_code_check_ok": v["credit_code_check_ok"],
                **{k: v.get(k) for k in COMPARED}, "key_tags": v["key_tags"], "entry_reason": v["entry_reason"],
                "contact_phone_enc": cipher.encrypt(phone) if phone else None,
                "contact_phone_masked": mask_middle(phone) if phone else None,
                "archive_status": "archived", "archived_on": today, "archive_deadline": None,
                "archive_deadline_fallback": False, "status_note": None, "status_changed_on": None, "grade": None,
                "director_required": v["director_required"], "director_count": 0, "officer_count": 0,
                "version": 1, "created_by": job.created_by_name, "created_at": now, "updated_at": now,
            })
            products += [{"id": uuid.uuid4(), "enterprise_id": eid, "licence_no": None, "certificate_no": None,
                          "standard_no": None, "valid_from": None, "valid_to": None, "note": None, **p}
                         for p in rec.products]
            after = {k: jsonable(v.get(k)) for k in ("credit_code", *COMPARED)}
            audit_rows.append({**actor, "entity_id": str(eid), "org_path": v["org_path"], "before": None,
                               "after": after, "changed_fields": sorted(after)})
            event_items.append({"id": str(eid), "change": "created", "version": 1, "archived_on": today.isoformat(),
                                **_event_fields(v)})
        # COPY: one statement per batch, so the count trigger fires once, not once per row.
        await copy_rows(session, Enterprise.__table__, rows)
        await copy_rows(session, EnterpriseProduct.__table__, products)
        done += len(rows)
        await progress(done)
    table = Enterprise.__table__
    for i in range(0, len(updates), BATCH):
        chunk = updates[i:i + BATCH]
        # Group by the set of changed fields so each executemany has one statement shape.
        by_shape: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for rec, old, changes in chunk:
            by_shape.setdefault(tuple(sorted(changes)), []).append({"_id": old["id"], **changes})
            audit_rows.append({**actor, "entity_id": str(old["id"]), "org_path": rec.values["org_path"],
                               "before": {k: jsonable(old.get(k)) for k in changes},
                               "after": {k: jsonable(v) for k, v in changes.items()},
                               "changed_fields": sorted(changes)})
            event_items.append({"id": str(old["id"]), "change": "updated", "changed": sorted(changes),
                                "version": old["version"] + 1,
                                **_event_fields({**old, **changes})})
        for shape, params in by_shape.items():
            stmt = (update(table).where(table.c.id == bindparam("_id"))
                    .values({k: bindparam(k) for k in shape} | {"version": table.c.version + 1, "updated_at": now}))
            await session.execute(stmt.execution_options(synchronize_session=False), params)
        done += len(chunk)
        await progress(done)
    stamp = utcnow()
    for i in range(0, len(audit_rows), BATCH):
        await copy_rows(session, AuditRecord.__table__, [{**r, "occurred_at": stamp} for r in audit_rows[i:i + BATCH]])
    for i in range(0, len(event_items), EVENT_CHUNK):
        items = event_items[i:i + EVENT_CHUNK]
        session.add(OutboxEvent(id=uuid.uuid4(), topic="enterprise.imported", org_path=job.org_path,
                                payload={"import_id": str(job.id), "items": jsonable(items)},
                                request_id=current_request_id()))
    await session.flush()


def _event_fields(v: dict[str, Any]) -> dict[str, Any]:
    return {"credit_code": v.get("credit_code"), "name": v.get("name"), "unit_types": v.get("unit_types"),
            "employees": v.get("employees"),
            "revenue_wan": str(v["revenue_wan"]) if v.get("revenue_wan") is not None else None,
            "division_code": v.get("division_code"), "org_path": v.get("org_path"), "status": v.get("status")}


async def run_job(
    sessionmaker: async_sessionmaker[AsyncSession], job_id: uuid.UUID, *, directory: OrgDirectory,
    cipher: FieldCipher, today: dt.date,
) -> None:
    """Process one claimed job to its end (succeeded, rejected or failed)."""
    async with sessionmaker() as s:
        job = await s.get(ImportJob, job_id)
        assert job is not None
        content, filename, importer_path = job.content, job.filename, job.org_path

    async def set_job(**values: Any) -> None:
        async with sessionmaker() as s, s.begin():
            await s.execute(update(ImportJob).where(ImportJob.id == job_id).values(**values))

    try:
        sheet = read_sheet(filename, content)
    except FileProblem as exc:
        await set_job(status="rejected", message=str(exc), finished_at=utcnow())
        return
    total = len(sheet.rows)
    await set_job(total_rows=total, processed_rows=0)

    async def progress(done: int) -> None:
        await set_job(processed_rows=min(done, total), lease_until=utcnow() + dt.timedelta(minutes=10))

    timings: dict[str, float] = {}
    mark = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        timings[name] = round(now - mark, 2)
        mark = now

    try:
        async with sessionmaker() as session, session.begin():
            job = await session.get(ImportJob, job_id)
            assert job is not None
            lookups = await load_lookups(session, directory, importer_path, today)
            records = validate_rows(sheet, lookups)
            lap("validate")
            creates, updates, unchanged = await classify(session, records, importer_path)
            lap("classify")
            rejected = sum(1 for r in records if not r.ok)
            counts = {"created_count": len(creates), "updated_count": len(updates), "unchanged_count": unchanged,
                      "rejected_count": rejected, "warning_count": sum(1 for r in records for i in r.issues if i.severity == "warning"),
                      "errors": _issues(records)}
            if not job.dry_run:
                await apply(session, job=job, creates=creates, updates=updates, cipher=cipher, today=today,
                            progress=progress)
                lap("write")
            summary = (f"{'预检' if job.dry_run else '导入'}完成：新增 {len(creates)}，更新 {len(updates)}，"
                       f"无变化 {unchanged}，拒绝 {rejected}")
            await session.execute(update(ImportJob).where(ImportJob.id == job_id).values(
                status="succeeded", processed_rows=total, message=summary, finished_at=utcnow(), lease_until=None,
                **counts))
        lap("commit")
        log.info("import finished", extra={"job": str(job_id), "rows": total, "seconds": timings})
    except Exception:
        log.exception("import failed", extra={"job": str(job_id)})
        await set_job(status="failed", finished_at=utcnow(), lease_until=None,
                      message="导入过程中发生错误，本次导入未对档案做任何更改；请稍后重试或联系管理员")
        return


async def claim_next(sessionmaker: async_sessionmaker[AsyncSession], worker: str) -> uuid.UUID | None:
    """Take a queued job, or a running one whose worker stopped renewing its lease."""
    now = utcnow()
    async with sessionmaker() as s, s.begin():
        job_id = await s.scalar(
            select(ImportJob.id)
            .where((ImportJob.status == "queued") | ((ImportJob.status == "running") & (ImportJob.lease_until < now)))
            .order_by(ImportJob.created_at)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if job_id is None:
            return None
        await s.execute(update(ImportJob).where(ImportJob.id == job_id).values(
            status="running", claimed_by=worker, started_at=func.coalesce(ImportJob.started_at, now),
            lease_until=now + dt.timedelta(minutes=10)))
        return job_id
