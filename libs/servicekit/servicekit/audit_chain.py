"""The audit trail as a hash chain: sealed a few seconds after it is written, verifiable on demand.

Requests insert `audit_log` rows unsealed, concurrently, in their own transactions. The sealer
(`AuditSealer`, one replica at a time under an advisory lock) later gives each row, in id order,
the next `chain_seq`, the previous row's hash as `prev_hash`, and

    row_hash = SHA-256(prev_hash || canonical(row))

where `prev_hash` of seq 1 is 32 zero bytes and `canonical(row)` is the UTF-8 JSON of the
`CHAIN_COLUMNS` described in `canonical()` (docs/decisions/0014-tamper-evident-audit-log.md).
The database guard allows exactly that update once and refuses every other UPDATE and DELETE.

Why not chain at insert: a row's predecessor would have to be known when it is written, so every
request writing an audit record would queue behind every other one. Sealing afterwards keeps the
writes concurrent.

Why the sealer waits: ids come from a sequence when a row is inserted, but transactions commit in
any order, so a row with a smaller id may become visible after a larger one. Sealing the larger
one first would put the two out of id order. Each run the sealer therefore reads the sequence's
last value and then takes an xid: every transaction holding an id up to that value has a smaller
xid (bar one drawing its id in that very instant), so the ids are "settled" once no transaction
with a smaller xid is in progress — at once when none is, else at a later run. It seals only
settled ids. A transaction open longer than `max_wait` seconds is not waited for:
its rows, when they commit, are sealed by a later run with a later seq — nothing is ever left
out, since every run takes every unsealed row up to the bound, whatever its id.

`verify_chain()` walks the sealed rows by seq, recomputes every hash and reports the first break:
a missing seq (a row deleted), a `prev_hash` that does not link, or a `row_hash` that does not
match the row (a row edited). `GET /internal/audit-log/verify` (service token) and
`GET /v1/audit-log/verify` serve it in every service.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from servicekit.audit import AuditRecord
from servicekit.auth import Authenticator, Principal
from servicekit.db import SessionDep, TransactionalRoute
from servicekit.errors import InvalidInput
from servicekit.workers import PeriodicJob

log = logging.getLogger("servicekit.audit_chain")

LOCK_KEY = 7_212_026
GENESIS = bytes(32)
# The columns a row's hash covers, in no particular order (the JSON sorts them). Adding a column to
# audit_log does not add it here: that would change the hash of every sealed row (a new chain
# format, with its own decision).
CHAIN_COLUMNS: tuple[str, ...] = (
    "id", "occurred_at", "actor_subject", "actor_username", "actor_org_path", "action", "entity_type",
    "entity_id", "org_path", "before", "after", "changed_fields", "reason", "request_id",
)
_T = AuditRecord.__table__
_CHAIN_COLS = [_T.c[name] for name in CHAIN_COLUMNS]


def utc_iso(value: dt.datetime) -> str:
    """A timestamp in the canonical form: UTC, microseconds always, 'Z' (2026-11-28T03:04:05.000000Z)."""
    if value.tzinfo is None:
        raise ValueError("audit timestamps are timezone-aware")
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(row: Mapping[str, Any]) -> bytes:
    """The bytes a row's hash covers.

    A JSON object of exactly the `CHAIN_COLUMNS` (SQL NULL as null), serialised as
    `json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))` and encoded UTF-8:
    keys sorted by code point at every depth, no whitespace, non-ASCII characters as themselves
    (only '"', '\\' and control characters escaped), integers in decimal, other numbers as the
    shortest text that reads back as the same IEEE-754 double; `occurred_at` as `utc_iso()`,
    `changed_fields` as an array of strings, `before`/`after` as the JSON stored.
    """
    doc = {name: row[name] for name in CHAIN_COLUMNS}
    doc["occurred_at"] = utc_iso(row["occurred_at"])
    doc["changed_fields"] = list(row["changed_fields"] or [])
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def chain_hash(prev_hash: bytes, row: Mapping[str, Any]) -> bytes:
    return hashlib.sha256(prev_hash + canonical(row)).digest()


# ---------------------------------------------------------------------------------------------
# Sealing


async def _tip(session: AsyncSession) -> tuple[int, bytes]:
    """The last sealed row's (seq, hash), or (0, 32 zero bytes) before the first."""
    row = (await session.execute(
        select(_T.c.chain_seq, _T.c.row_hash).where(_T.c.chain_seq.is_not(None))
        .order_by(_T.c.chain_seq.desc()).limit(1))).first()
    return (0, GENESIS) if row is None else (int(row[0]), bytes(row[1]))


