"""Login, refresh, logout and password changes.

Failed attempts are security audit records (等保: 登录审计) and feed the lockout counter, so
they are committed even though the request itself fails: the one place where a failing
request writes, on purpose.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pyotp
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth import passwords, repository, tokens
from gateway.auth.schemas import TokenResponse
from gateway.models import LoginEvent, RefreshSession, User
from gateway.settings import Settings
from servicekit.auth import ADMIN_ROLES
from servicekit.crypto import FieldCipher
from servicekit.db import utcnow
from servicekit.errors import AppError, Forbidden, Locked, Unauthorized

_DUMMY_HASH = passwords.hash_password("timing-equaliser-Aa1!")


@dataclass(frozen=True)
class ClientInfo:
    ip: str | None
    user_agent: str | None


@dataclass(frozen=True)
class Signer:
    key: ec.EllipticCurvePrivateKey
    issuer: str
    audience: str


def _event(username: str, user: User | None, event: str, success: bool, reason: str | None, client: ClientInfo) -> LoginEvent:
    return LoginEvent(
        username=username[:60], user_id=user.id if user else None, event=event, success=success, reason=reason,
        ip=client.ip, user_agent=(client.user_agent or "")[:300] or None,
    )


async def _fail(session: AsyncSession, error: AppError, event: LoginEvent) -> None:
    session.add(event)
    await session.commit()
    raise error


async def login(
    session: AsyncSession, *, settings: Settings, signer: Signer, username: str, password: str,
    totp_code: str | None, client: ClientInfo, cipher: FieldCipher,
) -> TokenResponse:
    now = utcnow()
    user = await repository.user_by_username(session, username)
    if user is None:
        passwords.verify_password(_DUMMY_HASH, password)
        await _fail(session, Unauthorized("用户名或密码错误", code="AUTH_INVALID_CREDENTIALS"),
                    _event(username, None, "login", False, "unknown_user", client))
        raise AssertionError("unreachable")
    if not user.is_active:
        await _fail(session, Forbidden("账号已停用，请联系管理员", code="AUTH_ACCOUNT_DISABLED"),
                    _event(username, user, "login", False, "disabled", client))
    if user.locked_until and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        await _fail(session, Locked(f"账号因连续登录失败已被锁定，请 {minutes} 分钟后再试或联系管理员解锁",
                                    code="AUTH_ACCOUNT_LOCKED"),
                    _event(username, user, "login", False, "locked", client))
    if not passwords.verify_password(user.password_hash, password):
        await _count_failure(session, user, settings=settings, reason="bad_password", client=client)
    if user.totp_enabled:
        if not totp_code:
            raise Unauthorized("请输入动态口令", code="AUTH_TOTP_REQUIRED")
        secret = cipher.decrypt(user.totp_secret_enc or b"")
        if not pyotp.TOTP(secret).verify(totp_code, valid_window=1):
            await _count_failure(session, user, settings=settings, reason="bad_totp", client=client,
                                 error_code="AUTH_TOTP_INVALID", message="动态口令错误")
    elif settings.require_admin_totp and set(user.roles) & ADMIN_ROLES:
        await _fail(session, Forbidden("管理员账号须先绑定动态口令（双因素认证）后才能登录，请联系安全管理员",
                                       code="AUTH_TOTP_NOT_ENROLLED"),
                    _event(username, user, "login", False, "totp_not_enrolled", client))

    user.failed_attempts = 0
    user.locked_until = None
    user.last_login_at = now
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    session.add(_event(username, user, "login", True, None, client))
    return await _open_session(session, user, settings=settings, signer=signer, client=client)


async def _count_failure(
    session: AsyncSession, user: User, *, settings: Settings, reason: str, client: ClientInfo,
    error_code: str = "AUTH_INVALID_CREDENTIALS", message: str = "用户名或密码错误",
) -> None:
    attempts = user.failed_attempts + 1
    locked_until = None
    if attempts >= settings.lockout_threshold:
        locked_until = utcnow() + dt.timedelta(minutes=settings.lockout_minutes)
    await session.execute(
        update(User).where(User.id == user.id).values(failed_attempts=attempts, locked_until=locked_until)
    )
    if locked_until is not None:
        error: AppError = Locked(
            f"连续 {attempts} 次登录失败，账号已锁定 {settings.lockout_minutes} 分钟", code="AUTH_ACCOUNT_LOCKED"
        )
    else:
        left = settings.lockout_threshold - attempts
        error = Unauthorized(f"{message}，再失败 {left} 次账号将被锁定", code=error_code)
    await _fail(session, error, _event(user.username, user, "login", False, reason, client))


async def _open_session(
    session: AsyncSession, user: User, *, settings: Settings, signer: Signer, client: ClientInfo
) -> TokenResponse:
    refresh, refresh_hash = tokens.new_refresh_token()
    rs = RefreshSession(
        id=uuid.uuid4(), user_id=user.id, token_hash=refresh_hash,
        expires_at=utcnow() + dt.timedelta(hours=settings.refresh_token_ttl_hours),
        ip=client.ip, user_agent=(client.user_agent or "")[:300] or None,
    )
    session.add(rs)
    await session.flush()
    return await _tokens(session, user, rs, refresh, settings=settings, signer=signer)


async def _tokens(
    session: AsyncSession, user: User, rs: RefreshSession, refresh: str, *, settings: Settings, signer: Signer
) -> TokenResponse:
    unit = await repository.unit_by_id(session, user.org_unit_id)
    assert unit is not None
    access = tokens.access_token_for(
        user, unit, key=signer.key, ttl_seconds=settings.access_token_ttl_seconds, issuer=signer.issuer,
        audience=signer.audience, session_id=str(rs.id),
    )
    expired = bool(settings.password_max_age_days) and (
        utcnow() - user.password_changed_at > dt.timedelta(days=settings.password_max_age_days)
    )
    return TokenResponse(
        access_token=access, refresh_token=refresh, expires_in=settings.access_token_ttl_seconds,
        password_expired=expired or user.must_change_password,
    )


async def refresh(
    session: AsyncSession, *, settings: Settings, signer: Signer, refresh_token: str
) -> TokenResponse:
    now = utcnow()
    token_hash = tokens.hash_refresh_token(refresh_token)
    rs = await repository.session_by_hash(session, token_hash)
    if rs is None:
        rotated = await repository.session_by_previous_hash(session, token_hash)
        if rotated is not None and rotated.revoked_at is None:
            # A rotated token came back: someone holds a copy. End that login everywhere.
            rotated.revoked_at, rotated.revoked_reason = now, "reuse_detected"
            await session.commit()
            raise Unauthorized("登录凭据已被重复使用，为安全起见已退出，请重新登录", code="AUTH_REFRESH_REUSED")
        raise Unauthorized("登录已失效，请重新登录", code="AUTH_REFRESH_INVALID")
    if rs.revoked_at is not None or rs.expires_at <= now:
        raise Unauthorized("登录已失效，请重新登录", code="AUTH_REFRESH_INVALID")
    if rs.last_used_at < now - dt.timedelta(minutes=settings.idle_timeout_minutes):
        rs.revoked_at, rs.revoked_reason = now, "idle"
        await session.commit()
        raise Unauthorized(
            f"超过 {settings.idle_timeout_minutes} 分钟未操作，已自动退出，请重新登录", code="AUTH_SESSION_IDLE"
        )
    found = await repository.user_with_unit(session, rs.user_id)
    if found is None or not found[0].is_active or (found[0].locked_until and found[0].locked_until > now):
        rs.revoked_at, rs.revoked_reason = now, "user_blocked"
        await session.commit()
        raise Unauthorized("账号已停用或锁定，请联系管理员", code="AUTH_REFRESH_INVALID")
    user = found[0]
    new_token, new_hash = tokens.new_refresh_token()
    rs.previous_hash, rs.token_hash, rs.last_used_at = rs.token_hash, new_hash, now
    await session.flush()
    return await _tokens(session, user, rs, new_token, settings=settings, signer=signer)


async def logout(session: AsyncSession, *, refresh_token: str, client: ClientInfo) -> None:
    rs = await repository.session_by_hash(session, tokens.hash_refresh_token(refresh_token))
    if rs is None or rs.revoked_at is not None:
        return
    rs.revoked_at, rs.revoked_reason = utcnow(), "logout"
    found = await repository.user_with_unit(session, rs.user_id)
    if found:
        session.add(_event(found[0].username, found[0], "logout", True, None, client))
    await session.flush()


async def change_password(
    session: AsyncSession, *, settings: Settings, user_id: uuid.UUID, current: str, new: str
) -> None:
    found = await repository.user_with_unit(session, user_id)
    if found is None:
        raise Unauthorized()
    user = found[0]
    if not passwords.verify_password(user.password_hash, current):
        raise AppError("当前密码不正确", code="PASSWORD_CURRENT_WRONG", status_code=422)
    if current == new:
        raise AppError("新密码不能与当前密码相同", code="PASSWORD_REUSED", status_code=422)
    passwords.check_policy(new, username=user.username, min_length=settings.password_min_length)
    user.password_hash = passwords.hash_password(new)
    user.password_changed_at = utcnow()
    user.must_change_password = False
    await session.flush()


def totp_secret_setup(*, username: str, issuer: str) -> tuple[str, str]:
    secret = pyotp.random_base32()
    return secret, pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=issuer)
