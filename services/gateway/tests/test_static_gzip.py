"""The built SPA's text files go out gzipped to browsers that accept it (the phone app's first load)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

SCRIPT = "export const greeting = '扎西德勒';\n" * 200  # ~7 KB of text


@pytest.fixture
def dist(service_app: FastAPI, tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "assets").mkdir()
    (tmp_path / "field").mkdir()
    (tmp_path / "index.html").write_text("<html>admin</html>", encoding="utf-8")
    (tmp_path / "field" / "index.html").write_text("<html>field" + " " * 2000 + "</html>", encoding="utf-8")
    (tmp_path / "assets" / "app.js").write_text(SCRIPT, encoding="utf-8")
    (tmp_path / "assets" / "tiny.js").write_text("console.log(1)", encoding="utf-8")
    (tmp_path / "assets" / "logo.png").write_bytes(b"\x89PNG" + b"\0" * 4000)
    original = service_app.state.settings.frontend_dist
    service_app.state.settings.frontend_dist = tmp_path
    yield tmp_path
    service_app.state.settings.frontend_dist = original


async def test_scripts_are_gzipped_for_browsers_that_accept_it(client: AsyncClient, dist: Path) -> None:
    resp = await client.get("/assets/app.js", headers={"accept-encoding": "gzip, deflate, br"})
    assert resp.status_code == 200
    assert resp.headers["content-encoding"] == "gzip"
    assert int(resp.headers["content-length"]) < len(SCRIPT.encode()) / 5
    assert resp.text == SCRIPT  # the client decodes it
    assert "javascript" in resp.headers["content-type"]
    assert "immutable" in resp.headers["cache-control"] and resp.headers["vary"] == "accept-encoding"
    # the field app's page (history fallback) too
    page = await client.get("/field/login", headers={"accept-encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip" and page.text.startswith("<html>field")
    assert page.headers["cache-control"] == "no-cache"


async def test_plain_when_not_accepted_small_or_binary(client: AsyncClient, dist: Path) -> None:
    for encoding in ("identity", "gzip;q=0", "br"):
        resp = await client.get("/assets/app.js", headers={"accept-encoding": encoding})
        assert "content-encoding" not in resp.headers and resp.text == SCRIPT
    tiny = await client.get("/assets/tiny.js", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in tiny.headers and tiny.text == "console.log(1)"
    png = await client.get("/assets/logo.png", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in png.headers and png.content.startswith(b"\x89PNG")


async def test_revalidation_and_a_new_build(client: AsyncClient, dist: Path) -> None:
    first = await client.get("/field/", headers={"accept-encoding": "gzip"})
    etag = first.headers["etag"]
    again = await client.get("/field/", headers={"accept-encoding": "gzip", "if-none-match": etag})
    assert again.status_code == 304 and not again.content
    # a new build replaces the file: a new tag and the new content, not the cached one
    (dist / "field" / "index.html").write_text("<html>field v2" + " " * 3000 + "</html>", encoding="utf-8")
    rebuilt = await client.get("/field/", headers={"accept-encoding": "gzip", "if-none-match": etag})
    assert rebuilt.status_code == 200 and rebuilt.text.startswith("<html>field v2")
    assert rebuilt.headers["etag"] != etag