async def seal(session: AsyncSession, *, up_to_id: int | None = None, limit: int = 5000) -> int:
    """Seal up to `limit` unsealed rows (ids ≤ `up_to_id`, if given) in id order; how many were sealed.

    Takes the sealer's advisory lock for the transaction, so two sealers queue rather than race
    (and the unique chain_seq would refuse a duplicate anyway). Safe to repeat: sealed rows are
    never touched again.
    """
    await session.execute(select(func.pg_advisory_xact_lock(LOCK_KEY)))
    seq, prev = await _tip(session)
    stmt = select(*_CHAIN_COLS).where(_T.c.chain_seq.is_(None)).order_by(_T.c.id).limit(limit)
    if up_to_id is not None:
        stmt = stmt.where(_T.c.id <= up_to_id)
    rows = (await session.execute(stmt)).mappings().all()
    if not rows:
        return 0
    ids: list[int] = []
    seqs: list[int] = []
    prevs: list[bytes] = []
    hashes: list[bytes] = []
    for row in rows:
        seq += 1
        digest = chain_hash(prev, row)
        ids.append(row["id"])
        seqs.append(seq)
        prevs.append(prev)
        hashes.append(digest)
        prev = digest
    result = await session.execute(text("""
        UPDATE audit_log AS a SET chain_seq = s.seq, prev_hash = s.prev, row_hash = s.hash
        FROM unnest(CAST(:ids AS bigint[]), CAST(:seqs AS bigint[]), CAST(:prevs AS bytea[]),
                    CAST(:hashes AS bytea[])) AS s(id, seq, prev, hash)
        WHERE a.id = s.id AND a.chain_seq IS NULL
    """), {"ids": ids, "seqs": seqs, "prevs": prevs, "hashes": hashes})
    if result.rowcount != len(ids):  # cannot happen under the lock; never leave a partial chain
        raise RuntimeError(f"audit_log sealing raced: {result.rowcount} of {len(ids)} rows sealed")
    for obj in [o for o in session.identity_map.values() if isinstance(o, AuditRecord)]:
        session.expire(obj)  # written behind the ORM's back
    return len(ids)


@dataclass(frozen=True)
class Observation:
    """The last id handed out, and an xid taken just after reading it: a transaction that drew an
    id ≤ `high_id` (and has begun writing its row) has a smaller xid."""

    high_id: int
    xid: int
    at: float


async def observe(session: AsyncSession) -> Observation:
    """Read the sequence, then give this transaction its xid (the sequence first: see Observation)."""
    high = await session.scalar(text(
        "SELECT pg_sequence_last_value(pg_get_serial_sequence('audit_log', 'id')::regclass)"))
    xid = await session.scalar(text("SELECT pg_current_xact_id()::text"))
    return Observation(high_id=int(high or 0), xid=int(xid), at=time.monotonic())


_RUNNING_BEFORE = text("""
    WITH s AS (SELECT pg_current_snapshot() AS snap)
    SELECT count(*) FROM (
        SELECT x::text::bigint AS xid FROM s, pg_snapshot_xip(s.snap) AS x
        UNION
        SELECT g FROM s, generate_series(pg_snapshot_xmax(s.snap)::text::bigint, CAST(:xid AS bigint) - 1) AS g
    ) AS r
    WHERE r.xid < CAST(:xid AS bigint)
      AND r.xid::text::xid8 IS DISTINCT FROM pg_current_xact_id_if_assigned()
      AND pg_xact_status(r.xid::text::xid8) = 'in progress'
""")


async def running_before(session: AsyncSession, xid: int) -> int:
    """How many other transactions with an xid below `xid` are still in progress.

    A snapshot lists the running xids below its xmax (the newest completed xid + 1) only; those
    from xmax up to `xid` are looked up one by one (a handful: xids handed out since the newest
    commit).
    """
    return int(await session.scalar(_RUNNING_BEFORE, {"xid": xid}) or 0)


