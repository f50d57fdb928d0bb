"""The push to the national platform, against the test double in tests/national_double.py (its
own signature check, a real HTTP server in its own process): every record type is accepted as
documented, retries and dead letters, resend; the delivery log; the inbound API and its scope."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from audit_factories import answer_all, new_audit, pref, region
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from audit.models import NationalPush
from audit.national.pusher import NationalPusher
from audit.national.signing import digest, sign, string_to_sign
from servicekit.testing import AuthHelper

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tests"))
from national_double import NationalDouble

SECRET = "test-secret-please-change"


@pytest.fixture(scope="module")
def double(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NationalDouble]:
    d = NationalDouble(tmp_path_factory.mktemp("national"), secret=SECRET, method="HMAC-SM3,HMAC-SHA256")
    d.start()
    yield d
    d.stop()


def pusher(app: FastAPI, double: NationalDouble, method: str = "HMAC-SM3", **kw: Any) -> NationalPusher:
    return NationalPusher(sessionmaker=app.state.sessionmaker, base_url=double.url, app_id="xz540000", secret=SECRET,
                          method=method, **kw)


async def drain(p: NationalPusher) -> int:
    async with httpx.AsyncClient(timeout=10) as c:
        return await p.run_once(c)


async def every_record_type(client: AsyncClient, auth: AuthHelper) -> None:
    audit = await new_audit(client, region(auth), "540100")
    await answer_all(client, region(auth), audit)
    assert (await client.post(f"/v1/audits/{audit['id']}/submit", headers=region(auth))).status_code == 200
    f = await client.post("/v1/followups", json={"kind": "rectification_notice", "target_code": "540100",
                                                 "audit_id": audit["id"], "findings": "2 户逾期未建档。",
                                                 "requirements": "限期补录。", "due_on": "2026-12-20"}, headers=region(auth))
    assert f.status_code == 201, f.text
    s = await client.post("/v1/scores", json={"org_code": "540100", "period": "2026-H2", "points": "-1",
                                              "reason": "逾期未建档", "source_kind": "audit", "source_id": audit["id"]},
                          headers=region(auth))
    assert s.status_code == 201, s.text
    r = await client.put("/v1/progress/reports/2026-11-H1", json={"progress": "本期新建档 12 户，完成检查 30 次。"},
                         headers=pref(auth))
    assert r.status_code == 200, r.text
    assert (await client.post("/v1/progress/reports/2026-11-H1/submit", headers=pref(auth))).status_code == 200
    b = await client.post("/v1/progress/briefings", json={"period_code": "2026-11-H1"}, headers=region(auth))
    assert b.status_code == 201, b.text
    assert (await client.post(f"/v1/progress/briefings/{b.json()['id']}/publish", headers=region(auth))).status_code == 200


async def test_every_record_type_is_accepted_by_the_platform(client: AsyncClient, auth: AuthHelper, service_app: FastAPI,
                                                             session: AsyncSession, double: NationalDouble) -> None:
    double.reset()
    await every_record_type(client, auth)
    queued = (await session.scalars(select(NationalPush).order_by(NationalPush.id))).all()
    assert {p.record_type for p in queued} == {"audit", "followup", "score", "progress_report", "briefing"}
    sent = await drain(pusher(service_app, double, "HMAC-SM3"))
    errors = [(p.record_type, p.last_error) for p in queued if (await session.refresh(p)) or p.last_error]
    assert sent == len(queued), errors
    got = double.received()
    assert got["rejected"] == {}, got["rejected"]
    assert sorted(r["idempotency_key"] for r in got["records"]) == sorted(p.idempotency_key for p in queued)
    for p in queued:
        await session.refresh(p)
        assert p.status == "delivered" and p.receipt_id and p.attempts == 1
    # a record sent again (lost answer, crash before recording) is a duplicate there, not a second record
    first = queued[0]
    await session.execute(NationalPush.__table__.update().where(NationalPush.id == first.id).values(status="pending"))
    assert await drain(pusher(service_app, double, "HMAC-SHA256")) == 1
    await session.refresh(first)
    assert first.duplicate is True and len(double.received()["records"]) == len(queued)


async def test_outage_retries_then_dead_letter_and_resend(client: AsyncClient, auth: AuthHelper, service_app: FastAPI,
                                                          session: AsyncSession, double: NationalDouble) -> None:
    double.reset()
    s = await client.post("/v1/scores", json={"org_code": "540200", "period": "2026", "points": "2",
                                              "reason": "宣贯培训成效显著"}, headers=region(auth))
    assert s.status_code == 201
    double.set_mode("fail", status=503)
    p = pusher(service_app, double, max_attempts=2)
    assert await drain(p) == 0
    row = await session.scalar(select(NationalPush).where(NationalPush.record_id == s.json()["id"]))
    assert row is not None and row.status == "pending" and row.attempts == 1 and "503" in (row.last_error or "")
    await session.execute(NationalPush.__table__.update().where(NationalPush.id == row.id)
                          .values(next_attempt_at=row.created_at))  # due again now
    assert await drain(p) == 0
    await session.refresh(row)
    assert row.status == "dead" and row.attempts == 2
    log = (await client.get("/v1/national/deliveries?status=dead", headers=region(auth))).json()
    assert any(d["id"] == row.id and d["status_label"] == "归集失败" for d in log["items"])
    stats = (await client.get("/v1/national/deliveries/stats", headers=region(auth))).json()
    assert stats["dead"] >= 1
    double.set_mode("ok")
    r = await client.post(f"/v1/national/deliveries/{row.id}/resend", headers=region(auth))
    assert r.status_code == 200 and r.json()["status"] == "pending" and r.json()["resent_by"]
    assert await drain(p) == 1
    await session.refresh(row)
    assert row.status == "delivered"
    r = await client.post(f"/v1/national/deliveries/{row.id}/resend", headers=region(auth))
    assert r.status_code == 409 and r.json()["code"] == "DELIVERY_NOT_DEAD"
    assert (await client.get("/v1/national/deliveries", headers=pref(auth))).status_code == 403


async def test_a_wrong_secret_is_a_permanent_failure(client: AsyncClient, auth: AuthHelper, service_app: FastAPI,
                                                     session: AsyncSession, double: NationalDouble) -> None:
    double.reset()
    s = await client.post("/v1/scores", json={"org_code": "540300", "period": "2026", "points": "1",
                                              "reason": "按时报送"}, headers=region(auth))
    p = NationalPusher(sessionmaker=service_app.state.sessionmaker, base_url=double.url, app_id="xz540000",
                       secret="wrong-secret", method="HMAC-SM3")
    assert await drain(p) == 0
    row = await session.scalar(select(NationalPush).where(NationalPush.record_id == s.json()["id"]))
    assert row is not None and row.status == "dead" and row.attempts == 1 and "SIGNATURE_INVALID" in (row.last_error or "")


def test_signature_matches_the_documented_example() -> None:
    """The worked example of docs/integration/national-platform.md, recomputed by the product's signer."""
    doc = (Path(__file__).resolve().parents[3] / "docs" / "integration" / "national-platform.md").read_text()
    body = b'{"record_type":"score"}'
    text = string_to_sign(http_method="POST", path="/api/v1/records", app_id="xz540000", timestamp="1795830000",
                          nonce="0123456789abcdef0123456789abcdef", idempotency_key="score:x:v1", body=body,
                          method="HMAC-SM3")
    assert text.splitlines()[-1] == digest("HMAC-SM3", body)
    assert len(sign(SECRET, text, "HMAC-SM3")) == 64 and len(sign(SECRET, text, "HMAC-SHA256")) == 64
    assert "HMAC-SM3" in doc and "1795830000" in doc


