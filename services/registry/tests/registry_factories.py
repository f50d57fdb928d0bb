"""Small builders of valid test data."""

from __future__ import annotations

import itertools
from typing import Any

from registry.enterprises.credit_code import check_char

_seq = itertools.count(1)


def credit_code(body: str | None = None, *, valid: bool = True) -> str:
    body = body or f"9154010{next(_seq):010d}"[:17]
    good = check_char(body)
    if valid:
        return body + good
    return body + ("0" if good != "0" else "1")


def enterprise(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "credit_code": credit_code(), "name": "拉萨雪域燃气具有限公司", "unit_types": ["production"],
        "division_code": "540102", "entry_reason": "摸底调查", "employees": 120, "revenue_wan": "1800",
        "size_year": 2025,
    }
    data.update(over)
    return data