class AuditSealer(PeriodicJob):
    """Seals the settled unsealed rows every `interval` seconds (one replica at a time)."""

    name = "audit-sealer"

    def __init__(self, *, sessionmaker: Callable[[], async_sessionmaker[AsyncSession]], interval: float = 5,
                 max_wait: float = 300, batch: int = 5000, poll_seconds: float = 1) -> None:
        super().__init__(interval=interval, poll_seconds=poll_seconds)
        self.sessionmaker, self.max_wait, self.batch = sessionmaker, max_wait, batch
        self._pending: Observation | None = None

    async def _bound(self, session: AsyncSession) -> int | None:
        """The highest id that is settled now, or None when nothing new is (see the module's notes).

        Called first in the run's transaction, before it has an xid of its own."""
        bound: int | None = None
        pending = self._pending
        if pending is not None:
            running = await running_before(session, pending.xid)
            if running and time.monotonic() - pending.at > self.max_wait:
                log.warning("audit sealing stops waiting for %d long transactions; their rows will be sealed "
                            "when they commit, after rows with higher ids", running)
                running = 0
            if running:
                return None
            bound, self._pending = pending.high_id, None
        now = await observe(session)
        if await running_before(session, now.xid):
            self._pending = now
            return bound
        return now.high_id

    async def run_now(self) -> dict[str, int]:
        sealed = 0
        bound: int | None = None
        first = True
        while True:
            async with self.sessionmaker()() as session, session.begin():
                if not await session.scalar(select(func.pg_try_advisory_xact_lock(LOCK_KEY))):
                    break  # another replica is sealing
                if first:
                    bound, first = await self._bound(session), False
                    if bound is None:
                        break
                done = await seal(session, up_to_id=bound, limit=self.batch)
            sealed += done
            if done < self.batch:
                break
        if sealed:
            log.info("audit records sealed", extra={"sealed": sealed})
        return {"sealed": sealed}


# ---------------------------------------------------------------------------------------------
# Verification


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    id: int | None
    reason: Literal["gap", "prev_hash", "row_hash", "anchor"]
    detail: str


@dataclass(frozen=True)
class ChainHead:
    seq: int
    id: int
    row_hash: str
    occurred_at: dt.datetime


@dataclass(frozen=True)
class ChainReport:
    sealed: int
    unsealed: int
    ok: bool
    first_break: ChainBreak | None
    head: ChainHead | None
    oldest_unsealed_at: dt.datetime | None


async def verify_chain(session: AsyncSession, *, anchor: tuple[int, bytes] | None = None,
                       batch: int = 5000) -> ChainReport:
    """Recompute every sealed row's hash in seq order; the first break, if any.

    `head` is the last row that verified (the chain's tip when ok): record its seq and hash
    elsewhere and pass them back later as `anchor` to prove the chain was not rebuilt or cut
    short since.
    """
    counts = (await session.execute(select(
        func.count().filter(_T.c.chain_seq.is_not(None)), func.count().filter(_T.c.chain_seq.is_(None)),
        func.min(_T.c.occurred_at).filter(_T.c.chain_seq.is_(None)), func.max(_T.c.chain_seq)))).one()
    sealed, unsealed, oldest_unsealed, last_seq = int(counts[0]), int(counts[1]), counts[2], int(counts[3] or 0)
    expected, prev = 1, GENESIS
    head: ChainHead | None = None
    broken: ChainBreak | None = None
    cols: Sequence[Any] = [*_CHAIN_COLS, _T.c.chain_seq, _T.c.prev_hash, _T.c.row_hash]
    while broken is None:
        # up to the tip counted above: rows the sealer adds meanwhile are left for the next check
        rows = (await session.execute(select(*cols).where(_T.c.chain_seq.between(expected, last_seq))
                                      .order_by(_T.c.chain_seq).limit(batch))).mappings().all()
        for row in rows:
            seq, row_id = int(row["chain_seq"]), int(row["id"])
            if seq != expected:
                broken = ChainBreak(expected, row_id, "gap",
                                    f"序号 {expected} 缺失（记录被删除），其后为序号 {seq}")
            elif bytes(row["prev_hash"]) != prev:
                broken = ChainBreak(seq, row_id, "prev_hash", f"序号 {seq} 与前一条记录的链接断开")
            elif chain_hash(prev, row) != bytes(row["row_hash"]):
                broken = ChainBreak(seq, row_id, "row_hash", f"序号 {seq} 的记录内容与其哈希不符（记录被修改）")
            elif anchor is not None and seq == anchor[0] and bytes(row["row_hash"]) != anchor[1]:
                broken = ChainBreak(seq, row_id, "anchor", f"序号 {seq} 的哈希与留存的锚点不符（链被重建）")
            if broken is not None:
                break
            prev = bytes(row["row_hash"])
            head = ChainHead(seq, row_id, prev.hex(), row["occurred_at"])
            expected += 1
        if len(rows) < batch:
            break
    if broken is None and anchor is not None and anchor[0] >= expected:
        broken = ChainBreak(anchor[0], None, "anchor", f"链在序号 {expected - 1} 结束，短于留存的锚点（末尾记录被删除）")
    return ChainReport(sealed=sealed, unsealed=unsealed, ok=broken is None, first_break=broken, head=head,
                       oldest_unsealed_at=oldest_unsealed)


