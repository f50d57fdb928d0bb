"""接口密钥 in the admin app: the region administrator issues a key for the national platform
(scope national:read), reads its secret from the one-time result dialog, the platform exchanges it
for a token and reads the national aggregates; the administrator revokes the key in the list and
the exchange is refused from then on."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest
from browser_helpers import desktop_login, shot
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.stack]

SLOW = 20_000


def _exchange(gateway_url: str, key_id: str, secret: str) -> httpx.Response:
    return httpx.post(f"{gateway_url}/api/auth/v1/token", json={
        "grant_type": "client_credentials", "client_id": key_id, "client_secret": secret}, timeout=10)


def test_region_admin_issues_and_revokes_an_api_key(desktop: Page, gateway_url: str) -> None:
    name = f"国家市场监管总局监管督查信息化平台（浏览器测试 {uuid.uuid4().hex[:6]}）"
    page = desktop
    page.set_viewport_size({"width": 1440, "height": 1000})
    desktop_login(page, "demo-region")

    # 系统管理 › 接口密钥, with the help on the token exchange.
    page.get_by_test_id("menu-system").locator(".el-sub-menu__title").click()
    page.get_by_test_id("menu-api-keys").click()
    expect(page).to_have_url(re.compile(r"/system/api-keys$"))
    help_text = page.get_by_test_id("api-keys-help")
    expect(help_text).to_contain_text("POST /api/auth/v1/token")
    expect(help_text).to_contain_text("15 分钟")

    # 新建密钥: a scope must be chosen; then national:read.
    page.get_by_test_id("api-keys-create").click()
    dialog = page.get_by_test_id("api-key-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_test_id("api-key-name").fill(name)
    dialog.get_by_test_id("api-key-submit").click()
    expect(dialog).to_contain_text("请至少选择一项权限范围")
    dialog.get_by_test_id("api-key-scope-national:read").click()
    expect(dialog).to_contain_text("读取督查记录与汇总数据")
    dialog.get_by_test_id("api-key-submit").click()

    # The result: key_id and the secret, once, with the warning; closes only once confirmed.
    result = page.get_by_test_id("api-key-secret-dialog")
    expect(result).to_be_visible(timeout=SLOW)
    expect(dialog).to_be_hidden()
    expect(result.get_by_test_id("api-key-secret-warning")).to_contain_text("只显示这一次")
    expect(result.get_by_test_id("api-key-secret-warning")).to_contain_text("安全渠道")
    key_id = result.get_by_test_id("api-key-secret-key-id").inner_text().strip()
    secret = result.get_by_test_id("api-key-secret-value").inner_text().strip()
    assert re.fullmatch(r"ak_[0-9a-f]{20}", key_id), key_id
    assert re.fullmatch(r"sk_[A-Za-z0-9_-]{40}", secret), secret
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    result.get_by_test_id("api-key-copy-secret").click()
    expect(page.locator(".el-message--success")).to_contain_text("已复制")
    assert page.evaluate("navigator.clipboard.readText()") == secret
    expect(result.get_by_test_id("api-key-secret-done")).to_be_disabled()
    shot(page, "api-keys-secret")
    result.get_by_test_id("api-key-secret-saved").click()
    result.get_by_test_id("api-key-secret-done").click()
    expect(result).to_be_hidden()

    table = page.get_by_test_id("api-keys-table")
    row = table.locator("tr", has_text=key_id)
    expect(row).to_contain_text(name)
    expect(row.get_by_test_id("api-key-status")).to_have_text("有效")
    expect(row.get_by_test_id("api-key-scope")).to_have_text("读取督查记录与汇总数据")
    expect(row.get_by_test_id("api-key-last-used")).to_have_text("从未使用")
    expect(row).not_to_contain_text(secret)  # never shown again

    # The national platform exchanges the key and reads.
    token = _exchange(gateway_url, key_id, secret)
    assert token.status_code == 200, token.text
    assert token.json()["expires_in"] <= 15 * 60 and token.json()["scope"] == "national:read"
    agg = httpx.get(f"{gateway_url}/api/audit/v1/national/aggregates", params={"year": 2026},
                    headers={"Authorization": f"Bearer {token.json()['access_token']}"}, timeout=15)
    assert agg.status_code == 200, agg.text

    page.reload()
    row = page.get_by_test_id("api-keys-table").locator("tr", has_text=key_id)
    expect(row.get_by_test_id("api-key-last-used")).not_to_have_text("从未使用", timeout=SLOW)
    shot(page, "api-keys-list")

    # 吊销: a reason, then the confirmation.
    row.get_by_test_id("api-key-revoke").click()
    prompt = page.locator(".el-message-box", has_text="吊销原因")
    prompt.locator("input").fill("浏览器测试：密钥轮换")
    prompt.get_by_role("button", name="确定").click()
    page.locator(".el-message-box", has_text="不能恢复").get_by_role("button", name="确认吊销").click()
    expect(row.get_by_test_id("api-key-status")).to_have_text("已吊销", timeout=SLOW)
    expect(row.get_by_test_id("api-key-revoked-by")).to_have_text("demo-region 吊销")
    expect(row.get_by_test_id("api-key-revoke")).to_have_count(0)
    shot(page, "api-keys-revoked")

    refused = _exchange(gateway_url, key_id, secret)
    assert refused.status_code == 401, refused.text
    assert refused.json()["code"] == "API_CLIENT_INVALID"
