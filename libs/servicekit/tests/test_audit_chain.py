"""The audit trail as a hash chain: sealed in id order, verified, tampering found, the guard holds."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from servicekit.audit import AuditRecord
from servicekit.audit_chain import CHAIN_COLUMNS, GENESIS, AuditSealer, canonical, chain_hash, seal, verify_chain
from servicekit.db import make_engine, make_sessionmaker
from servicekit.migrations import drop_database
from servicekit.testing import AuthHelper, ServiceUnderTest
from servicekit.testing.plugin import prepare_database, run_isolated

CHENGGUAN = "540000/540100/540102"


async def _widgets(client: AsyncClient, auth: AuthHelper, *names: str) -> None:
    for name in names:
        resp = await client.post("/v1/widgets", json={"name": name, "org_path": CHENGGUAN},
                                 headers=auth.headers("county_officer", CHENGGUAN))
        assert resp.status_code == 201


async def _chain(session: AsyncSession) -> list[Any]:
    return list((await session.execute(text(
        "SELECT id, chain_seq, prev_hash, row_hash FROM audit_log ORDER BY id"))).all())


async def _refused(session: AsyncSession, statement: str, message: str = "append-only") -> None:
    nested = await session.begin_nested()
    try:
        await session.execute(text(statement))
        raise AssertionError(f"should have been refused: {statement}")
    except DBAPIError as exc:
        assert message in str(exc), exc
    finally:
        await nested.rollback()


async def _bypassing_guard(session: AsyncSession, statement: str) -> None:
    """What only the table's owner or a superuser can do: switch the guard off, change, switch it on."""
    await session.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"))
    await session.execute(text(statement))
    await session.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change"))


