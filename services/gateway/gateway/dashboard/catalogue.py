"""What the dashboard shows: its tables, their columns with the definition (口径) of each figure,
the plan's goals and the headline cards. The figures come from the four services' `/v1/dashboard`
(counts); rates are derived here from counts that are both there, so a sum over a subtree and a
rate over it always agree.

The definitions of the counts themselves are in docs/api/<service>.md, 首页看板; the wording here
is what the regulator reads beside each figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["count", "rate"]


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    definition: str
    kind: Kind = "count"
    # a rate: numerator / denominator, both metric keys of the same service (or "a+b" sums)
    num: str | None = None
    den: str | None = None
    # larger is worse (overdue, missing): the map and the cells colour it the other way
    bad: bool = False


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    service: str
    columns: tuple[Col, ...]
    note: str = ""


def rate(key: str, label: str, num: str, den: str, definition: str) -> Col:
    return Col(key=key, label=label, definition=definition, kind="rate", num=num, den=den)


TABLES: tuple[Table, ...] = (
    Table("coverage", "建档覆盖（应录尽录）", "registry", (
        Col("units_total", "在档主体", "已建档且未注销、吊销、迁出的生产和销售单位数（截至统计日）"),
        Col("archives_pending", "待建档", "已登记、尚未完成建档的主体数", bad=True),
        Col("archives_overdue", "建档超期", "待建档且已超过建档期限（登记注册后5个工作日）的主体数", bad=True),
        rate("coverage_rate", "应录尽录率", "units_total", "units_total+archives_pending",
             "在档主体 ÷（在档主体 + 待建档）"),
        Col("archived_this_year", "本年新建档", "建档日期在本年度内的在档主体数"),
        Col("archived_late", "逾期建档", "在档主体中建档日期晚于建档期限的户数", bad=True),
        Col("type_production", "生产单位", "在档主体中单位类型含“生产”的户数"),
        Col("type_sale", "销售单位", "在档主体中单位类型含“批发”或“零售”的户数（兼营者两边都计）"),
        Col("units_closed", "已注销/吊销/迁出", "档案保留、不再属地监管的主体数"),
    )),
    Table("grades", "分级分布（A/B/C/D）", "grading", (
        Col("units_total", "在管主体", "分级服务中在管（未注销、吊销、迁出）的主体数"),
        Col("grade_A", "A级", "分级结果为A级（大型）的主体数，由自治区局监管"),
        Col("grade_B", "B级", "分级结果为B级（中型）的主体数，由地（市）局监管"),
        Col("grade_C", "C级", "分级结果为C级（小型）的主体数，由县（区）局监管"),
        Col("grade_D", "D级", "分级结果为D级（微型、个体工商户）的主体数，由所（分局）监管"),
        Col("ungraded", "未分级", "尚无分级结果的在管主体数（缺少规模数据等）", bad=True),
        rate("graded_rate", "分级完成率", "grade_A+grade_B+grade_C+grade_D", "units_total", "已分级 ÷ 在管主体"),
    )),
    Table("categories", "分类监管与高风险主体", "grading", (
        Col("category_routine", "日常监管", "监管类别为日常监管（触发式）的在管主体数"),
        Col("category_key", "重点监管", "监管类别为重点监管的在管主体数"),
        Col("category_special", "特别监管", "监管类别为特别监管的在管主体数"),
        Col("high_risk_units", "高风险主体", "认定在册（未解除）的很可能发生重大质量安全风险的主体数"),
        Col("high_risk_visited", "本半年已检查", "高风险主体中本半年度已有现场检查的户数"),
        Col("high_risk_visit_overdue", "半年检查逾期", "认定于本半年之前、上半年度和本半年度均无现场检查的户数",
            bad=True),
        rate("high_risk_visit_rate", "半年检查率", "high_risk_visited", "high_risk_units",
             "本半年已检查 ÷ 高风险主体"),
    )),
    Table("personnel", "质量安全总监、安全员配备", "registry", (
        Col("director_required", "应配总监主体", "在档主体中依规定须配备质量安全总监的户数"),
        Col("director_covered", "已配总监", "应配总监主体中已登记在任质量安全总监的户数"),
        rate("director_rate", "总监配备率", "director_covered", "director_required", "已配总监 ÷ 应配总监主体"),
        Col("officer_covered", "已配安全员", "应配总监主体中已登记在任质量安全员的户数"),
        rate("officer_rate", "安全员配备率", "officer_covered", "director_required", "已配安全员 ÷ 应配总监主体"),
        Col("responsible_overdue", "监管责任人超期未补", "监管责任人离任超过5个工作日仍无继任的主体数", bad=True),
    )),
    Table("inspections", "监督检查", "inspection", (
        Col("tasks_due_year", "本年应检任务", "期限在本年度内、未撤销的检查任务数"),
        Col("tasks_done_year", "本年已完成", "本年应检任务中已提交检查记录的任务数"),
        rate("task_done_rate", "任务完成率", "tasks_done_year", "tasks_due_year", "本年已完成 ÷ 本年应检任务"),
        Col("tasks_open", "待检任务", "尚未完成、未撤销的检查任务数（不限年度）"),
        Col("tasks_overdue", "逾期未检", "待检任务中已过期限的任务数", bad=True),
        Col("inspections_year", "本年检查次数", "本年度内已提交的监督检查记录数（附件5-1、5-2）"),
        Col("units_inspected_year", "本年受检主体", "本年度内至少有一次已提交检查记录的主体数"),
        Col("units_with_risk_list", "已建风险管控清单", "在管主体中已建立质量安全风险管控清单的户数"),
    )),
    Table("rectifications", "问题整改", "inspection", (
        Col("rectifications_year", "本年下达", "本年度内下达的责令整改数"),
        Col("rectifications_open", "未结", "尚未销号的整改（待整改、已反馈待复查、被退回）"),
        Col("rectifications_overdue", "逾期未改", "待整改或被退回、且已过整改期限的整改数", bad=True),
        Col("rectifications_closed", "已销号", "经复查销号的整改数（不限年度）"),
        rate("rectification_close_rate", "整改销号率", "rectifications_closed",
             "rectifications_closed+rectifications_open", "已销号 ÷（已销号 + 未结）"),
    )),
    Table("routines", "日管控、周排查、月调度填报", "inspection", (
        Col("routine_daily_expected", "日管控应报", "近28天内、已过报送期限的每日记录应报份数（自建档之日起）"),
        rate("routine_daily_rate", "日管控填报率", "routine_daily_actual", "routine_daily_expected", "已报 ÷ 应报"),
        rate("routine_daily_on_time_rate", "日管控及时率", "routine_daily_on_time", "routine_daily_expected",
             "按期报送 ÷ 应报"),
        Col("routine_weekly_expected", "周排查应报", "近28天内、已过报送期限的每周排查报告应报份数"),
        rate("routine_weekly_rate", "周排查填报率", "routine_weekly_actual", "routine_weekly_expected", "已报 ÷ 应报"),
        rate("routine_weekly_on_time_rate", "周排查及时率", "routine_weekly_on_time", "routine_weekly_expected",
             "按期报送 ÷ 应报"),
        Col("routine_monthly_expected", "月调度应报", "近3个月内、已过报送期限的月度调度报告应报份数"),
        rate("routine_monthly_rate", "月调度填报率", "routine_monthly_actual", "routine_monthly_expected",
             "已报 ÷ 应报"),
        rate("routine_monthly_on_time_rate", "月调度及时率", "routine_monthly_on_time", "routine_monthly_expected",
             "按期报送 ÷ 应报"),
    ), note="填报以首次提交为准；一个周期在报送期限过后才计入应报。"),
    Table("audits", "督查与督办", "audit", (
        Col("audits_year", "本年督查", "被督查单位在本辖区内、督查日期在本年度的督查记录数"),
        Col("audits_submitted_year", "已提交", "本年督查中已提交的记录数"),
        Col("followups_year", "本年督办文书", "本年度向本辖区内单位制发的提醒函、整改通知书、约谈记录、通报数"),
        Col("followups_unanswered", "待反馈", "已制发、接收单位尚未书面反馈的文书数"),
        Col("followups_overdue", "反馈逾期", "待反馈且已过反馈期限的文书数", bad=True),
        Col("followups_to_review", "待审核", "接收单位已反馈、制发单位尚未办结的文书数"),
        Col("followups_closed", "已办结", "已办结的文书数"),
    )),
    Table("national", "总局归集", "audit", (
        Col("push_pending", "待推送", "尚未送达总局平台的记录数（含重试中）"),
        Col("push_delivered", "已归集", "总局平台已确认接收的记录数"),
        Col("push_dead", "推送失败", "多次重试仍失败或被拒收、需人工处理的记录数", bad=True),
    ), note="按上报单位计。"),
)

TABLES_BY_KEY = {t.key: t for t in TABLES}
SERVICES = ("registry", "grading", "inspection", "audit")
SERVICE_LABELS = {"registry": "主体档案", "grading": "分层分级", "inspection": "监督检查", "audit": "督查考核"}


@dataclass(frozen=True)
class Goal:
    key: str
    year: int
    stage: str
    text: str  # the plan's words (主要目标)
    label: str
    definition: str
    service: str
    num: str
    den: str
    higher_is_better: bool = True
    extra: dict[str, str] = field(default_factory=dict)


# 方案（藏市监〔2023〕73号）“(三)主要目标”：一年打基础、两年全覆盖、三年见成效
GOALS: tuple[Goal, ...] = (
    Goal("archives_built", 2023, "一年打基础",
         "属地市场监管部门建立重要工业产品生产和销售单位质量安全档案",
         "已建档的县（区）", "辖区内至少有一户在档主体的县（区）级单位数 ÷ 辖区县（区）级单位数",
         "registry", "counties_with_archive", "counties"),
    Goal("all_recorded", 2024, "两年全覆盖",
         "工业产品生产和销售单位质量安全相关信息在信息平台上应录尽录",
         "应录尽录率", "在档主体 ÷（在档主体 + 待建档）；建档超期户数另列",
         "registry", "units_total", "units_total+archives_pending"),
    Goal("routine_running", 2024, "两年全覆盖",
         "两个规定要求的日管控、周排查、月调度工作机制有效运行",
         "日管控、周排查、月调度综合填报率",
         "近期三类记录已报份数之和 ÷ 应报份数之和（日、周按近28天，月按近3个月）",
         "inspection", "routine_daily_actual+routine_weekly_actual+routine_monthly_actual",
         "routine_daily_expected+routine_weekly_expected+routine_monthly_expected"),
    Goal("risks_handled", 2025, "三年见成效",
         "防范和化解质量安全风险的能力明显提升，质量安全突出问题得到有效治理",
         "问题整改销号率", "已销号整改 ÷（已销号 + 未结）；逾期未改户数另列",
         "inspection", "rectifications_closed", "rectifications_closed+rectifications_open"),
    Goal("high_risk_watched", 2025, "三年见成效",
         "末端发力终端见效长效工作机制基本形成",
         "高风险主体半年检查率", "本半年已现场检查的高风险主体 ÷ 在册高风险主体",
         "grading", "high_risk_visited", "high_risk_units"),
)

# The reading of a goal's rate (the platform's, not the plan's; see docs/guide/dashboard.md).
MET_AT = 0.95
ON_TRACK_AT = 0.80
STATUS_LABELS = {"met": "已达成", "on_track": "推进中", "behind": "滞后", "no_data": "暂无数据"}


@dataclass(frozen=True)
class Card:
    key: str
    label: str
    table: str
    column: str
    sub_table: str | None = None
    sub_column: str | None = None
    sub_label: str | None = None


CARDS: tuple[Card, ...] = (
    Card("units", "在档主体", "coverage", "units_total", "coverage", "archives_pending", "待建档"),
    Card("coverage", "应录尽录率", "coverage", "coverage_rate", "coverage", "archives_overdue", "建档超期"),
    Card("graded", "分级完成率", "grades", "graded_rate", "grades", "ungraded", "未分级"),
    Card("high_risk", "高风险主体", "categories", "high_risk_units", "categories", "high_risk_visit_overdue", "半年检查逾期"),
    Card("tasks", "任务完成率", "inspections", "task_done_rate", "inspections", "tasks_overdue", "逾期未检"),
    Card("rectifications", "整改未结", "rectifications", "rectifications_open", "rectifications",
         "rectifications_overdue", "逾期未改"),
    Card("daily", "日管控填报率", "routines", "routine_daily_rate", "routines", "routine_weekly_rate", "周排查"),
    Card("followups", "督办待反馈", "audits", "followups_unanswered", "audits", "followups_overdue", "反馈逾期"),
)
