"""The proxy's hot path: JSON answers sent whole, long bodies streamed, a verified token remembered only until it expires."""

from __future__ import annotations

import pytest
from httpx import AsyncClient

from gateway.proxy import router as proxy
from servicekit.auth import TokenVerifier
from servicekit.errors import Unauthorized
from servicekit.testing import AuthHelper

pytestmark = pytest.mark.usefixtures("seeded")


async def test_small_answer_sent_whole_with_its_headers(client: AsyncClient, auth: AuthHelper) -> None:
    payload = '{"名称":"拉萨高原燃气具有限公司"}'.encode()
    resp = await client.post("/api/registry/v1/echo/a?status=201", content=payload,
                             headers={"content-type": "application/json", **auth.headers("county_officer")})
    assert resp.status_code == 201 and resp.content == payload
    assert resp.headers["content-length"] == str(len(payload))
    assert resp.headers["content-type"] == "application/json"
    assert resp.headers["x-seen-path"] == "a" and resp.headers["x-request-id"]
    assert resp.headers["x-frame-options"] == "DENY"


async def test_long_body_streams_both_ways(client: AsyncClient) -> None:
    payload = b"x" * (proxy.BUFFER_LIMIT + 12345)
    resp = await client.put("/api/registry/v1/echo/big", content=payload,
                            headers={"content-type": "application/octet-stream"})
    assert resp.status_code == 200 and resp.content == payload


class CountingVerifier(TokenVerifier):
    calls = 0

    async def verify(self, token: str):  # type: ignore[no-untyped-def]
        self.calls += 1
        return await super().verify(token)


async def test_edge_remembers_a_verified_token_until_it_expires(auth: AuthHelper, test_keys,  # type: ignore[no-untyped-def]
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from servicekit import keys
    from servicekit.testing.plugin import AUDIENCE, ISSUER

    verifier = CountingVerifier(issuer=ISSUER, audience=AUDIENCE,
                                user_keys=[keys.load_public_key(test_keys.user_public)])
    cache = proxy.EdgeTokenCache(verifier, max_entries=2)
    token = auth.token("county_officer", ttl_seconds=60)
    await cache.check(token)
    await cache.check(token)
    assert verifier.calls == 1
    # Past its expiry the token is verified in full again (and PyJWT's own clock decides).
    real = proxy.time.time
    monkeypatch.setattr(proxy.time, "time", lambda: real() + 120)
    await cache.check(token)
    assert verifier.calls == 2
    monkeypatch.undo()
    # An expired or forged token is never remembered: every try is checked and refused.
    expired = auth.token("county_officer", ttl_seconds=-60)
    head, sig = token.rsplit(".", 1)
    forged = f"{head}.{sig[:10]}{'B' if sig[10] == 'A' else 'A'}{sig[11:]}"  # a whole signature byte changed
    for bad in (expired, expired, "not.a.token", forged):
        with pytest.raises(Unauthorized):
            await cache.check(bad)
    assert verifier.calls == 6
    # Bounded: a full cache forgets rather than grows.
    for _ in range(3):
        await cache.check(auth.token("county_officer", ttl_seconds=60))
    assert len(cache._until) <= 2


async def test_edge_still_refuses_bad_and_service_tokens(client: AsyncClient, auth: AuthHelper) -> None:
    good = auth.headers("county_officer")
    assert (await client.get("/api/registry/v1/echo/x", headers=good)).status_code == 200
    assert (await client.get("/api/registry/v1/echo/x", headers=good)).status_code == 200
    expired = await client.get("/api/registry/v1/echo/x", headers=auth.headers("county_officer", ttl_seconds=-60))
    assert expired.status_code == 401 and expired.json()["code"] == "AUTH_TOKEN_EXPIRED"
    svc = await client.get("/api/registry/v1/echo/x", headers=auth.service_headers())
    assert svc.status_code == 401
