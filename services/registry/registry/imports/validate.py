"""Row validation: each survey row becomes a clean record or a list of Chinese messages."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from registry.enterprises import credit_code
from registry.labels import STATUS_LABELS, UNIT_TYPE_LABELS, reverse
from registry.rules import director_required
from servicekit.orgs import OrgNode

_TYPE_WORDS = {**reverse(UNIT_TYPE_LABELS), "生产单位": "production", "批发单位": "wholesale", "零售单位": "retail",
               "销售": "retail"}
_STATUS_WORDS = {**reverse(STATUS_LABELS), "停产": "suspended", "停业": "suspended", "在营": "normal", "存续": "normal"}
_SPLIT = re.compile(r"[、,，/;；\s]+")
_YES = {"是", "Y", "y", "yes", "1", "√", "TRUE", "true"}
_NO = {"否", "N", "n", "no", "0", "", "FALSE", "false"}


@dataclass
class Issue:
    row: int
    column: str
    message: str
    severity: str = "error"

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message, "severity": self.severity}


@dataclass
class Record:
    row: int
    values: dict[str, Any]
    products: list[dict[str, Any]]
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(i.severity == "error" for i in self.issues)


@dataclass
class Lookups:
    """Everything validation needs, loaded once per file."""

    counties_by_code: dict[str, OrgNode]
    counties_by_name: dict[str, OrgNode]
    stations_by_code: dict[str, OrgNode]
    stations_by_name: dict[tuple[str, str], OrgNode]  # (county code, station name)
    tags_by_name: dict[str, str]
    importer_path: str
    today: dt.date

    @classmethod
    def build(cls, nodes: list[OrgNode], tags: dict[str, str], importer_path: str, today: dt.date) -> Lookups:
        counties = [n for n in nodes if n.level == "county"]
        stations = [n for n in nodes if n.level == "station"]
        by_name: dict[str, OrgNode] = {}
        for c in counties:
            for key in (c.short_name, c.name):
                if key:
                    by_name[key] = c
        return cls(
            counties_by_code={c.code: c for c in counties}, counties_by_name=by_name,
            stations_by_code={s.code: s for s in stations},
            stations_by_name={(s.parent_code or "", key): s for s in stations for key in (s.name, s.short_name) if key},
            tags_by_name={**tags, **{code: code for code in tags.values()}}, importer_path=importer_path, today=today,
        )


def _number(text: str, row: int, column: str, issues: list[Issue]) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        issues.append(Issue(row, column, f"“{text}”不是数字"))
        return None


def _int(text: str, row: int, column: str, issues: list[Issue]) -> int | None:
    value = _number(text, row, column, issues)
    if value is None:
        return None
    if value < 0 or value != value.to_integral_value():
        issues.append(Issue(row, column, "应为不小于 0 的整数"))
        return None
    return int(value)


def _decimal(text: str, row: int, column: str, issues: list[Issue]) -> Decimal | None:
    value = _number(text, row, column, issues)
    if value is None:
        return None
    if value < 0 or value > Decimal("100000000"):
        issues.append(Issue(row, column, "应在 0 到 1 亿万元之间"))
        return None
    return value.quantize(Decimal("0.01"))


def _date(text: str, row: int, column: str, issues: list[Issue], today: dt.date) -> dt.date | None:
    if not text:
        return None
    cleaned = text.replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-").replace(".", "-")
    try:
        value = dt.date.fromisoformat("-".join(p.zfill(2) for p in cleaned.split("-")[:3]))
    except ValueError:
        issues.append(Issue(row, column, f"“{text}”不是有效日期（如 2024-03-15）"))
        return None
    if value > today:
        issues.append(Issue(row, column, "日期不能晚于今天"))
        return None
    return value


def check_row(row: int, cells: dict[str, str], lk: Lookups) -> Record:
    """Validate one row; `cells` maps field names to the raw text."""
    issues: list[Issue] = []
    values: dict[str, Any] = {}

    raw_code = cells.get("credit_code", "")
    if not raw_code:
        issues.append(Issue(row, "统一社会信用代码", "必填"))
    else:
        try:
            checked = credit_code.validate(raw_code)
            values["credit_code"] = checked.code
            values["credit_code_check_ok"] = checked.check_digit_ok
            if not checked.check_digit_ok:
                issues.append(Issue(row, "统一社会信用代码", f"校验位不符（应为 {checked.expected_check}），已按原值导入，请核实", "warning"))
        except credit_code.CreditCodeError as exc:
            issues.append(Issue(row, "统一社会信用代码", str(exc)))

    name = cells.get("name", "")
    if len(name) < 2:
        issues.append(Issue(row, "单位名称", "必填，至少 2 个字"))
    elif len(name) > 200:
        issues.append(Issue(row, "单位名称", "不能超过 200 个字"))
    values["name"] = name

    types: list[str] = []
    for word in _SPLIT.split(cells.get("unit_types", "")):
        if not word:
            continue
        t = _TYPE_WORDS.get(word)
        if t is None:
            issues.append(Issue(row, "单位类型", f"“{word}”不是有效类型（生产、批发、零售，可多填，用顿号分隔）"))
        elif t not in types:
            types.append(t)
    if not types and not any(i.column == "单位类型" for i in issues):
        issues.append(Issue(row, "单位类型", "必填（生产、批发、零售，可多填）"))
    values["unit_types"] = sorted(types, key=["production", "wholesale", "retail"].index)

    individual = cells.get("is_individual", "")
    if individual in _YES:
        values["is_individual"] = True
    elif individual in _NO:
        values["is_individual"] = False
    else:
        issues.append(Issue(row, "是否个体工商户", "请填写“是”或“否”"))

    county_text = cells.get("county", "")
    county = lk.counties_by_code.get(county_text) or lk.counties_by_name.get(county_text)
    station = None
    if county is None:
        issues.append(Issue(row, "所在县（区）", f"“{county_text}”不是西藏的县（区）名称或代码" if county_text else "必填"))
    else:
        values["division_code"] = county.code
        station_text = cells.get("station", "")
        if station_text:
            station = lk.stations_by_code.get(station_text) or lk.stations_by_name.get((county.code, station_text))
            if station is None or station.parent_code != county.code:
                issues.append(Issue(row, "所属市场监管所", f"“{station_text}”不是{county.short_name or county.name}的市场监管所"))
                station = None
        values["station_code"] = station.code if station else None
        path = station.path if station else county.path
        values["org_path"] = path
        if not (path == lk.importer_path or path.startswith(lk.importer_path + "/")):
            issues.append(Issue(row, "所在县（区）", "不在您的管辖范围内，不能导入"))

    for fld, column, limit in (("registered_address", "注册地址", 300), ("operating_address", "生产经营地址", 300),
                               ("principal_name", "主要负责人", 60), ("contact_name", "联系人", 60)):
        text = cells.get(fld, "")
        if len(text) > limit:
            issues.append(Issue(row, column, f"不能超过 {limit} 个字"))
        values[fld] = text or None

    phone = cells.get("contact_phone", "")
    if phone and not re.fullmatch(r"[0-9\-+ ]{7,20}", phone):
        issues.append(Issue(row, "联系电话", "格式不正确"))
    values["contact_phone"] = phone or None

    values["employees"] = _int(cells.get("employees", ""), row, "从业人员（人）", issues)
    values["revenue_wan"] = _decimal(cells.get("revenue_wan", ""), row, "营业收入（万元）", issues)
    year = _int(cells.get("size_year", ""), row, "数据年度", issues)
    if year is not None and not (1990 <= year <= lk.today.year):
        issues.append(Issue(row, "数据年度", f"应在 1990 到 {lk.today.year} 之间"))
        year = None
    values["size_year"] = year
    if values["employees"] is None and values["revenue_wan"] is None:
        issues.append(Issue(row, "从业人员（人）", "从业人员和营业收入均未填写，将无法分级", "warning"))

    tags: list[str] = []
    for word in _SPLIT.split(cells.get("key_tags", "")):
        if not word:
            continue
        code = lk.tags_by_name.get(word)
        if code is None:
            issues.append(Issue(row, "重点品类", f"“{word}”不在重点品类目录中"))
        elif code not in tags:
            tags.append(code)

    products: list[dict[str, Any]] = []
    category = cells.get("product_category", "") or "（未填写）"
    if cells.get("licence_no"):
        products.append({"category": category, "scope": "licence", "licence_no": cells["licence_no"]})
        tags.append("licence_holder") if "licence_holder" not in tags else None
    if cells.get("certificate_no"):
        products.append({"category": category, "scope": "ccc", "certificate_no": cells["certificate_no"]})
        if "production" in types and "ccc_producer" not in tags:
            tags.append("ccc_producer")
    if cells.get("mandatory_standard") in _YES or (cells.get("mandatory_standard") and cells["mandatory_standard"] not in _NO):
        standard = cells["mandatory_standard"] if cells["mandatory_standard"] not in _YES else None
        products.append({"category": category, "scope": "mandatory_standard", "standard_no": standard})
    values["key_tags"] = sorted(tags)

    reason = cells.get("entry_reason", "")
    if len(reason) < 2:
        issues.append(Issue(row, "录入原因", "首次录入须注明录入原因"))
    values["entry_reason"] = reason
    values["registered_on"] = _date(cells.get("registered_on", ""), row, "登记注册日期", issues, lk.today)

    status_text = cells.get("status", "") or "正常"
    status = _STATUS_WORDS.get(status_text)
    if status is None:
        issues.append(Issue(row, "经营状态", f"“{status_text}”不是有效状态（正常、停产停业、注销、吊销、迁出、失联、其他）"))
    values["status"] = status or "normal"
    values["director_required"] = director_required(
        {p["scope"] for p in products}, values["unit_types"], values["employees"], values["revenue_wan"]
    ) if types else False
    return Record(row=row, values=values, products=products, issues=issues)