# ---------------------------------------------------------------------------------------------
# Routes


class ChainBreakOut(BaseModel):
    seq: int = Field(description="第一处断点的链序号（缺失时为缺失的序号）")
    id: int | None = Field(description="该处记录的 id（缺失时为其后一条）")
    reason: Literal["gap", "prev_hash", "row_hash", "anchor"] = Field(
        description="gap：序号缺失（删除）；prev_hash：链接断开；row_hash：内容被修改；anchor：与留存的锚点不符")
    detail: str


class ChainHeadOut(BaseModel):
    seq: int
    id: int
    row_hash: str = Field(description="SHA-256，十六进制；作为锚点另行留存")
    occurred_at: dt.datetime


class ChainReportOut(BaseModel):
    service: str
    sealed: int = Field(description="已封链的记录数")
    unsealed: int = Field(description="尚未封链的记录数（写入后数秒内封链）")
    ok: bool
    first_break: ChainBreakOut | None
    head: ChainHeadOut | None = Field(description="最后一条校验通过的记录（完好时即链尾）")
    oldest_unsealed_at: dt.datetime | None = Field(description="最早一条未封链记录的时间；过旧说明封链任务未运行")


def _anchor(seq: int | None, digest: str | None) -> tuple[int, bytes] | None:
    if seq is None and digest is None:
        return None
    if seq is None or digest is None:
        raise InvalidInput("锚点须同时给出序号与哈希", code="AUDIT_ANCHOR_INCOMPLETE")
    return seq, bytes.fromhex(digest)


async def _report(request: Request, session: AsyncSession, anchor: tuple[int, bytes] | None) -> ChainReportOut:
    r = await verify_chain(session, anchor=anchor)
    return ChainReportOut(
        service=request.app.state.settings.service_name, sealed=r.sealed, unsealed=r.unsealed, ok=r.ok,
        first_break=ChainBreakOut(**asdict(r.first_break)) if r.first_break else None,
        head=ChainHeadOut(**asdict(r.head)) if r.head else None, oldest_unsealed_at=r.oldest_unsealed_at)


AnchorSeq = Annotated[int | None, Query(ge=1, description="锚点：此前留存的链序号")]
AnchorHash = Annotated[str | None, Query(pattern="^[0-9a-f]{64}$", description="锚点：该序号的 row_hash（十六进制）")]
# Until the separate audit administrator role (issue 10) exists, the region administrator verifies.
AuditAdmin = Annotated[Principal, Depends(Authenticator(roles={"region_admin"}))]
Internal = Annotated[Principal, Depends(Authenticator(service_only=True))]


def make_audit_chain_router(service: str) -> APIRouter:
    router = APIRouter(route_class=TransactionalRoute, tags=["audit-log"])

    @router.get("/v1/audit-log/verify", response_model=ChainReportOut, operation_id=f"{service}_audit_log_verify",
                summary="校验本服务操作日志的哈希链（自治区管理员）")
    async def audit_log_verify(request: Request, _: AuditAdmin, session: SessionDep,
                               anchor_seq: AnchorSeq = None, anchor_hash: AnchorHash = None) -> ChainReportOut:
        return await _report(request, session, _anchor(anchor_seq, anchor_hash))

    @router.get("/internal/audit-log/verify", response_model=ChainReportOut,
                operation_id=f"{service}_audit_log_verify_internal",
                summary="校验本服务操作日志的哈希链（运维与测试；服务令牌）")
    async def audit_log_verify_internal(request: Request, _: Internal, session: SessionDep,
                                        anchor_seq: AnchorSeq = None, anchor_hash: AnchorHash = None) -> ChainReportOut:
        return await _report(request, session, _anchor(anchor_seq, anchor_hash))

    return router
