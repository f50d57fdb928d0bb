"""The survey file's columns: the headers a regulator types, and how each maps to a field."""

from __future__ import annotations

# field → accepted headers (the first is the template's)
HEADER_ALIASES: dict[str, list[str]] = {
    "credit_code": ["统一社会信用代码", "社会信用代码", "信用代码"],
    "name": ["单位名称", "企业名称", "名称", "主体名称"],
    "unit_types": ["单位类型", "主体类型", "类型"],
    "is_individual": ["是否个体工商户", "个体工商户"],
    "county": ["所在县（区）", "县（区）", "县区", "所在县区", "县区代码", "行政区划代码"],
    "station": ["所属市场监管所", "市场监管所", "监管所"],
    "registered_address": ["注册地址", "住所"],
    "operating_address": ["生产经营地址", "经营地址", "生产地址"],
    "principal_name": ["主要负责人", "法定代表人", "负责人"],
    "contact_name": ["联系人"],
    "contact_phone": ["联系电话", "电话"],
    "employees": ["从业人员（人）", "从业人员", "从业人员数", "职工人数"],
    "revenue_wan": ["营业收入（万元）", "营业收入", "年营业收入（万元）"],
    "size_year": ["数据年度", "年度"],
    "product_category": ["主要产品", "产品类别", "产品名称"],
    "licence_no": ["生产许可证编号", "生产许可证号", "许可证编号"],
    "certificate_no": ["CCC证书编号", "3C证书编号", "强制性产品认证证书编号"],
    "mandatory_standard": ["执行强制性国家标准", "强制性国家标准"],
    "key_tags": ["重点品类", "重点产品类别"],
    "entry_reason": ["录入原因"],
    "registered_on": ["登记注册日期", "成立日期", "注册日期"],
    "status": ["经营状态", "状态"],
}
REQUIRED_COLUMNS = ("credit_code", "name", "unit_types", "county", "entry_reason")

TEMPLATE_COLUMNS = [
    "credit_code", "name", "unit_types", "is_individual", "county", "station", "registered_address",
    "operating_address", "principal_name", "contact_name", "contact_phone", "employees", "revenue_wan",
    "size_year", "product_category", "licence_no", "certificate_no", "mandatory_standard", "key_tags",
    "entry_reason", "registered_on", "status",
]
