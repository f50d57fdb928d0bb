"""Chinese names of request fields, used in validation messages (servicekit.errors)."""

FIELD_LABELS = {
    "target_code": "督查对象", "period_start": "期间起", "period_end": "期间止", "audited_on": "督查日期",
    "auditors": "督查人员", "conclusion": "督查结论", "implemented": "是否落实", "highlights": "亮点成效",
    "correction_reason": "更正理由", "kind": "文书类别", "findings": "发现的问题", "requirements": "整改要求",
    "due_on": "反馈期限", "issued_on": "发文日期", "interview": "约谈情况", "answer": "反馈内容", "comment": "意见",
    "org_code": "单位", "period": "考核期", "points": "分值", "reason": "理由", "held_on": "日期", "title": "标题",
    "audience": "对象", "attendance": "参加人次", "enterprises": "参加企业数", "members": "成员", "name": "姓名",
    "position": "职务", "phone": "电话", "email": "电子邮箱", "since": "任职日期", "established_on": "成立日期",
    "progress": "工作进展", "difficulties": "困难问题", "next_plan": "下一步计划", "minutes": "会议纪要",
    "decisions": "议定事项", "content": "内容", "owner_code": "责任单位", "text": "正文", "prefix": "发文字号前缀",
    "items": "清单事项", "task": "具体任务", "section": "督查事项", "code": "编号", "note": "说明",
}
