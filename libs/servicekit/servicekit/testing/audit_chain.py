"""A check every service passes: its audit_log is a hash chain (docs/decisions/0014)."""

from __future__ import annotations

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.audit import AuditRecord
from servicekit.testing.plugin import CHENGGUAN, AuthHelper


async def assert_audit_chain(client: AsyncClient, session: AsyncSession, auth: AuthHelper, app: FastAPI, *,
                             service: str) -> None:
    """A row written is sealed by the service's sealer, the chain verifies through both routes
    (a region administrator's and the internal one), and the guard still refuses an edit."""
    record = AuditRecord(actor_subject="conformance", actor_username="conformance", action="create",
                         entity_type="conformance", entity_id="1", changed_fields=[])
    session.add(record)
    await session.flush()
    assert (await app.state.audit_sealer.run_now())["sealed"] >= 1
    internal = await client.get("/internal/audit-log/verify", headers=auth.service_headers())
    body = internal.json()
    assert internal.status_code == 200 and body["service"] == service, internal.text
    assert body["ok"] is True and body["unsealed"] == 0 and body["sealed"] == body["head"]["seq"] >= 1
    admin = await client.get("/v1/audit-log/verify", headers=auth.headers("region_admin"))
    assert admin.status_code == 200 and admin.json()["sealed"] == body["sealed"]
    denied = await client.get("/v1/audit-log/verify", headers=auth.headers("county_officer", CHENGGUAN))
    assert denied.status_code == 403
    nested = await session.begin_nested()
    try:
        await session.execute(text("UPDATE audit_log SET reason = 'edited' WHERE id = :id"), {"id": record.id})
        raise AssertionError("the audit_log guard let an edit through")
    except DBAPIError as exc:
        assert "append-only" in str(exc)
    finally:
        await nested.rollback()
