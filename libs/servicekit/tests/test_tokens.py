"""Token verification: expired, wrong key, tampered, missing claims, wrong type, unknown role."""

from __future__ import annotations

import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from servicekit import keys
from servicekit.auth import TokenVerifier, sign_token
from servicekit.errors import Unauthorized
from servicekit.testing.plugin import AuthHelper, TestKeys

ISS, AUD = "qsrp-gateway", "qsrp"


@pytest.fixture
def verifier(test_keys: TestKeys) -> TokenVerifier:
    return TokenVerifier(
        issuer=ISS, audience=AUD, user_keys=[keys.load_public_key(test_keys.user_public)],
        service_keys=[keys.load_public_key(test_keys.service_public)],
    )


async def test_valid_user_token(verifier: TokenVerifier, auth: AuthHelper) -> None:
    p = await verifier.verify(auth.token("county_officer", "540000/540100/540102", enterprise_id=None))
    assert p.kind == "user" and p.roles == {"county_officer"}
    assert p.covers("540000/540100/540102/540102-01") and not p.covers("540000/540100/540103")
    assert not p.covers("540000/540100/5401020")


async def test_service_token(verifier: TokenVerifier, auth: AuthHelper) -> None:
    p = await verifier.verify(auth.service_headers()["authorization"].split()[1])
    assert p.is_service and p.covers("540000/540200")


async def _code(verifier: TokenVerifier, token: str) -> str:
    with pytest.raises(Unauthorized) as err:
        await verifier.verify(token)
    return err.value.code


async def test_expired(verifier: TokenVerifier, auth: AuthHelper) -> None:
    assert await _code(verifier, auth.token(ttl_seconds=-30)) == "AUTH_TOKEN_EXPIRED"


async def test_wrong_key(verifier: TokenVerifier, test_keys: TestKeys) -> None:
    stranger = ec.generate_private_key(ec.SECP256R1())
    token = sign_token(stranger, {"sub": "x", "typ": "access", "roles": ["region_admin"], "org_unit_id": "1",
                                  "org_path": "540000"}, ttl_seconds=60, issuer=ISS, audience=AUD)
    assert await _code(verifier, token) == "AUTH_TOKEN_INVALID"


async def test_wrong_key_with_borrowed_kid(verifier: TokenVerifier, test_keys: TestKeys) -> None:
    stranger = ec.generate_private_key(ec.SECP256R1())
    kid = keys.key_id(keys.load_public_key(test_keys.user_public))
    now = int(time.time())
    token = jwt.encode({"sub": "x", "typ": "access", "roles": ["region_admin"], "org_unit_id": "1",
                        "org_path": "540000", "iat": now, "exp": now + 60, "iss": ISS, "aud": AUD},
                       stranger, algorithm="ES256", headers={"kid": kid})
    assert await _code(verifier, token) == "AUTH_TOKEN_INVALID"


async def test_tampered_payload(verifier: TokenVerifier, auth: AuthHelper) -> None:
    token = auth.token("county_officer", "540000/540100/540102")
    header, payload, sig = token.split(".")
    claims = jwt.utils.base64url_decode(payload).replace(b"540102", b"540000")
    forged = f"{header}.{jwt.utils.base64url_encode(claims).decode()}.{sig}"
    assert await _code(verifier, forged) == "AUTH_TOKEN_INVALID"


async def test_alg_none_refused(verifier: TokenVerifier) -> None:
    token = jwt.encode({"sub": "x", "typ": "access"}, key=None, algorithm="none")  # type: ignore[arg-type]
    assert await _code(verifier, token) == "AUTH_TOKEN_INVALID"


async def test_missing_claims(verifier: TokenVerifier, test_keys: TestKeys) -> None:
    key = keys.load_private_key(test_keys.user_private)
    token = sign_token(key, {"sub": "x", "typ": "access", "roles": ["county_officer"]}, ttl_seconds=60,
                       issuer=ISS, audience=AUD)
    assert await _code(verifier, token) == "AUTH_TOKEN_INVALID"


async def test_unknown_role_and_wrong_audience(verifier: TokenVerifier, test_keys: TestKeys) -> None:
    key = keys.load_private_key(test_keys.user_private)
    claims = {"sub": "x", "typ": "access", "roles": ["superuser"], "org_unit_id": "1", "org_path": "540000"}
    assert await _code(verifier, sign_token(key, claims, ttl_seconds=60, issuer=ISS, audience=AUD)) == "AUTH_TOKEN_INVALID"
    claims["roles"] = ["region_admin"]
    assert await _code(verifier, sign_token(key, claims, ttl_seconds=60, issuer=ISS, audience="other")) == "AUTH_TOKEN_INVALID"


async def test_user_key_cannot_mint_service_token(verifier: TokenVerifier, test_keys: TestKeys) -> None:
    key = keys.load_private_key(test_keys.user_private)
    token = sign_token(key, {"sub": "service:registry", "typ": "service"}, ttl_seconds=60, issuer=ISS, audience=AUD)
    assert await _code(verifier, token) == "AUTH_TOKEN_INVALID"


async def test_malformed(verifier: TokenVerifier) -> None:
    assert await _code(verifier, "abc") == "AUTH_TOKEN_MALFORMED"


def test_keypair_files_are_private(tmp_path: Path) -> None:
    keys.generate_keypair(tmp_path / "k.pem", tmp_path / "k.pub.pem")
    assert (tmp_path / "k.pem").stat().st_mode & 0o077 == 0
    jwk = keys.public_jwk(keys.load_public_key(tmp_path / "k.pub.pem"))
    assert jwk["kty"] == "EC" and jwk["alg"] == "ES256" and "d" not in jwk
