"""附件4 exactly as the table: every boundary of each unit type, mixed and missing indicators,
several unit types, and the statistical size class and Orders 75/76 test beside the grade."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient

from servicekit.testing import AuthHelper

# (unit type, employees boundaries → grades, revenue boundaries → grades)
TABLE = {
    "production": ([(19, "D"), (20, "C"), (299, "C"), (300, "B"), (999, "B"), (1000, "A")],
                   [(299, "D"), (300, "C"), (1999, "C"), (2000, "B"), (39999, "B"), (40000, "A")]),
    "wholesale": ([(4, "D"), (5, "C"), (19, "C"), (20, "B"), (199, "B"), (200, "A")],
                  [(999, "D"), (1000, "C"), (4999, "C"), (5000, "B"), (39999, "B"), (40000, "A")]),
    "retail": ([(9, "D"), (10, "C"), (49, "C"), (50, "B"), (299, "B"), (300, "A")],
               [(99, "D"), (100, "C"), (499, "C"), (500, "B"), (19999, "B"), (20000, "A")]),
}
LEVEL = {"A": "region", "B": "prefecture", "C": "county", "D": "station"}
CASES = [(t, "employees", x, g) for t, (xs, _) in TABLE.items() for x, g in xs] + \
        [(t, "revenue_wan", y, g) for t, (_, ys) in TABLE.items() for y, g in ys]


async def classify(client: AsyncClient, auth: AuthHelper, body: dict[str, Any], role: str = "station_inspector") -> Any:
    r = await client.post("/v1/classify", json=body, headers=auth.headers(role, "540000/540100/540102/540102-01"))
    return r


@pytest.mark.parametrize(("unit_type", "indicator", "value", "grade"), CASES)
async def test_every_boundary_of_the_table(client: AsyncClient, auth: AuthHelper, unit_type: str, indicator: str,
                                           value: int, grade: str) -> None:
    body: dict[str, Any] = {"unit_types": [unit_type], "employees": None, "revenue_wan": None}
    body[indicator] = value if indicator == "employees" else str(value)
    r = await classify(client, auth, body)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["grade"] == grade
    assert out["level"] == LEVEL[grade]
    assert out["rule_set"] == "藏市监〔2023〕73号附件4"
    missing = "revenue" if indicator == "employees" else "employees"
    assert out["missing"] == missing
    assert ("仅按从业人员分级" if missing == "revenue" else "仅按营业收入分级") in out["basis"]


async def test_the_issue_example(client: AsyncClient, auth: AuthHelper) -> None:
    r = await classify(client, auth, {"unit_types": ["production"], "employees": 250, "revenue_wan": "2500"})
    out = r.json()
    assert out["grade"] == "B" and out["level"] == "prefecture" and out["level_label"] == "地（市）局"
    assert out["basis"] == ("依据藏市监〔2023〕73号附件4：生产单位从业人员250人（20≤X<300）属C级、"
                            "营业收入2500万元（2000≤Y<40000）属B级。按较高等级定为B级，对应地（市）局监管。")
    # 2017 statistical rule needs both lower bounds: X=250 is below medium's 300 → small
    assert out["statistical_size"] == "small" and out["statistical_size_label"] == "小型"
    assert out["orders_75_76_large_or_medium"] is True
    assert out["statistical_rule_set"] == "国统字〔2017〕213号"


async def test_mixed_indicators_take_the_higher(client: AsyncClient, auth: AuthHelper) -> None:
    out = (await classify(client, auth, {"unit_types": ["production"], "employees": 8, "revenue_wan": "45000"})).json()
    assert out["grade"] == "A" and out["level"] == "region"
    # …while the statistical class, which needs both, is micro (X<20 suffices for micro)
    assert out["statistical_size"] == "micro"


async def test_a_producer_retailer_takes_the_higher_of_its_types(client: AsyncClient, auth: AuthHelper) -> None:
    # 60 people: production C (20≤X<300), retail B (50≤X<300)
    out = (await classify(client, auth, {"unit_types": ["production", "retail"], "employees": 60,
                                         "revenue_wan": None})).json()
    assert out["grade"] == "B"
    assert "生产单位从业人员60人（20≤X<300）属C级" in out["basis"]
    assert "零售单位从业人员60人（50≤X<300）属B级" in out["basis"]
    only_production = (await classify(client, auth, {"unit_types": ["production"], "employees": 60})).json()
    assert only_production["grade"] == "C"


async def test_both_indicators_missing_gives_no_grade(client: AsyncClient, auth: AuthHelper) -> None:
    out = (await classify(client, auth, {"unit_types": ["wholesale"], "employees": None, "revenue_wan": None})).json()
    assert out["grade"] is None and out["level"] is None
    assert out["needs_completion"] is True and out["missing"] == "both"
    assert "无法分级" in out["basis"]
    assert out["statistical_size"] is None


async def test_statistical_class_steps_down_when_one_bound_fails(client: AsyncClient, auth: AuthHelper) -> None:
    # X large (1200), Y only medium (3000) → grade A (OR), statistical medium (both needed for large)
    out = (await classify(client, auth, {"unit_types": ["production"], "employees": 1200, "revenue_wan": "3000"})).json()
    assert out["grade"] == "A" and out["statistical_size"] == "medium"
    # both at the small bounds → small; X small and Y below small → micro
    out = (await classify(client, auth, {"unit_types": ["retail"], "employees": 10, "revenue_wan": "100"})).json()
    assert out["statistical_size"] == "small" and out["grade"] == "C"
    out = (await classify(client, auth, {"unit_types": ["retail"], "employees": 40, "revenue_wan": "99"})).json()
    assert out["statistical_size"] == "micro" and out["grade"] == "C"
    # one indicator missing: micro is still decidable from the other, larger classes are not
    out = (await classify(client, auth, {"unit_types": ["retail"], "employees": 5, "revenue_wan": None})).json()
    assert out["statistical_size"] == "micro"
    out = (await classify(client, auth, {"unit_types": ["retail"], "employees": 500, "revenue_wan": None})).json()
    assert out["statistical_size"] is None and out["grade"] == "A"


async def test_orders_75_76_large_or_medium_is_an_or_test(client: AsyncClient, auth: AuthHelper) -> None:
    out = (await classify(client, auth, {"unit_types": ["wholesale"], "employees": 19, "revenue_wan": "5000"})).json()
    assert out["orders_75_76_large_or_medium"] is True
    out = (await classify(client, auth, {"unit_types": ["wholesale"], "employees": 19, "revenue_wan": "4999.99"})).json()
    assert out["orders_75_76_large_or_medium"] is False and out["grade"] == "C"


@pytest.mark.parametrize(("body", "field"), [
    ({"unit_types": [], "employees": 10}, "unit_types"),
    ({"employees": 10}, "unit_types"),
    ({"unit_types": ["factory"], "employees": 10}, "unit_types"),
    ({"unit_types": ["production"], "employees": -1}, "employees"),
    ({"unit_types": ["production"], "revenue_wan": "-5"}, "revenue_wan"),
    ({"unit_types": ["production"], "revenue_wan": "一千"}, "revenue_wan"),
    ({"unit_types": ["production"], "employees": "many"}, "employees"),
])
async def test_bad_input_is_a_chinese_problem(client: AsyncClient, auth: AuthHelper, body: dict[str, Any],
                                              field: str) -> None:
    r = await classify(client, auth, body)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["code"] == "VALIDATION_ERROR"
    assert [e["field"].split(".")[0] for e in problem["errors"]] == [field], problem
    labels = {"unit_types": "主体类型", "employees": "从业人员", "revenue_wan": "营业收入（万元）"}
    assert problem["detail"].startswith(labels[field])


async def test_anyone_logged_in_may_use_the_calculator_but_not_anonymous(client: AsyncClient, auth: AuthHelper) -> None:
    body = {"unit_types": ["retail"], "employees": 12}
    for role in ("region_admin", "station_inspector", "enterprise_user"):
        assert (await classify(client, auth, body, role=role)).status_code == 200
    r = await client.post("/v1/classify", json=body)
    assert r.status_code == 401 and r.json()["code"] == "AUTH_REQUIRED"
