"""Chinese labels of the archive's codes, used by responses, imports and exports alike."""

from __future__ import annotations

UNIT_TYPE_LABELS = {"production": "生产", "wholesale": "批发", "retail": "零售"}
STATUS_LABELS = {
    "normal": "正常", "suspended": "停产停业", "deregistered": "注销", "revoked": "吊销",
    "moved_out": "迁出", "lost_contact": "失联", "other": "其他",
}
SCOPE_LABELS = {"licence": "生产许可", "ccc": "强制性产品认证（CCC）", "mandatory_standard": "强制性国家标准产品"}
PERSON_ROLE_LABELS = {"director": "质量安全总监", "officer": "质量安全员"}
ARCHIVE_STATUS_LABELS = {"pending": "待建档", "archived": "已建档"}

FIRST_BATCH_TAGS = [
    ("licence_holder", "生产许可获证企业"),
    ("ccc_producer", "CCC获证生产企业"),
    ("refined_oil", "成品油"),
    ("gas_appliance", "燃气具"),
    ("e_bike", "电动自行车"),
    ("fire_product", "消防产品"),
    ("fireworks", "烟花爆竹"),
]


def reverse(labels: dict[str, str]) -> dict[str, str]:
    return {v: k for k, v in labels.items()}

FIELD_LABELS = {
    "credit_code": "统一社会信用代码", "unit_types": "单位类型", "is_individual": "个体工商户",
    "registered_address": "注册地址", "operating_address": "生产经营地址", "division_code": "所在县（区）",
    "station_code": "所属市场监管所", "principal_name": "主要负责人", "contact_name": "联系人", "contact_phone": "联系电话",
    "employees": "从业人员", "revenue_wan": "营业收入（万元）", "size_year": "数据年度", "key_tags": "重点品类",
    "registered_on": "登记注册日期", "entry_reason": "录入原因", "products": "产品", "category": "产品类别",
    "scope": "监管范围", "licence_no": "许可证编号", "certificate_no": "证书编号", "standard_no": "标准编号",
    "valid_from": "有效期起", "valid_to": "有效期止", "status": "经营状态", "status_note": "状态说明",
    "status_changed_on": "状态变更日期", "id_number": "身份证号码", "phone": "联系电话", "appointed_on": "任命日期",
    "appointment_doc": "任命文件", "role": "职务", "training": "培训情况", "assessment_result": "考核结果",
    "assessment_score": "考核分数", "ended_on": "结束日期", "end_reason": "结束原因", "person_name": "监管责任人",
    "org_unit_code": "监管单位", "effective_on": "生效日期", "period": "报备期", "file": "文件", "dry_run": "预检",
    "year": "年度", "workdays": "工作日数", "start": "起始日期", "is_workday": "是否上班", "prefecture_code": "地（市）",
}
