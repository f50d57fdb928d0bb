"""Chinese labels of the inspection service's codes."""

RESULTS = ("yes", "no", "na")
RESULT_LABELS = {"yes": "是（√）", "no": "否（×）", "na": "不适用"}
SEVERITY_LABELS = {"general": "一般", "larger": "较大", "major": "重大"}
RISK_SOURCE_LABELS = {"inspection": "监督检查", "sampling": "监督抽查", "complaint": "投诉举报",
                      "accident": "质量安全事故", "other": "其他"}
RECTIFICATION_STATUS_LABELS = {"open": "待整改", "answered": "已回复待核查", "returned": "已退回重新整改",
                               "closed": "已验证关闭"}
TASK_KIND_LABELS = {"planned": "计划检查", "random": "双随机抽查", "adhoc": "临时检查"}
LEVEL_WORDS = {"region": "省", "prefecture": "市", "county": "县", "station": "乡"}

FIELD_LABELS = {
    "enterprise_id": "主体",
    "items": "检查项目",
    "result": "结果",
    "remark": "备注",
    "base_version": "版本号",
    "inspected_on": "检查日期",
    "text": "内容",
    "answer": "整改情况",
    "comment": "核查意见",
    "severity": "风险等级",
    "source": "风险来源",
    "found_on": "发现日期",
    "summary": "风险描述",
    "due_on": "完成期限",
    "reason": "理由",
    "deadline_days": "整改期限（天）",
    "product": "召回产品",
    "defect": "缺陷",
    "ordered_on": "责令召回日期",
    "quantity": "涉及数量",
    "recovered": "已召回数量",
    "note": "说明",
    "visited_on": "帮扶日期",
    "problems": "发现的问题",
    "measures": "整改措施",
    "violation": "违法行为",
    "referred_to": "移送单位",
    "referred_on": "移送日期",
    "case_no": "立案号",
    "outcome": "处理结果",
}
