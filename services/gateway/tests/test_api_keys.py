"""API client keys: issued by region admins, shown once, exchanged for scoped api_client tokens."""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from typing import Any

import jwt
import pytest
from fastapi import FastAPI
from httpx import AsyncClient, Response
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.models import ApiClientKey, LoginEvent
from servicekit import keys
from servicekit.audit import AuditRecord
from servicekit.auth import TokenVerifier
from servicekit.clock import today_in_china
from servicekit.db import utcnow
from servicekit.testing import AuthHelper

pytestmark = pytest.mark.usefixtures("seeded")

KEYS = "/api/auth/v1/api-keys"
TOKEN = "/api/auth/v1/token"
FORM = {"content-type": "application/x-www-form-urlencoded"}


async def create_key(client: AsyncClient, auth: AuthHelper, **body: Any) -> dict[str, Any]:
    payload = {"name": "国家市场监管总局监管督查信息化平台", "scopes": ["national:read"], **body}
    resp = await client.post(KEYS, json=payload, headers=auth.headers("region_admin", "540000"))
    assert resp.status_code == 201, resp.text
    return dict(resp.json())


async def exchange(client: AsyncClient, key: dict[str, Any], **extra: str) -> Response:
    body = {"grant_type": "client_credentials", "client_id": key["key_id"], "client_secret": key["secret"], **extra}
    return await client.post(TOKEN, json=body)


async def count(session: AsyncSession, model: type) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


def verifier(service_app: FastAPI) -> TokenVerifier:
    public = keys.load_public_key(service_app.state.settings.jwt_public_key_file)
    s = service_app.state.settings
    return TokenVerifier(issuer=s.jwt_issuer, audience=s.jwt_audience, user_keys=[public])


async def test_region_admin_creates_key_secret_shown_once(
    client: AsyncClient, auth: AuthHelper, session: AsyncSession
) -> None:
    created = await create_key(client, auth)
    assert created["key_id"].startswith("ak_") and len(created["key_id"]) == 23
    assert created["secret"].startswith("sk_") and len(created["secret"]) == 43
    assert created["scopes"] == ["national:read"] and created["scope_labels"] == ["读取督查记录与汇总数据"]
    assert created["org_unit_code"] == "540000" and created["org_path"] == "540000"
    assert created["status"] == "active" and created["status_label"] == "有效"
    assert created["expires_at"] is None and created["last_used_at"] is None

    row = await session.scalar(select(ApiClientKey).where(ApiClientKey.key_id == created["key_id"]))
    assert row is not None and created["secret"] not in row.secret_hash and row.secret_hash.startswith("$argon2")
    audit = await session.scalar(select(AuditRecord).where(AuditRecord.entity_type == "api_client_key"))
    assert audit is not None and audit.action == "create" and "secret_hash" not in (audit.after or {})

    listed = await client.get(KEYS, headers=auth.headers("region_admin", "540000"))
    assert listed.status_code == 200
    assert listed.json()["total"] == 1
    item = listed.json()["items"][0]
    assert item["key_id"] == created["key_id"] and item["status_label"] == "有效"
    assert "secret" not in item and created["secret"] not in listed.text


@pytest.mark.parametrize(
    ("role", "path"),
    [("region_officer", "540000"), ("prefecture_officer", "540000/540100"), ("api_client", "540000"),
     ("enterprise_user", "540000/540100/540102/540102-01")],
)
async def test_others_cannot_manage_keys(
    client: AsyncClient, auth: AuthHelper, session: AsyncSession, role: str, path: str
) -> None:
    h = auth.headers(role, path)
    body = {"name": "x", "scopes": ["national:read"]}
    assert (await client.post(KEYS, json=body, headers=h)).status_code == 403
    assert (await client.get(KEYS, headers=h)).status_code == 403
    assert (await client.post(f"{KEYS}/{uuid.uuid4()}/revoke", headers=h)).status_code == 403
    assert await count(session, ApiClientKey) == 0


async def test_key_routes_need_a_token(client: AsyncClient, service_app: FastAPI) -> None:
    routes = [(m.upper(), p) for p, ops in service_app.openapi()["paths"].items() if "/api-keys" in p for m in ops]
    assert len(routes) == 3
    for method, path in routes:
        resp = await client.request(method, path.replace("{api_key_id}", str(uuid.uuid4())), json={})
        assert resp.status_code == 401, (method, path)


