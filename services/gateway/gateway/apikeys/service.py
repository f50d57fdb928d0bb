"""API client keys: issue, list, revoke, and exchange for a short-lived access token.

A key is a public `key_id` (ak_…) and a secret (sk_…) shown once and stored only as an argon2
hash, like a password. The exchange is OAuth2 client credentials: the token is an ordinary
access token (same key, same verifier everywhere) with `roles: ["api_client"]`, the key's org
unit and a `scope` claim. Every exchange, granted or refused, is a `login_event` row; refusals
are committed before the error is raised (the same deliberate exception as failed logins).
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.apikeys.schemas import (
    STATUS_LABELS,
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyOut,
    ClientCredentialsRequest,
    ClientTokenResponse,
    KeyStatus,
)
from gateway.auth import passwords
from gateway.auth.service import ClientInfo, Signer
from gateway.models import ApiClientKey, LoginEvent, OrgUnit
from servicekit.audit import record_change
from servicekit.auth import API_SCOPES, Principal, jurisdiction_filter, sign_token
from servicekit.clock import SHANGHAI
from servicekit.db import row_to_dict, utcnow
from servicekit.errors import AppError, Conflict, InvalidInput, NotFound, Unauthorized
from servicekit.pagination import PageParams, paginate

GRANT_TYPE = "client_credentials"
_SECRET_FIELDS = {"secret_hash"}
_DUMMY_HASH = passwords.hash_password("sk_timing-equaliser")


def new_key_id() -> str:
    return "ak_" + secrets.token_hex(10)


def new_secret() -> str:
    return "sk_" + secrets.token_urlsafe(30)  # 30 random bytes → 40 url-safe characters


def status_of(key: ApiClientKey, now: dt.datetime) -> KeyStatus:
    if key.revoked_at is not None:
        return "revoked"
    if key.expires_at is not None and key.expires_at <= now:
        return "expired"
    return "active"


def _out(key: ApiClientKey) -> ApiKeyOut:
    status = status_of(key, utcnow())
    return ApiKeyOut(
        id=str(key.id), key_id=key.key_id, name=key.name, scopes=list(key.scopes),
        scope_labels=[API_SCOPES.get(s, s) for s in key.scopes], org_unit_code=key.org_unit_code,
        org_path=key.org_path, created_by=key.created_by, created_at=key.created_at, expires_at=key.expires_at,
        revoked_at=key.revoked_at, revoked_by=key.revoked_by, last_used_at=key.last_used_at, status=status,
        status_label=STATUS_LABELS[status],
    )


def _end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after `day` in Beijing time, in UTC: a key is valid through its last day."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), SHANGHAI).astimezone(dt.UTC)


async def create_key(session: AsyncSession, *, principal: Principal, body: ApiKeyCreate, today: dt.date) -> ApiKeyCreated:
    unit = await session.scalar(select(OrgUnit).where(OrgUnit.code == body.org_unit_code))
    if unit is None or not unit.is_active or not principal.covers(unit.path):
        raise InvalidInput("所属机构不存在或不在您的管辖范围内", code="ORG_UNIT_NOT_FOUND")
    if body.expires_on is not None and body.expires_on < today:
        raise InvalidInput("有效期不能早于今天", code="API_KEY_EXPIRY_IN_PAST")
    secret = new_secret()
    key = ApiClientKey(
        id=uuid.uuid4(), name=body.name, key_id=new_key_id(), secret_hash=passwords.hash_password(secret),
        scopes=list(body.scopes), org_unit_id=unit.id, org_unit_code=unit.code, org_path=unit.path,
        created_by=principal.username, created_at=utcnow(),
        expires_at=_end_of_day(body.expires_on) if body.expires_on else None,
    )
    session.add(key)
    await session.flush()
    await record_change(session, actor=principal, action="create", entity_type="api_client_key", entity_id=key.id,
                        after=row_to_dict(key, exclude=_SECRET_FIELDS), org_path=key.org_path)
    return ApiKeyCreated(**_out(key).model_dump(), secret=secret)


async def list_keys(session: AsyncSession, *, principal: Principal, page: PageParams) -> tuple[list[ApiKeyOut], int]:
    stmt = (
        select(ApiClientKey)
        .where(jurisdiction_filter(ApiClientKey.org_path, principal))
        .order_by(ApiClientKey.created_at.desc(), ApiClientKey.key_id)
    )
    rows, total = await paginate(session, stmt, page)
    return [_out(r[0]) for r in rows], total


async def revoke_key(
    session: AsyncSession, *, principal: Principal, key_uuid: uuid.UUID, reason: str | None
) -> ApiKeyOut:
    key = await session.scalar(
        select(ApiClientKey)
        .where(ApiClientKey.id == key_uuid, jurisdiction_filter(ApiClientKey.org_path, principal))
        .with_for_update()
    )
    if key is None:
        raise NotFound("接口密钥不存在", code="API_KEY_NOT_FOUND")
    if key.revoked_at is not None:
        raise Conflict("该接口密钥已吊销", code="API_KEY_ALREADY_REVOKED")
    before = row_to_dict(key, exclude=_SECRET_FIELDS)
    key.revoked_at, key.revoked_by = utcnow(), principal.username
    await session.flush()
    await record_change(session, actor=principal, action="revoke", entity_type="api_client_key", entity_id=key.id,
                        before=before, after=row_to_dict(key, exclude=_SECRET_FIELDS), org_path=key.org_path,
                        reason=reason)
    return _out(key)


# The exchange.

def _invalid_client() -> AppError:
    return Unauthorized("接口密钥无效、已吊销或已过期", code="API_CLIENT_INVALID", extra={"error": "invalid_client"})


async def _refuse(session: AsyncSession, error: AppError, *, client_id: str, reason: str, client: ClientInfo) -> None:
    session.add(LoginEvent(
        username=f"api:{client_id}"[:60], user_id=None, event="api_token", success=False, reason=reason,
        ip=client.ip, user_agent=(client.user_agent or "")[:300] or None,
    ))
    await session.commit()
    raise error


async def exchange(
    session: AsyncSession, *, body: ClientCredentialsRequest, signer: Signer, token_minutes: int, client: ClientInfo
) -> ClientTokenResponse:
    if body.grant_type != GRANT_TYPE:
        raise AppError("仅支持 client_credentials 授权方式", code="GRANT_TYPE_UNSUPPORTED", status_code=400,
                       extra={"error": "unsupported_grant_type"})
    now = utcnow()
    key = await session.scalar(select(ApiClientKey).where(ApiClientKey.key_id == body.client_id))
    if key is None:
        passwords.verify_password(_DUMMY_HASH, body.client_secret)  # the same time as a known key
        await _refuse(session, _invalid_client(), client_id=body.client_id, reason="unknown_key", client=client)
        raise AssertionError("unreachable")
    if not passwords.verify_password(key.secret_hash, body.client_secret):
        await _refuse(session, _invalid_client(), client_id=key.key_id, reason="bad_secret", client=client)
    status = status_of(key, now)
    if status != "active":
        await _refuse(session, _invalid_client(), client_id=key.key_id, reason=status, client=client)

    granted = set(key.scopes)
    requested = set((body.scope or "").split()) or granted
    if not requested <= granted:
        await _refuse(
            session,
            AppError("申请的权限范围超出该接口密钥已授予的范围", code="SCOPE_NOT_ALLOWED", status_code=400,
                     extra={"error": "invalid_scope", "granted": sorted(granted)}),
            client_id=key.key_id, reason="scope_not_allowed", client=client,
        )
    scope = " ".join(sorted(requested))

    ttl = token_minutes * 60
    if key.expires_at is not None:
        ttl = min(ttl, int((key.expires_at - now).total_seconds()))
    claims = {
        "sub": f"api:{key.key_id}",
        "username": key.name,
        "typ": "access",
        "roles": ["api_client"],
        "org_unit_id": str(key.org_unit_id),
        "org_code": key.org_unit_code,
        "org_path": key.org_path,
        "enterprise_id": None,
        "client_id": key.key_id,
        "scope": scope,
    }
    token = sign_token(signer.key, claims, ttl_seconds=ttl, issuer=signer.issuer, audience=signer.audience)
    key.last_used_at = now
    session.add(LoginEvent(
        username=f"api:{key.key_id}", user_id=None, event="api_token", success=True, reason=None,
        ip=client.ip, user_agent=(client.user_agent or "")[:300] or None,
    ))
    await session.flush()
    return ClientTokenResponse(access_token=token, expires_in=ttl, scope=scope)
