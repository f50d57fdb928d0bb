"""Login, lockout, refresh rotation, idle timeout, password policy, TOTP, JWKS, login audit."""

from __future__ import annotations

import datetime as dt

import jwt
import pyotp
import pytest
from httpx import AsyncClient
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth.passwords import check_policy
from gateway.models import LoginEvent, RefreshSession, User
from servicekit import keys
from servicekit.errors import InvalidInput

pytestmark = pytest.mark.usefixtures("seeded")


async def login(client: AsyncClient, username: str, password: str, **extra: str):  # type: ignore[no-untyped-def]
    return await client.post("/api/auth/v1/login", json={"username": username, "password": password, **extra})


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ab1!", "PASSWORD_TOO_SHORT"),
        ("abcdefgh1", "PASSWORD_TOO_WEAK"),
        ("ABCDEFGH!", "PASSWORD_TOO_WEAK"),
        ("Demo-lhasa1", "PASSWORD_CONTAINS_USERNAME"),
        ("Admin@123", "PASSWORD_TOO_COMMON"),
    ],
)
def test_password_policy_rejects(password: str, code: str) -> None:
    with pytest.raises(InvalidInput) as err:
        check_policy(password, username="demo-lhasa")
    assert err.value.code == code


def test_password_policy_accepts_three_classes() -> None:
    check_policy("gesang2026!", username="demo-lhasa")  # lower + digit + symbol
    check_policy("Lhasa3650m", username="demo-lhasa")