async def test_inbound_api_needs_the_scope(client: AsyncClient, auth: AuthHelper) -> None:
    audit = await new_audit(client, region(auth), "542500")
    await answer_all(client, region(auth), audit)
    await client.post(f"/v1/audits/{audit['id']}/submit", headers=region(auth))
    draft = await new_audit(client, region(auth), "540600")
    api = auth.headers("api_client", "540000", scope="national:read", username="总局平台")
    r = await client.get("/v1/national/audits?size=200", headers=api)
    assert r.status_code == 200
    ids = {a["id"] for a in r.json()["items"]}
    assert audit["id"] in ids and draft["id"] not in ids  # drafts are not reported
    one = (await client.get(f"/v1/national/audits/{audit['id']}", headers=api)).json()
    assert len(one["items"]) == 17 and one["target_org_code"] == "542500"
    assert (await client.get(f"/v1/national/audits/{draft['id']}", headers=api)).status_code == 404
    for _ in range(2):
        f = await client.post("/v1/followups", json={"kind": "reminder_letter", "target_code": "542500",
                                                     "findings": "进展滞后。", "requirements": "加快进度。",
                                                     "due_on": "2026-12-20"}, headers=region(auth))
    await client.post(f"/v1/followups/{f.json()['id']}/answer", json={"answer": "已加快进度。"},
                      headers=pref(auth, "540000/542500"))
    agg = (await client.get("/v1/national/aggregates?year=2026", headers=api)).json()
    row = {b["org_code"]: b for b in agg["bureaus"]}["542500"]
    assert row["audits_done"] == 1 and row["items_total"] == 17 and row["items_implemented"] >= 1
    assert row["followups_by_kind"]["reminder_letter"] == {"issued": 2, "answered": 1, "closed": 0, "overdue": 0}
    # a key bound to 日喀则 reads 日喀则's area only
    lower = auth.headers("api_client", "540000/540200", scope="national:read", username="日喀则密钥")
    assert audit["id"] not in {a["id"] for a in (await client.get("/v1/national/audits?size=200", headers=lower)).json()["items"]}
    assert (await client.get(f"/v1/national/audits/{audit['id']}", headers=lower)).status_code == 404
    assert [b["org_code"] for b in (await client.get("/v1/national/aggregates?year=2026", headers=lower)).json()["bureaus"]] == ["540200"]
    r = await client.get("/v1/national/audits", headers=auth.headers("api_client", "540000", username="无权限密钥"))
    assert r.status_code == 403 and r.json()["code"] == "SCOPE_NOT_ALLOWED"
    assert (await client.get("/v1/national/audits", headers=region(auth))).status_code == 403
    r = await client.get("/v1/national/audits?updated_since=2026-01-01T00:00:00", headers=api)
    assert r.status_code == 422 and r.json()["code"] == "DATETIME_NAIVE"
