"""Who is calling: token verification, the Principal, role checks and jurisdiction scoping.

User tokens are signed by the gateway's key; service tokens by the internal service key.
Every service verifies tokens itself and scopes every query by the caller's org-unit path;
the gateway's check is never the only one.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import Request
from sqlalchemy import ColumnElement, or_, true
from sqlalchemy.orm import InstrumentedAttribute

from servicekit import keys
from servicekit.errors import Forbidden, OutOfJurisdiction, Unauthorized

# The platform's roles (MISSION.md): stable codes, Chinese labels.
ROLE_LABELS: dict[str, str] = {
    "region_admin": "自治区管理员",
    "region_officer": "自治区局监管人员",
    "prefecture_officer": "地市局监管人员",
    "county_officer": "县区局监管人员",
    "station_inspector": "市场监管所检查员",
    "enterprise_user": "企业用户",
    "api_client": "接口客户端",
}
REGULATOR_ROLES = frozenset(
    {"region_admin", "region_officer", "prefecture_officer", "county_officer", "station_inspector"}
)
ADMIN_ROLES = frozenset({"region_admin"})
# Bureau staff, who decide (overrides, designations, draws, assessments); station inspectors carry out.
BUREAU_ROLES = REGULATOR_ROLES - {"station_inspector"}

# What an API client's key may be granted (OAuth2 scopes): stable codes, Chinese labels. A token
# carries its scopes in the `scope` claim, space-separated; `Authenticator(scopes=...)` checks them.
API_SCOPES: dict[str, str] = {
    "national:read": "读取督查记录与汇总数据",
}

TokenKind = Literal["user", "service", "api_client"]
REQUIRED_USER_CLAIMS = ("sub", "roles", "org_unit_id", "org_path", "typ", "exp", "iat")


@dataclass(frozen=True)
class Principal:
    """The authenticated caller, as every service sees it."""

    subject: str
    kind: TokenKind
    username: str
    roles: frozenset[str] = field(default_factory=frozenset)
    org_unit_id: str | None = None
    org_path: str | None = None
    enterprise_id: str | None = None
    token_id: str | None = None
    scopes: frozenset[str] = frozenset()

    @property
    def is_service(self) -> bool:
        return self.kind == "service"

    @property
    def is_enterprise(self) -> bool:
        return "enterprise_user" in self.roles

    def has_any_role(self, roles: Iterable[str]) -> bool:
        return bool(self.roles.intersection(roles))

    def has_scopes(self, scopes: Iterable[str]) -> bool:
        """True when the caller holds every one of `scopes`."""
        return self.scopes.issuperset(scopes)

    def covers(self, path: str | None) -> bool:
        """True when `path` is the caller's own unit or lies below it."""
        if self.is_service:
            return True
        if not path or not self.org_path:
            return False
        return path == self.org_path or path.startswith(self.org_path + "/")

    def ensure_covers(self, path: str | None) -> None:
        if not self.covers(path):
            raise OutOfJurisdiction()


def jurisdiction_filter(column: InstrumentedAttribute[str] | ColumnElement[str], principal: Principal) -> ColumnElement[bool]:
    """SQL predicate limiting `column` (an org-unit path) to the caller's subtree.

    Paths hold only digits, letters, '-' and '/', so LIKE needs no escaping; the column should
    carry a text_pattern_ops index so the prefix match uses it.
    """
    if principal.is_service:
        return true()
    if not principal.org_path:
        return column.is_(None) & column.isnot(None)  # matches nothing
    return or_(column == principal.org_path, column.like(principal.org_path + "/%"))


def sign_token(
    private_key: ec.EllipticCurvePrivateKey,
    claims: dict[str, Any],
    *,
    ttl_seconds: int,
    issuer: str,
    audience: str,
) -> str:
    now = int(time.time())
    payload = {
        **claims,
        "iat": now,
        "nbf": now - 5,
        "exp": now + ttl_seconds,
        "iss": issuer,
        "aud": audience,
        "jti": claims.get("jti") or uuid.uuid4().hex,
    }
    kid = keys.key_id(private_key.public_key())
    return jwt.encode(payload, private_key, algorithm=keys.ALGORITHM, headers={"kid": kid})


class TokenVerifier:
    """Verify ES256 tokens against the gateway's user key(s) and the internal service key."""

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        user_keys: Iterable[ec.EllipticCurvePublicKey] = (),
        service_keys: Iterable[ec.EllipticCurvePublicKey] = (),
        jwks_url: str | None = None,
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self._user: dict[str, ec.EllipticCurvePublicKey] = {keys.key_id(k): k for k in user_keys}
        self._service: dict[str, ec.EllipticCurvePublicKey] = {keys.key_id(k): k for k in service_keys}
        self.jwks_url = jwks_url
        self._jwks_fetched_at = 0.0

    async def _refresh_jwks(self) -> None:
        if not self.jwks_url or time.monotonic() - self._jwks_fetched_at < 30:
            return
        self._jwks_fetched_at = time.monotonic()
        try:
            async with httpx.AsyncClient(timeout=3) as client:
                resp = await client.get(self.jwks_url)
                resp.raise_for_status()
        except httpx.HTTPError:
            return
        for jwk in resp.json().get("keys", []):
            if jwk.get("kty") == "EC" and jwk.get("kid"):
                self._user[jwk["kid"]] = keys.public_key_from_jwk(jwk)

    async def verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthorized("令牌格式不正确", code="AUTH_TOKEN_MALFORMED") from exc
        if header.get("alg") != keys.ALGORITHM:
            raise Unauthorized("令牌签名算法不被接受", code="AUTH_TOKEN_INVALID")
        kid = str(header.get("kid", ""))
        if kid not in self._user and kid not in self._service:
            await self._refresh_jwks()
        if kid in self._service:
            kind: TokenKind = "service"
            key = self._service[kid]
        elif kid in self._user:
            kind = "user"
            key = self._user[kid]
        else:
            raise Unauthorized("令牌签名密钥未知", code="AUTH_TOKEN_INVALID")
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[keys.ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "sub", "typ"]},
                leeway=5,
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("登录已过期，请重新登录", code="AUTH_TOKEN_EXPIRED") from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized("令牌无效", code="AUTH_TOKEN_INVALID") from exc
        return _principal_from_claims(claims, kind)