async def test_exchange_json_and_form_yield_api_client_principal(
    client: AsyncClient, auth: AuthHelper, session: AsyncSession, service_app: FastAPI
) -> None:
    key = await create_key(client, auth, org_unit_code="540100")
    resp = await exchange(client, key)
    assert resp.status_code == 200, resp.text
    assert resp.headers["cache-control"] == "no-store"
    body = resp.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 15 * 60 and body["scope"] == "national:read"

    principal = await verifier(service_app).verify(body["access_token"])
    assert principal.kind == "api_client" and principal.roles == {"api_client"}
    assert principal.scopes == {"national:read"}
    assert principal.subject == f"api:{key['key_id']}" and principal.username == key["name"]
    assert principal.org_path == "540000/540100" and principal.org_unit_id
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["typ"] == "access" and claims["exp"] - claims["iat"] == 15 * 60

    form = (f"grant_type=client_credentials&client_id={key['key_id']}&client_secret={key['secret']}"
            "&scope=national%3Aread")
    resp = await client.post(TOKEN, content=form, headers=FORM)
    assert resp.status_code == 200, resp.text
    assert (await verifier(service_app).verify(resp.json()["access_token"])).scopes == {"national:read"}

    # HTTP Basic client authentication (RFC 6749 §2.3.1) works too.
    basic = base64.b64encode(f"{key['key_id']}:{key['secret']}".encode()).decode()
    resp = await client.post(TOKEN, content="grant_type=client_credentials",
                             headers={**FORM, "authorization": f"Basic {basic}"})
    assert resp.status_code == 200, resp.text

    row = await session.scalar(select(ApiClientKey).where(ApiClientKey.key_id == key["key_id"]))
    assert row is not None and row.last_used_at is not None
    events = (await session.scalars(select(LoginEvent).where(LoginEvent.username == f"api:{key['key_id']}"))).all()
    assert len(events) == 3 and all(e.success and e.event == "api_token" for e in events)
    # The gateway itself accepts the token (the proxy's edge check uses the same key).
    listed = await client.get(KEYS, headers={"authorization": f"Bearer {body['access_token']}"})
    assert listed.status_code == 403 and listed.json()["code"] == "ROLE_NOT_ALLOWED"
    item = (await client.get(KEYS, headers=auth.headers("region_admin", "540000"))).json()["items"][0]
    assert item["last_used_at"] is not None


async def _invalid(resp: Response) -> None:
    assert resp.status_code == 401, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["code"] == "API_CLIENT_INVALID" and resp.json()["detail"] == "接口密钥无效、已吊销或已过期"


async def test_wrong_unknown_revoked_expired_same_answer(
    client: AsyncClient, auth: AuthHelper, session: AsyncSession
) -> None:
    key = await create_key(client, auth)
    wrong = key["secret"][:-1] + ("x" if key["secret"][-1] != "x" else "y")  # never the secret itself
    await _invalid(await exchange(client, {**key, "secret": wrong}))
    await _invalid(await exchange(client, {**key, "key_id": "ak_00000000000000000000"}))

    other = await create_key(client, auth, name="即将过期", expires_on=today_in_china().isoformat())
    assert (await exchange(client, other)).status_code == 200
    await session.execute(update(ApiClientKey).where(ApiClientKey.key_id == other["key_id"])
                          .values(expires_at=utcnow() - dt.timedelta(seconds=1)))
    await session.commit()
    await _invalid(await exchange(client, other))
    listed = {i["key_id"]: i for i in (await client.get(KEYS, headers=auth.headers())).json()["items"]}
    assert listed[other["key_id"]]["status_label"] == "已过期"

    revoked = await client.post(f"{KEYS}/{key['id']}/revoke", json={"reason": "轮换"}, headers=auth.headers())
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert revoked.json()["status_label"] == "已吊销" and revoked.json()["revoked_by"]
    await _invalid(await exchange(client, key))
    again = await client.post(f"{KEYS}/{key['id']}/revoke", headers=auth.headers())
    assert again.status_code == 409 and again.json()["code"] == "API_KEY_ALREADY_REVOKED"
    missing = await client.post(f"{KEYS}/{uuid.uuid4()}/revoke", headers=auth.headers())
    assert missing.status_code == 404 and missing.json()["code"] == "API_KEY_NOT_FOUND"
    audit = (await session.scalars(select(AuditRecord).where(AuditRecord.action == "revoke"))).all()
    assert len(audit) == 1 and audit[0].reason == "轮换"

    failures = (await session.scalars(select(LoginEvent).where(LoginEvent.success.is_(False)))).all()
    assert sorted(e.reason or "" for e in failures) == ["bad_secret", "expired", "revoked", "unknown_key"]