def test_canonical_form_is_sorted_compact_utf8_json_with_utc_timestamps() -> None:
    row = {
        "id": 7, "occurred_at": dt.datetime(2026, 11, 28, 11, 4, 5, 120, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        "actor_subject": "u-1", "actor_username": "张三", "actor_org_path": CHENGGUAN, "action": "update",
        "entity_type": "widget", "entity_id": "42", "org_path": CHENGGUAN,
        "before": {"name": "旧", "b": [1, 2.5]}, "after": {"name": "新", "a": None}, "changed_fields": ["name"],
        "reason": None, "request_id": "r-1",
    }
    expected = (
        '{"action":"update","actor_org_path":"540000/540100/540102","actor_subject":"u-1","actor_username":"张三",'
        '"after":{"a":null,"name":"新"},"before":{"b":[1,2.5],"name":"旧"},"changed_fields":["name"],'
        '"entity_id":"42","entity_type":"widget","id":7,"occurred_at":"2026-11-28T03:04:05.000120Z",'
        '"org_path":"540000/540100/540102","reason":null,"request_id":"r-1"}'
    ).encode()
    assert canonical(row) == expected
    assert canonical({**row, "extra": "ignored"}) == expected  # only the chain's columns count
    assert chain_hash(GENESIS, row) == hashlib.sha256(bytes(32) + expected).digest()


async def test_rows_are_sealed_in_id_order_and_verify(client: AsyncClient, session: AsyncSession, auth: AuthHelper,
                                                      service_app: FastAPI) -> None:
    await _widgets(client, auth, "燃气灶", "电热水器", "儿童自行车")
    assert all(r.chain_seq is None for r in await _chain(session))
    before = await verify_chain(session)
    assert (before.sealed, before.unsealed, before.ok, before.head) == (0, 3, True, None)

    assert await service_app.state.audit_sealer.run_now() == {"sealed": 3}
    rows = await _chain(session)
    assert [r.chain_seq for r in rows] == [1, 2, 3]
    assert bytes(rows[0].prev_hash) == GENESIS
    assert [bytes(r.prev_hash) for r in rows[1:]] == [bytes(r.row_hash) for r in rows[:-1]]

    report = await verify_chain(session)
    assert (report.sealed, report.unsealed, report.ok, report.first_break) == (3, 0, True, None)
    assert report.head is not None and report.head.seq == 3 and report.head.row_hash == bytes(rows[2].row_hash).hex()

    internal = await client.get("/internal/audit-log/verify", headers=auth.service_headers())
    assert internal.status_code == 200
    body = internal.json()
    assert body["ok"] is True and body["sealed"] == 3 and body["unsealed"] == 0 and body["first_break"] is None
    assert body["service"] == "kitapp" and body["head"]["seq"] == 3
    admin = await client.get("/v1/audit-log/verify", headers=auth.headers("region_admin"))
    assert admin.status_code == 200 and admin.json()["ok"] is True
    anchored = await client.get("/v1/audit-log/verify", params={"anchor_seq": 3, "anchor_hash": body["head"]["row_hash"]},
                                headers=auth.headers("region_admin"))
    assert anchored.json()["ok"] is True
    officer = await client.get("/v1/audit-log/verify", headers=auth.headers("county_officer", CHENGGUAN))
    assert officer.status_code == 403 and officer.json()["code"] == "ROLE_NOT_ALLOWED"
    assert (await client.get("/v1/audit-log/verify")).status_code == 401
    user_inside = await client.get("/internal/audit-log/verify", headers=auth.headers("region_admin"))
    assert user_inside.status_code == 403 and user_inside.json()["code"] == "INTERNAL_ONLY"
    half_anchor = await client.get("/v1/audit-log/verify", params={"anchor_seq": 3}, headers=auth.headers("region_admin"))
    assert half_anchor.status_code == 422 and half_anchor.json()["code"] == "AUDIT_ANCHOR_INCOMPLETE"
    bad_hash = await client.get("/v1/audit-log/verify", params={"anchor_seq": 3, "anchor_hash": "xyz"},
                                headers=auth.headers("region_admin"))
    assert bad_hash.status_code == 422 and bad_hash.json()["code"] == "VALIDATION_ERROR"


async def test_sealing_is_idempotent_and_continues_the_chain(client: AsyncClient, session: AsyncSession,
                                                             auth: AuthHelper, service_app: FastAPI) -> None:
    await _widgets(client, auth, "电饭煲", "插线板")
    assert await seal(session) == 2
    first = await _chain(session)
    assert await seal(session) == 0
    assert await service_app.state.audit_sealer.run_now() == {"sealed": 0}
    assert await _chain(session) == first
    await _widgets(client, auth, "安全帽")
    assert await seal(session) == 1
    rows = await _chain(session)
    assert rows[:2] == first and rows[2].chain_seq == 3 and bytes(rows[2].prev_hash) == bytes(first[1].row_hash)
    assert (await verify_chain(session)).ok


async def test_an_edit_behind_the_guard_is_found(client: AsyncClient, session: AsyncSession, auth: AuthHelper) -> None:
    await _widgets(client, auth, "一", "二", "三", "四")
    await seal(session)
    rows = await _chain(session)
    await _bypassing_guard(session, "UPDATE audit_log SET after = '{\"name\": \"篡改\"}' WHERE chain_seq = 2")
    report = await verify_chain(session)
    assert not report.ok and report.first_break is not None
    assert (report.first_break.seq, report.first_break.id, report.first_break.reason) == (2, rows[1].id, "row_hash")
    assert report.head is not None and report.head.seq == 1  # the last row that still verifies
    resp = (await client.get("/internal/audit-log/verify", headers=auth.service_headers())).json()
    assert resp["ok"] is False and resp["first_break"]["seq"] == 2 and resp["first_break"]["reason"] == "row_hash"

    # Recomputing the edited row's own hash only moves the break to the next link.
    table = AuditRecord.__table__
    edited = (await session.execute(select(*[table.c[name] for name in CHAIN_COLUMNS], table.c.prev_hash)
                                    .where(table.c.chain_seq == 2))).mappings().one()
    assert edited["after"] == {"name": "篡改"}
    forged = chain_hash(bytes(edited["prev_hash"]), edited)
    await _bypassing_guard(session, f"UPDATE audit_log SET row_hash = '\\x{forged.hex()}' WHERE chain_seq = 2")
    again = await verify_chain(session)
    assert again.first_break is not None and (again.first_break.seq, again.first_break.reason) == (3, "prev_hash")


async def test_a_deletion_behind_the_guard_is_found(client: AsyncClient, session: AsyncSession, auth: AuthHelper) -> None:
    await _widgets(client, auth, "甲", "乙", "丙", "丁")
    await seal(session)
    rows = await _chain(session)
    tip = (4, bytes(rows[3].row_hash))
    assert (await verify_chain(session, anchor=tip)).ok

    await _bypassing_guard(session, "DELETE FROM audit_log WHERE chain_seq = 2")
    report = await verify_chain(session)
    assert report.first_break is not None
    assert (report.first_break.seq, report.first_break.id, report.first_break.reason) == (2, rows[2].id, "gap")
    assert (report.sealed, report.ok) == (3, False)

    # Cutting off the end leaves no gap: only a hash kept elsewhere (the anchor) shows it.
    await _bypassing_guard(session, "DELETE FROM audit_log WHERE chain_seq = 4")
    await _bypassing_guard(session, "DELETE FROM audit_log WHERE chain_seq = 3")
    await _bypassing_guard(session, "DELETE FROM audit_log WHERE chain_seq = 2")
    assert (await verify_chain(session)).ok
    cut = await verify_chain(session, anchor=tip)
    assert not cut.ok and cut.first_break is not None and (cut.first_break.seq, cut.first_break.reason) == (4, "anchor")
    resp = await client.get("/v1/audit-log/verify", params={"anchor_seq": 4, "anchor_hash": tip[1].hex()},
                            headers=auth.headers("region_admin"))
    assert resp.json()["ok"] is False and resp.json()["first_break"]["reason"] == "anchor"


async def test_the_guard_allows_sealing_once_and_nothing_else(client: AsyncClient, session: AsyncSession,
                                                              auth: AuthHelper) -> None:
    await _widgets(client, auth, "灭火器", "电动车")
    await seal(session, limit=1)
    sealed, unsealed = await _chain(session)
    await _refused(session, f"UPDATE audit_log SET actor_username = 'someone else' WHERE id = {sealed.id}")
    await _refused(session, f"UPDATE audit_log SET actor_username = 'someone else' WHERE id = {unsealed.id}")
    await _refused(session, f"UPDATE audit_log SET chain_seq = 9 WHERE id = {sealed.id}")
    await _refused(session, f"UPDATE audit_log SET row_hash = prev_hash WHERE id = {sealed.id}")
    # sealing while changing the row in the same statement
    await _refused(session, f"UPDATE audit_log SET chain_seq = 2, prev_hash = '\\x{'00' * 32}', "
                            f"row_hash = '\\x{'00' * 32}', reason = 'x' WHERE id = {unsealed.id}")
    await _refused(session, f"DELETE FROM audit_log WHERE id = {sealed.id}")
    await _refused(session, f"DELETE FROM audit_log WHERE id = {unsealed.id}")
    await _refused(session, "TRUNCATE audit_log")
    await _refused(session, "INSERT INTO audit_log (actor_subject, actor_username, action, entity_type, entity_id, "
                            f"chain_seq, prev_hash, row_hash) VALUES ('s', 'u', 'create', 'w', '1', 5, "
                            f"'\\x{'00' * 32}', '\\x{'00' * 32}')", "inserted unsealed")
    assert await seal(session) == 1
    assert (await verify_chain(session)).ok


# -- real concurrency: committed rows on a database of their own ---------------------------------


@pytest.fixture
async def own_engine(service_under_test: ServiceUnderTest, pg_server_url: str) -> AsyncIterator[AsyncEngine]:
    url = run_isolated(lambda: prepare_database(service_under_test, pg_server_url))
    engine = make_engine(url, pool_size=8, max_overflow=4)
    try:
        yield engine
    finally:
        await engine.dispose()
        run_isolated(lambda: asyncio.run(drop_database(url)))


INSERT = text("INSERT INTO audit_log (actor_subject, actor_username, action, entity_type, entity_id, after) "
              "VALUES ('s', 'writer', 'create', 'widget', :n, CAST(:after AS jsonb)) RETURNING id")


async def _write(engine: AsyncEngine, n: int) -> int:
    async with engine.begin() as conn:
        return int((await conn.execute(INSERT, {"n": str(n), "after": f'{{"n": {n}}}'})).scalar_one())


async def _state(engine: AsyncEngine) -> list[tuple[int, int | None]]:
    async with engine.connect() as conn:
        return [(int(r[0]), r[1]) for r in (await conn.execute(text("SELECT id, chain_seq FROM audit_log ORDER BY id")))]


async def test_concurrent_sealers_never_share_a_seq(own_engine: AsyncEngine) -> None:
    sm = make_sessionmaker(own_engine)
    jobs = [AuditSealer(sessionmaker=lambda: sm, batch=7) for _ in range(2)]

    async def writer(start: int) -> None:
        for n in range(start, start + 40):
            await _write(own_engine, n)

    async def sealing(job: AuditSealer) -> None:
        for _ in range(30):
            await job.run_now()
            await asyncio.sleep(0)

    async def direct() -> None:  # seal() itself, from two sessions at once, queues on the lock
        for _ in range(15):
            async with sm() as s1, sm() as s2:
                async def one(s: AsyncSession) -> None:
                    async with s.begin():
                        await seal(s, limit=5)
                await asyncio.gather(one(s1), one(s2))

    await asyncio.gather(writer(0), writer(100), writer(200), sealing(jobs[0]), sealing(jobs[1]), direct())
    for job in jobs:
        while (await job.run_now())["sealed"]:
            pass
    await jobs[0].run_now()
    rows = await _state(own_engine)
    seqs = [seq for _, seq in rows]
    assert len(rows) == 120 and None not in seqs
    assert sorted(s for s in seqs if s is not None) == list(range(1, 121))
    async with sm() as session:
        report = await verify_chain(session, batch=16)
    assert report.ok and report.sealed == 120 and report.unsealed == 0


async def test_a_row_still_in_flight_holds_back_the_larger_ids(own_engine: AsyncEngine) -> None:
    sm = make_sessionmaker(own_engine)
    job = AuditSealer(sessionmaker=lambda: sm)
    async with own_engine.connect() as slow:
        tx = await slow.begin()
        early = int((await slow.execute(INSERT, {"n": "early", "after": "{}"})).scalar_one())
        late = await _write(own_engine, 1)  # a larger id, committed first
        assert late > early
        assert await job.run_now() == {"sealed": 0}  # the early one may still commit: wait
        assert await _state(own_engine) == [(late, None)]
        await tx.commit()
    assert await job.run_now() == {"sealed": 2}
    assert await _state(own_engine) == [(early, 1), (late, 2)]  # in id order


async def test_a_transaction_open_too_long_is_not_waited_for_and_its_row_is_sealed_later(
        own_engine: AsyncEngine) -> None:
    sm = make_sessionmaker(own_engine)
    job = AuditSealer(sessionmaker=lambda: sm, max_wait=0)
    async with own_engine.connect() as slow:
        tx = await slow.begin()
        early = int((await slow.execute(INSERT, {"n": "early", "after": "{}"})).scalar_one())
        late = await _write(own_engine, 1)
        assert await job.run_now() == {"sealed": 0}
        assert await job.run_now() == {"sealed": 1}  # waited long enough (max_wait=0): seal what is there
        await tx.commit()
    assert await job.run_now() == {"sealed": 1}
    assert await _state(own_engine) == [(early, 2), (late, 1)]  # nothing left out; the late commit comes last
    async with sm() as session:
        assert (await verify_chain(session)).ok


async def test_a_row_in_flight_is_waited_for_even_when_its_transaction_is_the_newest(own_engine: AsyncEngine) -> None:
    """The writer of the larger id got its xid first (it wrote something else before), so the
    transaction still in flight is newer than every commit: a snapshot does not list it."""
    sm = make_sessionmaker(own_engine)
    job = AuditSealer(sessionmaker=lambda: sm)
    async with own_engine.connect() as other, own_engine.connect() as slow:
        tx_other = await other.begin()
        await other.execute(text("INSERT INTO widget (name, org_path) VALUES ('先写', '540000')"))  # takes an xid
        tx_slow = await slow.begin()
        early = int((await slow.execute(INSERT, {"n": "early", "after": "{}"})).scalar_one())
        late = int((await other.execute(INSERT, {"n": "late", "after": "{}"})).scalar_one())
        await tx_other.commit()
        assert late > early
        assert await job.run_now() == {"sealed": 0}
        assert await job.run_now() == {"sealed": 0}
        await tx_slow.commit()
    assert await job.run_now() == {"sealed": 2}
    assert await _state(own_engine) == [(early, 1), (late, 2)]