def _principal_from_claims(claims: dict[str, Any], kind: TokenKind) -> Principal:
    if kind == "service":
        if claims.get("typ") != "service":
            raise Unauthorized("令牌类型不正确", code="AUTH_TOKEN_INVALID")
        return Principal(
            subject=str(claims["sub"]), kind="service", username=str(claims["sub"]),
            roles=frozenset({"service"}), token_id=claims.get("jti"),
        )
    if claims.get("typ") != "access":
        raise Unauthorized("令牌类型不正确", code="AUTH_TOKEN_INVALID")
    missing = [c for c in REQUIRED_USER_CLAIMS if c not in claims]
    roles = claims.get("roles")
    if missing or not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise Unauthorized("令牌缺少必要的身份信息", code="AUTH_TOKEN_INVALID")
    unknown = set(roles) - set(ROLE_LABELS)
    if unknown:
        raise Unauthorized("令牌包含未知角色", code="AUTH_TOKEN_INVALID")
    return Principal(
        subject=str(claims["sub"]),
        kind="api_client" if "api_client" in roles else "user",
        username=str(claims.get("username") or claims["sub"]),
        roles=frozenset(roles),
        org_unit_id=str(claims["org_unit_id"]) if claims["org_unit_id"] else None,
        org_path=str(claims["org_path"]) if claims["org_path"] else None,
        enterprise_id=str(claims["enterprise_id"]) if claims.get("enterprise_id") else None,
        token_id=claims.get("jti"),
        scopes=parse_scope(claims.get("scope")),
    )


def parse_scope(value: object) -> frozenset[str]:
    """The `scope` claim (OAuth2: space-separated codes) as a set; absent or empty → no scopes."""
    if value is None:
        return frozenset()
    if not isinstance(value, str):
        raise Unauthorized("令牌的权限范围格式不正确", code="AUTH_TOKEN_INVALID")
    return frozenset(value.split())


def bearer_token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


class Authenticator:
    """Dependency: `Annotated[Principal, Depends(Authenticator(roles={...}))]`.

    `roles=None` admits any authenticated user (not services unless allow_service).
    `scopes`, when given, must all be held by an API client (kind `api_client`); user and
    service tokens are not affected by it.
    """

    def __init__(
        self,
        *,
        roles: Iterable[str] | None = None,
        allow_service: bool = False,
        service_only: bool = False,
        scopes: Iterable[str] | None = None,
    ) -> None:
        self.roles = frozenset(roles) if roles is not None else None
        self.allow_service = allow_service or service_only
        self.service_only = service_only
        self.scopes = frozenset(scopes) if scopes is not None else None

    async def __call__(self, request: Request) -> Principal:
        token = bearer_token(request)
        if token is None:
            raise Unauthorized()
        verifier: TokenVerifier = request.app.state.token_verifier
        principal = await verifier.verify(token)
        request.state.principal = principal
        if principal.is_service:
            if not self.allow_service:
                raise Forbidden("服务令牌不能调用该接口", code="SERVICE_TOKEN_NOT_ALLOWED")
            return principal
        if self.service_only:
            raise Forbidden("该接口仅供平台内部服务调用", code="INTERNAL_ONLY")
        if self.roles is not None and not principal.roles.intersection(self.roles):
            raise Forbidden("您的角色无权执行此操作", code="ROLE_NOT_ALLOWED")
        if self.scopes and principal.kind == "api_client" and not principal.has_scopes(self.scopes):
            raise Forbidden("接口密钥未被授予该权限范围", code="SCOPE_NOT_ALLOWED")
        return principal


class ServiceTokenIssuer:
    """Mint short-lived service tokens (typ=service) with the internal key, cached."""

    def __init__(
        self, private_key: ec.EllipticCurvePrivateKey, *, service: str, issuer: str, audience: str,
        ttl_seconds: int = 300,
    ) -> None:
        self.private_key = private_key
        self.service = service
        self.issuer = issuer
        self.audience = audience
        self.ttl = ttl_seconds
        self._token: str | None = None
        self._expires = 0.0

    def token(self) -> str:
        if self._token is None or time.time() > self._expires - 60:
            self._token = sign_token(
                self.private_key,
                {"sub": f"service:{self.service}", "typ": "service"},
                ttl_seconds=self.ttl,
                issuer=self.issuer,
                audience=self.audience,
            )
            self._expires = time.time() + self.ttl
        return self._token


def utc_from_timestamp(ts: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ts, dt.UTC)
