"""Chinese labels of the grading service's codes, in one place for the API, exports and errors."""

from __future__ import annotations

UNIT_TYPES = ("production", "wholesale", "retail")
UNIT_TYPE_LABELS = {"production": "生产单位", "wholesale": "批发单位", "retail": "零售单位"}

GRADES = ("A", "B", "C", "D")
LEVELS = ("region", "prefecture", "county", "station")
GRADE_LEVEL = {"A": "region", "B": "prefecture", "C": "county", "D": "station"}
LEVEL_LABELS = {"region": "自治区局", "prefecture": "地（市）局", "county": "县（区）局", "station": "所（分局）"}
LEVEL_DEPTH = {"region": 1, "prefecture": 2, "county": 3, "station": 4}
GRADE_OBJECT_LABELS = {
    "A": "大型工业产品生产和销售单位",
    "B": "中型工业产品生产和销售单位",
    "C": "小型工业产品生产和销售单位",
    "D": "微型工业产品生产和销售单位（个体工商户）",
}
SIZE_LABELS = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}

CATEGORIES = ("routine", "key", "special")
CATEGORY_LABELS = {"routine": "日常监管（触发式）", "key": "重点监管", "special": "特别监管"}
CREDIT_CLASSES = ("low", "ordinary", "higher", "high")
CREDIT_LABELS = {"low": "低", "ordinary": "一般", "higher": "较高", "high": "高"}
SEVERITIES = ("general", "larger", "major")
SEVERITY_LABELS = {"general": "一般", "larger": "较大", "major": "重大"}
RISK_SOURCES = ("inspection", "sampling", "complaint", "accident", "other")
RISK_SOURCE_LABELS = {"inspection": "监督检查", "sampling": "监督抽查", "complaint": "投诉举报",
                      "accident": "质量安全事故", "other": "其他"}
ESCALATION_LABELS = {"up": "升级监管（由上一级监管）", "listed": "挂牌督办", "none": "不升级"}
LIST_GROUPS = {"producer": "生产单位", "seller": "销售单位"}

FIELD_LABELS = {
    "unit_types": "主体类型",
    "employees": "从业人员",
    "revenue_wan": "营业收入（万元）",
    "reason": "理由",
    "grade": "等级",
    "category": "监管类别",
    "credit_risk_class": "信用风险分类",
    "mode": "升级方式",
    "code": "规则编号",
    "title": "规则名称",
    "effective_from": "生效日期",
    "bounds": "划分标准",
    "designated_on": "认定日期",
    "ended_on": "撤销日期",
    "year": "年度",
}
