"""API-client scopes: the `scope` claim becomes Principal.scopes; Authenticator(scopes=...) checks them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import httpx
import pytest
from fastapi import Depends, FastAPI

from servicekit import keys
from servicekit.auth import API_SCOPES, REGULATOR_ROLES, Authenticator, Principal, TokenVerifier
from servicekit.errors import Unauthorized, install_error_handlers
from servicekit.testing.plugin import AuthHelper
from servicekit.testing.plugin import TestKeys as KeyFiles

ISS, AUD = "qsrp-gateway", "qsrp"


@pytest.fixture
def verifier(test_keys: KeyFiles) -> TokenVerifier:
    return TokenVerifier(
        issuer=ISS, audience=AUD, user_keys=[keys.load_public_key(test_keys.user_public)],
        service_keys=[keys.load_public_key(test_keys.service_public)],
    )


def api_token(auth: AuthHelper, scope: object = "national:read") -> str:
    extra = {} if scope is None else {"scope": scope}
    return auth.token("api_client", "540000", user_id="api:ak_0123456789abcdef0123", username="国家平台", **extra)


async def test_scope_claim_parsed_space_separated(verifier: TokenVerifier, auth: AuthHelper) -> None:
    p = await verifier.verify(api_token(auth, "national:read  other:thing"))
    assert p.kind == "api_client" and p.roles == {"api_client"}
    assert p.scopes == {"national:read", "other:thing"}
    assert p.has_scopes({"national:read"}) and not p.has_scopes({"national:read", "national:write"})


@pytest.mark.parametrize("scope", [None, ""])
async def test_absent_or_empty_scope_is_no_scope(verifier: TokenVerifier, auth: AuthHelper, scope: str | None) -> None:
    p = await verifier.verify(api_token(auth, scope))
    assert p.scopes == frozenset()


async def test_user_and_service_tokens_have_no_scopes(verifier: TokenVerifier, auth: AuthHelper) -> None:
    assert (await verifier.verify(auth.token("county_officer", "540000/540100/540102"))).scopes == frozenset()
    assert (await verifier.verify(auth.service_headers()["authorization"].split()[1])).scopes == frozenset()


async def test_scope_claim_must_be_a_string(verifier: TokenVerifier, auth: AuthHelper) -> None:
    with pytest.raises(Unauthorized) as err:
        await verifier.verify(api_token(auth, ["national:read"]))
    assert err.value.code == "AUTH_TOKEN_INVALID"


def test_principal_default_scopes_keep_old_callers_working() -> None:
    p = Principal(subject="u1", kind="user", username="u", roles=frozenset({"region_admin"}))
    assert p.scopes == frozenset() and p.has_scopes(())
    assert API_SCOPES["national:read"] == "读取督查记录与汇总数据"


# The Authenticator's scope check, through a small app.

NationalReader = Annotated[
    Principal, Depends(Authenticator(roles=REGULATOR_ROLES | {"api_client"}, scopes={"national:read"}))
]
AnyApiClient = Annotated[Principal, Depends(Authenticator(roles={"api_client"}))]
EmptyScopes = Annotated[Principal, Depends(Authenticator(roles={"api_client"}, scopes=()))]


@pytest.fixture
async def client(verifier: TokenVerifier) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    install_error_handlers(app)
    app.state.token_verifier = verifier

    @app.get("/national")
    async def national(principal: NationalReader) -> dict[str, str]:
        return {"who": principal.subject}

    @app.get("/any")
    async def any_client(principal: AnyApiClient) -> dict[str, str]:
        return {"who": principal.subject}

    @app.get("/empty")
    async def empty(principal: EmptyScopes) -> dict[str, str]:
        return {"who": principal.subject}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c:
        yield c


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


async def test_api_client_with_scope_admitted(client: httpx.AsyncClient, auth: AuthHelper) -> None:
    resp = await client.get("/national", headers=bearer(api_token(auth)))
    assert resp.status_code == 200 and resp.json()["who"] == "api:ak_0123456789abcdef0123"


@pytest.mark.parametrize("scope", [None, "", "other:thing"])
async def test_api_client_without_scope_refused(client: httpx.AsyncClient, auth: AuthHelper, scope: str | None) -> None:
    resp = await client.get("/national", headers=bearer(api_token(auth, scope)))
    assert resp.status_code == 403
    assert resp.json()["code"] == "SCOPE_NOT_ALLOWED" and resp.json()["detail"] == "接口密钥未被授予该权限范围"


async def test_users_unaffected_by_scopes(client: httpx.AsyncClient, auth: AuthHelper) -> None:
    resp = await client.get("/national", headers=auth.headers("county_officer", "540000/540100/540102"))
    assert resp.status_code == 200
    # The role check still comes first.
    resp = await client.get("/national", headers=auth.headers("enterprise_user", "540000/540100/540102"))
    assert resp.status_code == 403 and resp.json()["code"] == "ROLE_NOT_ALLOWED"


async def test_no_scopes_listed_means_no_scope_check(client: httpx.AsyncClient, auth: AuthHelper) -> None:
    assert (await client.get("/any", headers=bearer(api_token(auth, None)))).status_code == 200
    assert (await client.get("/empty", headers=bearer(api_token(auth, None)))).status_code == 200
