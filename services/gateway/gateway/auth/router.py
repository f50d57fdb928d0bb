"""/api/auth/v1: login, refresh, logout, me, password, TOTP, JWKS."""

from __future__ import annotations

import uuid
from typing import Any

import pyotp
from fastapi import Request, Response

from gateway.auth import repository, service
from gateway.auth.dependencies import AnyUser, CipherDep, ClientDep, SettingsDep, SignerDep
from gateway.auth.permissions import permissions_for
from gateway.auth.schemas import (
    ChangePasswordRequest,
    LoginRequest,
    MeResponse,
    OrgUnitBrief,
    RefreshRequest,
    TokenResponse,
    TotpEnableRequest,
    TotpSetupResponse,
)
from servicekit import keys
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.auth import ROLE_LABELS
from servicekit.db import SessionDep, utcnow
from servicekit.errors import Conflict, InvalidInput, Unauthorized

router = make_router(prefix="/api/auth/v1", tags=["auth"])
jwks_router = make_router(tags=["auth"])


@router.post("/login", response_model=TokenResponse, operation_id="login", summary="用户名密码登录（管理员可要求动态口令）")
async def login(
    body: LoginRequest, session: SessionDep, settings: SettingsDep, signer: SignerDep, client: ClientDep,
    cipher: CipherDep,
) -> TokenResponse:
    return await service.login(
        session, settings=settings, signer=signer, username=body.username.strip(), password=body.password,
        totp_code=body.totp_code, client=client, cipher=cipher,
    )


@router.post("/refresh", response_model=TokenResponse, operation_id="refresh", summary="以刷新令牌换取新令牌（轮换）")
async def refresh(body: RefreshRequest, session: SessionDep, settings: SettingsDep, signer: SignerDep) -> TokenResponse:
    return await service.refresh(session, settings=settings, signer=signer, refresh_token=body.refresh_token)


@router.post("/logout", status_code=204, operation_id="logout", summary="退出登录（吊销刷新令牌）")
async def logout(body: RefreshRequest, session: SessionDep, client: ClientDep) -> Response:
    await service.logout(session, refresh_token=body.refresh_token, client=client)
    return Response(status_code=204)


@router.get("/me", response_model=MeResponse, operation_id="me", summary="当前用户")
async def me(principal: AnyUser, session: SessionDep, settings: SettingsDep) -> MeResponse:
    found = await repository.user_with_unit(session, uuid.UUID(principal.subject))
    if found is None or not found[0].is_active:
        raise Unauthorized("账号不存在或已停用", code="AUTH_ACCOUNT_DISABLED")
    user, unit = found
    expires_in = None
    if settings.password_max_age_days:
        age = utcnow() - user.password_changed_at
        expires_in = settings.password_max_age_days - age.days
    return MeResponse(
        id=str(user.id), username=user.username, display_name=user.display_name, roles=list(user.roles),
        role_labels=[ROLE_LABELS.get(r, r) for r in user.roles],
        org_unit=OrgUnitBrief(id=str(unit.id), code=unit.code, name=unit.name, short_name=unit.short_name,
                              level=unit.level, path=unit.path),
        enterprise_id=user.enterprise_id, permissions=permissions_for(list(user.roles)),
        totp_enabled=user.totp_enabled, password_expires_in_days=expires_in,
    )


@router.post("/password", status_code=204, operation_id="change_password", summary="修改本人密码")
async def change_password(body: ChangePasswordRequest, principal: AnyUser, session: SessionDep, settings: SettingsDep) -> Response:
    await service.change_password(
        session, settings=settings, user_id=uuid.UUID(principal.subject), current=body.current_password,
        new=body.new_password,
    )
    await record_change(session, actor=principal, action="password_change", entity_type="user",
                        entity_id=principal.subject, org_path=principal.org_path)
    return Response(status_code=204)


@router.post("/totp/setup", response_model=TotpSetupResponse, operation_id="totp_setup", summary="生成动态口令密钥（绑定前）")
async def totp_setup(principal: AnyUser, session: SessionDep, settings: SettingsDep, cipher: CipherDep) -> TotpSetupResponse:
    found = await repository.user_with_unit(session, uuid.UUID(principal.subject))
    assert found is not None
    user = found[0]
    if user.totp_enabled:
        raise Conflict("已绑定动态口令；如需更换请联系安全管理员重置", code="TOTP_ALREADY_ENABLED")
    secret, uri = service.totp_secret_setup(username=user.username, issuer=settings.totp_issuer)
    user.totp_secret_enc = cipher.encrypt(secret)
    await session.flush()
    return TotpSetupResponse(secret=secret, otpauth_uri=uri)


@router.post("/totp/enable", status_code=204, operation_id="totp_enable", summary="以一次动态口令确认绑定")
async def totp_enable(body: TotpEnableRequest, principal: AnyUser, session: SessionDep, cipher: CipherDep) -> Response:
    found = await repository.user_with_unit(session, uuid.UUID(principal.subject))
    assert found is not None
    user = found[0]
    if user.totp_enabled:
        raise Conflict("已绑定动态口令", code="TOTP_ALREADY_ENABLED")
    if not user.totp_secret_enc:
        raise Conflict("请先生成动态口令密钥", code="TOTP_NOT_SET_UP")
    if not pyotp.TOTP(cipher.decrypt(user.totp_secret_enc)).verify(body.code, valid_window=1):
        raise InvalidInput("动态口令不正确", code="AUTH_TOTP_INVALID")
    user.totp_enabled = True
    await session.flush()
    await record_change(session, actor=principal, action="totp_enable", entity_type="user",
                        entity_id=principal.subject, org_path=principal.org_path)
    return Response(status_code=204)


def _jwks(request: Request) -> dict[str, Any]:
    signer: service.Signer = request.app.state.signer
    return {"keys": [keys.public_jwk(signer.key.public_key())]}


@router.get("/jwks", operation_id="jwks", summary="令牌验签公钥（JWKS）")
async def jwks(request: Request) -> dict[str, Any]:
    return _jwks(request)


@jwks_router.get("/.well-known/jwks.json", include_in_schema=False)
async def well_known_jwks(request: Request) -> dict[str, Any]:
    return _jwks(request)


