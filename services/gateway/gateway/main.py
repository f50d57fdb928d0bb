"""create_app(): the gateway."""

from __future__ import annotations

import logging
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import FastAPI

from gateway.apidocs.router import router as apidocs_router
from gateway.apikeys.router import router as apikeys_router
from gateway.auth.router import jwks_router
from gateway.auth.router import router as auth_router
from gateway.auth.service import Signer
from gateway.dashboard.router import router as dashboard_router
from gateway.frontend.router import router as frontend_router
from gateway.orgunits.router import router as orgunits_router
from gateway.proxy.router import router as proxy_router
from gateway.security_headers import SecurityHeadersMiddleware
from gateway.settings import Settings
from gateway.users.router import router as users_router
from gateway.users.staff import router as staff_router
from servicekit import keys
from servicekit.app import create_service_app
from servicekit.auth import TokenVerifier
from servicekit.crypto import FieldCipher

log = logging.getLogger("gateway")


def _signing_key(settings: Settings) -> ec.EllipticCurvePrivateKey:
    if settings.jwt_private_key_file is not None:
        return keys.load_private_key(settings.jwt_private_key_file)
    log.warning("JWT_PRIVATE_KEY_FILE 未设置：使用临时密钥（仅限开发），重启后所有令牌失效")
    return ec.generate_private_key(ec.SECP256R1())


async def _close_http(app: FastAPI) -> None:
    http = getattr(app.state, "http", None)
    if http is not None:
        await http.close()


def create_app(**overrides: Any) -> FastAPI:
    settings = Settings(**overrides)
    app = create_service_app(
        settings=settings,
        title="统一网关（gateway）",
        description=(
            "西藏自治区工业产品质量安全主体责任信息平台的统一入口：登录与令牌、用户与组织机构、"
            "各业务服务的接口代理（/api/<服务>/v1/...）。所有错误以 application/problem+json 返回，"
            "含稳定的 code 与中文 detail。"
        ),
        routers=[auth_router, apikeys_router, jwks_router, orgunits_router, users_router, staff_router, apidocs_router,
                 dashboard_router, proxy_router, frontend_router],
        on_shutdown=[_close_http],
    )
    key = _signing_key(settings)
    app.state.signer = Signer(key=key, issuer=settings.jwt_issuer, audience=settings.jwt_audience)
    own_public = key.public_key()
    # The gateway accepts only its own user tokens; a service token never enters from outside.
    app.state.edge_verifier = TokenVerifier(
        issuer=settings.jwt_issuer, audience=settings.jwt_audience, user_keys=[own_public]
    )
    # Its own routes also accept the services' tokens (the registry reads the org tree).
    service_keys = [keys.load_public_key(settings.service_public_key_file)] if settings.service_public_key_file else []
    app.state.token_verifier = TokenVerifier(
        issuer=settings.jwt_issuer, audience=settings.jwt_audience, user_keys=[own_public], service_keys=service_keys
    )
    app.state.cipher = FieldCipher(settings.pii_key)
    app.state.http = None
    app.add_middleware(SecurityHeadersMiddleware, https_only=settings.https_only)
    return app
