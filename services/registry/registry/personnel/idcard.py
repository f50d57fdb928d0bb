"""Resident identity card numbers (GB 11643-1999): 18 characters with an ISO 7064 MOD 11-2 check."""

from __future__ import annotations

import datetime as dt
import re

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


class IdNumberError(ValueError):
    pass


def validate_id_number(raw: str) -> str:
    value = raw.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise IdNumberError("身份证号码应为 18 位（最后一位可为 X）")
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError as exc:
        raise IdNumberError("身份证号码中的出生日期无效") from exc
    if _CHECK[sum(int(d) * w for d, w in zip(value[:17], _WEIGHTS, strict=True)) % 11] != value[17]:
        raise IdNumberError("身份证号码校验位不正确")
    return value
