"""Access tokens (ES256 JWT) and refresh tokens (opaque, stored hashed, rotated)."""

from __future__ import annotations

import hashlib
import secrets

from cryptography.hazmat.primitives.asymmetric import ec

from gateway.models import OrgUnit, User
from servicekit.auth import sign_token


def new_refresh_token() -> tuple[str, str]:
    """A fresh opaque token and the hash under which it is stored."""
    token = secrets.token_urlsafe(32)
    return token, hash_refresh_token(token)


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def access_token_for(
    user: User, unit: OrgUnit, *, key: ec.EllipticCurvePrivateKey, ttl_seconds: int, issuer: str, audience: str,
    session_id: str,
) -> str:
    claims = {
        "sub": str(user.id),
        "username": user.username,
        "name": user.display_name,
        "typ": "access",
        "roles": list(user.roles),
        "org_unit_id": str(unit.id),
        "org_code": unit.code,
        "org_path": unit.path,
        "enterprise_id": user.enterprise_id,
        "sid": session_id,
    }
    return sign_token(key, claims, ttl_seconds=ttl_seconds, issuer=issuer, audience=audience)
