"""/api/auth/v1/api-keys (region administrators) and /api/auth/v1/token (OAuth2 client credentials)."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from typing import Any
from urllib.parse import parse_qsl, unquote_plus

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from gateway.apikeys import service
from gateway.apikeys.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyOut,
    ApiKeyRevoke,
    ClientCredentialsRequest,
    ClientTokenResponse,
)
from gateway.auth.dependencies import Admin, ClientDep, SettingsDep, SignerDep
from servicekit.app import make_router
from servicekit.clock import today_in_china
from servicekit.db import SessionDep
from servicekit.errors import InvalidInput, register_field_labels
from servicekit.pagination import Page, PageDep

router = make_router(prefix="/api/auth/v1", tags=["api-keys"])

register_field_labels({
    "scopes": "权限范围", "org_unit_code": "所属机构", "expires_on": "有效期至", "grant_type": "授权方式",
    "client_id": "密钥编号", "client_secret": "密钥", "scope": "权限范围",
})

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
FORM = "application/x-www-form-urlencoded"
_TOKEN_BODY = ClientCredentialsRequest.model_json_schema()


@router.post("/api-keys", response_model=ApiKeyCreated, status_code=201, operation_id="api_keys_create",
             summary="签发接口密钥（密钥只在本次响应中显示）")
async def api_keys_create(body: ApiKeyCreate, principal: Admin, session: SessionDep, response: Response) -> ApiKeyCreated:
    response.headers.update(NO_STORE)
    return await service.create_key(session, principal=principal, body=body, today=today_in_china())


@router.get("/api-keys", response_model=Page[ApiKeyOut], operation_id="api_keys_list", summary="接口密钥列表（不含密钥）")
async def api_keys_list(principal: Admin, session: SessionDep, page: PageDep) -> Page[ApiKeyOut]:
    items, total = await service.list_keys(session, principal=principal, page=page)
    return Page(items=items, total=total, page=page.page, size=page.size)


@router.post("/api-keys/{api_key_id}/revoke", response_model=ApiKeyOut, operation_id="api_keys_revoke",
             summary="吊销接口密钥（已签发的令牌在到期前仍有效）")
async def api_keys_revoke(
    api_key_id: uuid.UUID, principal: Admin, session: SessionDep, body: ApiKeyRevoke | None = None
) -> ApiKeyOut:
    return await service.revoke_key(session, principal=principal, key_uuid=api_key_id,
                                    reason=body.reason if body else None)


@router.post(
    "/token", response_model=ClientTokenResponse, operation_id="api_token",
    summary="以接口密钥换取访问令牌（OAuth2 client_credentials，JSON 或表单）",
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"schema": _TOKEN_BODY}, FORM: {"schema": _TOKEN_BODY},
    }}},
)
async def api_token(
    request: Request, response: Response, session: SessionDep, settings: SettingsDep, signer: SignerDep,
    client: ClientDep,
) -> ClientTokenResponse:
    body = await _credentials(request)
    response.headers.update(NO_STORE)
    return await service.exchange(session, body=body, signer=signer, token_minutes=settings.api_token_minutes,
                                  client=client)


async def _credentials(request: Request) -> ClientCredentialsRequest:
    """The request as JSON or as a form; the client may instead authenticate with HTTP Basic (RFC 6749 §2.3.1)."""
    raw = await request.body()
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    data: Any
    try:
        if media_type == FORM:
            data = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
        else:
            data = json.loads(raw) if raw.strip() else {}
    except (UnicodeDecodeError, ValueError) as exc:
        raise RequestValidationError(
            [{"type": "json_invalid", "loc": ("body",), "msg": "JSON decode error", "input": None}]
        ) from exc
    basic = _basic_credentials(request)
    if basic is not None and isinstance(data, dict):
        if data.get("client_secret"):
            raise InvalidInput("只能使用一种方式提交密钥（请求体或 HTTP Basic）", code="VALIDATION_ERROR")
        data = {**data, "client_id": basic[0], "client_secret": basic[1]}
    try:
        return ClientCredentialsRequest.model_validate(data)
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        raise RequestValidationError(errors) from exc


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, sep, secret = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidInput("HTTP Basic 认证信息格式不正确", code="VALIDATION_ERROR") from exc
    if not sep:
        raise InvalidInput("HTTP Basic 认证信息格式不正确", code="VALIDATION_ERROR")
    return unquote_plus(client_id), unquote_plus(secret)
