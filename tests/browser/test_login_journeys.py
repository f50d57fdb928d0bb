"""A prefecture officer logs in, sees 拉萨市 and its counties in the org tree, logs out; a station
inspector logs in to the field app on a phone-sized screen."""

from __future__ import annotations

import re

import pytest
from platform_helpers import DEMO_PASSWORD
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.stack]

from browser_helpers import shot


def test_prefecture_officer_sees_org_tree_then_logs_out(desktop: Page) -> None:
    page = desktop
    page.goto("/")
    expect(page.get_by_test_id("login-username")).to_be_visible()
    shot(page, "admin-login")
    page.get_by_test_id("login-username").fill("demo-lhasa")
    page.get_by_test_id("login-password").fill(DEMO_PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("current-user")).to_contain_text("拉萨市局监管员")
    shot(page, "admin-home")

    page.get_by_role("menuitem", name=re.compile("组织机构")).click()
    tree = page.get_by_test_id("org-tree")
    expect(tree).to_contain_text("拉萨市")
    for county in ("城关区", "堆龙德庆区", "墨竹工卡县"):
        expect(tree).to_contain_text(county)
    expect(tree).not_to_contain_text("日喀则市")
    shot(page, "admin-org-tree")

    page.get_by_test_id("logout").click()
    expect(page.get_by_test_id("login-username")).to_be_visible()


def test_wrong_password_shows_chinese_error(desktop: Page) -> None:
    page = desktop
    page.goto("/")
    page.get_by_test_id("login-username").fill("demo-shigatse")
    page.get_by_test_id("login-password").fill("Wrong-pass-1")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_text(re.compile("用户名或密码错误"))).to_be_visible()


def test_station_inspector_logs_in_on_phone(phone: Page) -> None:
    page = phone
    page.goto("/field/")
    expect(page.get_by_test_id("login-username")).to_be_visible()
    shot(page, "field-login")
    page.get_by_test_id("login-username").fill("demo-chengguan-station")
    page.get_by_test_id("login-password").fill(DEMO_PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("task-list")).to_be_visible()
    expect(page.get_by_test_id("field-tabbar")).to_be_visible()
    shot(page, "field-tasks")