async def test_token_lifetime_capped_by_key_expiry(client: AsyncClient, auth: AuthHelper, session: AsyncSession) -> None:
    key = await create_key(client, auth)
    await session.execute(update(ApiClientKey).where(ApiClientKey.key_id == key["key_id"])
                          .values(expires_at=utcnow() + dt.timedelta(minutes=5)))
    await session.commit()
    resp = await exchange(client, key)
    assert resp.status_code == 200 and 290 <= resp.json()["expires_in"] <= 300


async def test_scope_subset_and_superset(client: AsyncClient, auth: AuthHelper, service_app: FastAPI) -> None:
    key = await create_key(client, auth)
    ok = await exchange(client, key, scope="national:read")
    assert ok.status_code == 200 and ok.json()["scope"] == "national:read"
    for scope in ("national:read national:write", "national:write", "users:manage"):
        resp = await exchange(client, key, scope=scope)
        assert resp.status_code == 400, scope
        assert resp.json()["code"] == "SCOPE_NOT_ALLOWED" and resp.json()["granted"] == ["national:read"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"grant_type": "password"}, 400, "GRANT_TYPE_UNSUPPORTED"),
        ({"grant_type": "authorization_code"}, 400, "GRANT_TYPE_UNSUPPORTED"),
        ({"grant_type": None}, 422, "VALIDATION_ERROR"),
        ({"client_secret": None}, 422, "VALIDATION_ERROR"),
    ],
)
async def test_bad_token_requests(
    client: AsyncClient, auth: AuthHelper, session: AsyncSession, body: dict[str, Any], status: int, code: str
) -> None:
    key = await create_key(client, auth)
    payload = {"grant_type": "client_credentials", "client_id": key["key_id"], "client_secret": key["secret"], **body}
    resp = await client.post(TOKEN, json={k: v for k, v in payload.items() if v is not None})
    assert resp.status_code == status and resp.json()["code"] == code, resp.text
    assert await count(session, LoginEvent) == 0


async def test_malformed_token_bodies(client: AsyncClient) -> None:
    resp = await client.post(TOKEN, content=b"{not json", headers={"content-type": "application/json"})
    assert resp.status_code == 422 and resp.json()["code"] == "VALIDATION_ERROR"
    resp = await client.post(TOKEN, content="grant_type=client_credentials", headers=FORM)
    assert resp.status_code == 422 and resp.json()["code"] == "VALIDATION_ERROR"
    assert {e["field"] for e in resp.json()["errors"]} == {"client_id", "client_secret"}


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"scopes": ["national:write"]}, "VALIDATION_ERROR"),
        ({"scopes": []}, "VALIDATION_ERROR"),
        ({"name": "   "}, "VALIDATION_ERROR"),
        ({"name": "长" * 101}, "VALIDATION_ERROR"),
        ({"org_unit_code": "999999"}, "ORG_UNIT_NOT_FOUND"),
        ({"expires_on": "2000-01-01"}, "API_KEY_EXPIRY_IN_PAST"),
    ],
)
async def test_bad_key_input_writes_nothing(
    client: AsyncClient, auth: AuthHelper, session: AsyncSession, body: dict[str, Any], code: str
) -> None:
    payload = {"name": "国家平台", "scopes": ["national:read"], **body}
    resp = await client.post(KEYS, json=payload, headers=auth.headers("region_admin", "540000"))
    assert resp.status_code == 422 and resp.json()["code"] == code, resp.text
    assert await count(session, ApiClientKey) == 0
    assert await count(session, AuditRecord) == 0


async def test_expiry_date_is_end_of_day_beijing(client: AsyncClient, auth: AuthHelper) -> None:
    created = await create_key(client, auth, expires_on="2099-06-30")
    assert dt.datetime.fromisoformat(created["expires_at"]) == dt.datetime(2099, 6, 30, 16, 0, tzinfo=dt.UTC)