async def test_login_me_and_claims(client: AsyncClient, password: str) -> None:
    resp = await login(client, "demo-lhasa", password)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 600
    me = await client.get("/api/auth/v1/me", headers={"authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    data = me.json()
    assert data["username"] == "demo-lhasa"
    assert data["roles"] == ["prefecture_officer"]
    assert data["role_labels"] == ["地市局监管人员"]
    assert data["org_unit"]["path"] == "540000/540100"
    assert "org:read" in data["permissions"] and "users:manage" not in data["permissions"]
    # The access token verifies against the published JWKS, and carries the jurisdiction.
    jwks = (await client.get("/.well-known/jwks.json")).json()
    key = keys.public_key_from_jwk(jwks["keys"][0])
    claims = jwt.decode(body["access_token"], key, algorithms=["ES256"], audience="qsrp")
    assert claims["org_path"] == "540000/540100" and claims["typ"] == "access"


async def test_wrong_password_then_lockout_then_unlock(
    client: AsyncClient, session: AsyncSession, password: str
) -> None:
    for attempt in range(1, 5):
        resp = await login(client, "demo-shigatse", "Wrong-pass-1")
        assert resp.status_code == 401
        assert resp.headers["content-type"].startswith("application/problem+json")
        assert resp.json()["code"] == "AUTH_INVALID_CREDENTIALS"
        assert f"再失败 {5 - attempt} 次" in resp.json()["detail"]
    fifth = await login(client, "demo-shigatse", "Wrong-pass-1")
    assert fifth.status_code == 423 and fifth.json()["code"] == "AUTH_ACCOUNT_LOCKED"
    # Locked: even the right password is refused.
    right = await login(client, "demo-shigatse", password)
    assert right.status_code == 423
    # The failures were recorded although each request failed.
    failures = await session.scalar(
        select(func.count()).select_from(LoginEvent).where(LoginEvent.username == "demo-shigatse", LoginEvent.success.is_(False))
    )
    assert failures == 6
    # An administrator unlocks; the user logs in again.
    admin = (await login(client, "demo-region", password)).json()["access_token"]
    users = await client.get("/api/auth/v1/users", params={"q": "demo-shigatse"}, headers={"authorization": f"Bearer {admin}"})
    user_id = users.json()["items"][0]["id"]
    assert users.json()["items"][0]["locked"] is True
    unlock = await client.post(f"/api/auth/v1/users/{user_id}/unlock", headers={"authorization": f"Bearer {admin}"})
    assert unlock.status_code == 200 and unlock.json()["locked"] is False
    assert (await login(client, "demo-shigatse", password)).status_code == 200


async def test_unknown_user_gets_same_answer(client: AsyncClient) -> None:
    resp = await login(client, "nobody-here", "Whatever-1")
    assert resp.status_code == 401 and resp.json()["code"] == "AUTH_INVALID_CREDENTIALS"


async def test_refresh_rotates_and_detects_reuse(client: AsyncClient, password: str) -> None:
    first = (await login(client, "demo-chengguan", password)).json()
    second = await client.post("/api/auth/v1/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200
    new_tokens = second.json()
    assert new_tokens["refresh_token"] != first["refresh_token"]
    # The old refresh token was rotated away: presenting it again ends the whole login.
    reuse = await client.post("/api/auth/v1/refresh", json={"refresh_token": first["refresh_token"]})
    assert reuse.status_code == 401 and reuse.json()["code"] == "AUTH_REFRESH_REUSED"
    after = await client.post("/api/auth/v1/refresh", json={"refresh_token": new_tokens["refresh_token"]})
    assert after.status_code == 401 and after.json()["code"] == "AUTH_REFRESH_INVALID"


async def test_idle_session_cannot_refresh(client: AsyncClient, session: AsyncSession, password: str) -> None:
    tokens = (await login(client, "demo-chengguan-station", password)).json()
    await session.execute(
        update(RefreshSession).values(last_used_at=RefreshSession.last_used_at - dt.timedelta(minutes=31))
    )
    await session.commit()
    resp = await client.post("/api/auth/v1/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert resp.status_code == 401 and resp.json()["code"] == "AUTH_SESSION_IDLE"


async def test_logout_revokes_refresh(client: AsyncClient, password: str) -> None:
    tokens = (await login(client, "demo-lhasa", password)).json()
    assert (await client.post("/api/auth/v1/logout", json={"refresh_token": tokens["refresh_token"]})).status_code == 204
    again = await client.post("/api/auth/v1/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert again.status_code == 401


async def test_expired_and_tampered_access_tokens(client: AsyncClient, auth, password: str) -> None:  # type: ignore[no-untyped-def]
    expired = auth.token("prefecture_officer", "540000/540100", ttl_seconds=-60)
    resp = await client.get("/api/auth/v1/me", headers={"authorization": f"Bearer {expired}"})
    assert resp.status_code == 401 and resp.json()["code"] == "AUTH_TOKEN_EXPIRED"
    good = (await login(client, "demo-lhasa", password)).json()["access_token"]
    head, payload, sig = good.split(".")
    tampered = f"{head}.{payload[:-2]}{'A' if payload[-2] != 'A' else 'B'}{payload[-1]}.{sig}"
    resp = await client.get("/api/auth/v1/me", headers={"authorization": f"Bearer {tampered}"})
    assert resp.status_code == 401


async def test_password_change_enforces_policy(client: AsyncClient, password: str) -> None:
    token = (await login(client, "demo-chengguan", password)).json()["access_token"]
    h = {"authorization": f"Bearer {token}"}
    weak = await client.post("/api/auth/v1/password", json={"current_password": password, "new_password": "short"}, headers=h)
    assert weak.status_code == 422 and weak.json()["code"] == "PASSWORD_TOO_SHORT"
    wrong = await client.post("/api/auth/v1/password", json={"current_password": "Nope-1234", "new_password": "Namtso#4718"}, headers=h)
    assert wrong.json()["code"] == "PASSWORD_CURRENT_WRONG"
    ok = await client.post("/api/auth/v1/password", json={"current_password": password, "new_password": "Namtso#4718"}, headers=h)
    assert ok.status_code == 204
    assert (await login(client, "demo-chengguan", "Namtso#4718")).status_code == 200


async def test_totp_enrolment_then_required_at_login(client: AsyncClient, session: AsyncSession, password: str) -> None:
    token = (await login(client, "demo-region", password)).json()["access_token"]
    h = {"authorization": f"Bearer {token}"}
    setup = (await client.post("/api/auth/v1/totp/setup", headers=h)).json()
    assert setup["otpauth_uri"].startswith("otpauth://totp/")
    bad = await client.post("/api/auth/v1/totp/enable", json={"code": "000000"}, headers=h)
    assert bad.status_code == 422
    totp = pyotp.TOTP(setup["secret"])
    assert (await client.post("/api/auth/v1/totp/enable", json={"code": totp.now()}, headers=h)).status_code == 204
    # The secret is not stored in plaintext.
    stored = await session.scalar(select(User.totp_secret_enc).where(User.username == "demo-region"))
    assert stored and setup["secret"].encode() not in stored
    need = await login(client, "demo-region", password)
    assert need.status_code == 401 and need.json()["code"] == "AUTH_TOTP_REQUIRED"
    wrong = await login(client, "demo-region", password, totp_code="123456" if totp.now() != "123456" else "654321")
    assert wrong.json()["code"] == "AUTH_TOTP_INVALID"
    assert (await login(client, "demo-region", password, totp_code=totp.now())).status_code == 200


async def test_admin_without_totp_refused_when_required(client: AsyncClient, service_app, password: str) -> None:  # type: ignore[no-untyped-def]
    service_app.state.settings.require_admin_totp = True
    try:
        resp = await login(client, "demo-region", password)
        assert resp.status_code == 403 and resp.json()["code"] == "AUTH_TOTP_NOT_ENROLLED"
        # Officers are not administrators: the password alone still works for them.
        assert (await login(client, "demo-lhasa", password)).status_code == 200
    finally:
        service_app.state.settings.require_admin_totp = False


async def test_bad_input_is_problem_json_in_chinese(client: AsyncClient) -> None:
    resp = await client.post("/api/auth/v1/login", json={"username": "", "password": "x"})
    assert resp.status_code == 422
    body = resp.json()
    assert body["code"] == "VALIDATION_ERROR" and body["detail"] == "用户名：内容过短"
    assert body["errors"][0]["field"] == "username" and body["errors"][0]["label"] == "用户名"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["detail"])
