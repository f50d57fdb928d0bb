"""What the data says about each checklist item (附件6), before the auditor decides.

`prefill()` is pure: it turns the figures of the other services (clients/figures.py) and the
audit service's own records (`Own`) into, per item, the figures shown to the auditor, a
suggested 是否落实 (True/False, or None where data cannot tell) and the basis of the suggestion
in words. The auditor confirms or corrects; a correction needs a reason and is kept beside the
suggestion (decision 0011).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from audit.clients.figures import SOURCES, Figures

LEVEL_GRADE = {"region": "A", "prefecture": "B", "county": "C", "station": "D"}


@dataclass
class Own:
    """The audited bureau's records held by the audit service, for the audit period."""

    level: str
    activities: int = 0
    activities_enterprises: int = 0
    activities_law: int = 0
    attendance: int = 0
    work_group: str | None = None  # established_on, ISO
    work_group_members: int = 0
    liaison: str | None = None  # name
    reports_expected: int = 0
    reports_submitted: int = 0
    reports_on_time: int = 0
    subordinates: int = 0
    audits_done: int = 0
    subordinates_audited: int = 0
    audit_pushes: dict[str, int] = field(default_factory=dict)  # status → n, the target's own audits
    all_pushes: dict[str, int] = field(default_factory=dict)  # status → n, every record of the subtree


@dataclass
class ItemPrefill:
    figures: list[dict[str, Any]]
    suggested: bool | None
    basis: str


def _fig(label: str, value: Any, unit: str = "", source: str = "audit") -> dict[str, Any]:
    return {"label": label, "value": value, "unit": unit, "source": source}


def _pct(part: int | None, whole: int | None) -> str:
    if not whole or part is None:
        return "—"
    return f"{part * 100 / whole:.1f}%"


def _missing(figures: Figures, *services: str) -> str | None:
    down = [figures.unavailable[s] for s in services if s in figures.unavailable]
    if down:
        return "；".join(down) + "。可稍后“重新取数”，或由督查人员据实判断"
    return None


def _pushes(counts: dict[str, int]) -> tuple[int, int, int, int]:
    total = sum(counts.values())
    return total, counts.get("delivered", 0), counts.get("pending", 0), counts.get("dead", 0)


def prefill(figures: Figures, own: Own) -> dict[str, ItemPrefill]:
    reg = lambda key: figures.get("registry", key)  # noqa: E731
    grd = lambda key: figures.get("grading", key)  # noqa: E731
    ins = lambda key: figures.get("inspection", key)  # noqa: E731
    out: dict[str, ItemPrefill] = {}

    # 1.1 宣贯培训
    out["1.1"] = ItemPrefill(
        [_fig("期间宣贯培训活动", own.activities, "次"), _fig("其中面向企业", own.activities_enterprises, "次"),
         _fig("其中面向执法人员", own.activities_law, "次"), _fig("参加人次", own.attendance, "人次")],
        own.activities > 0,
        f"期间登记宣贯培训活动 {own.activities} 次" if own.activities else "期间未登记宣贯培训活动")
    # 1.2 工作专班
    ok = own.work_group is not None and own.liaison is not None
    out["1.2"] = ItemPrefill(
        [_fig("工作专班", f"已组建（{own.work_group}）" if own.work_group else "未登记"),
         _fig("专班成员", own.work_group_members, "人"), _fig("联络员", own.liaison or "未指定")],
        ok, "已组建工作专班并指定联络员" if ok else "工作专班或联络员未登记")
    # 2.1 使用平台
    down = _missing(figures, "registry", "inspection")
    used = [reg("units_total"), reg("units_archived_in_period"), reg("units_updated_in_period"), ins("inspections_in_period")]
    out["2.1"] = ItemPrefill(
        [_fig("在档主体", reg("units_total"), "户", "registry"), _fig("期间新建档", reg("units_archived_in_period"), "户", "registry"),
         _fig("期间更新档案", reg("units_updated_in_period"), "户", "registry"),
         _fig("期间录入检查", ins("inspections_in_period"), "次", "inspection")],
        None if down else bool(used[0]) and any(v for v in used[1:]),
        down or (f"辖区在档主体 {used[0]} 户，期间有建档、更新或检查记录" if used[0] and any(used[1:])
                 else "辖区无在档主体，或期间无任何建档、更新、检查记录"))
    # 2.2 动态更新
    down = _missing(figures, "registry")
    overdue, resp_overdue = reg("archives_overdue"), reg("responsible_overdue")
    out["2.2"] = ItemPrefill(
        [_fig("期间更新档案", reg("units_updated_in_period"), "户", "registry"),
         _fig("逾期未建档（超过5个工作日）", overdue, "户", "registry"),
         _fig("期间超期建档", reg("archives_late_in_period"), "户", "registry"),
         _fig("监管责任人变动逾期未更新", resp_overdue, "户", "registry")],
        None if down else not overdue and not resp_overdue,
        down or ("无逾期未建档、无逾期未更新监管责任人" if not overdue and not resp_overdue
                 else f"逾期未建档 {overdue or 0} 户，监管责任人逾期未更新 {resp_overdue or 0} 户"))
    # 2.3 逐级归集汇总: the half-month reports of prefecture-level bureaus
    if own.level == "prefecture":
        out["2.3"] = ItemPrefill(
            [_fig("应报半月进展报告", own.reports_expected, "期"), _fig("已报", own.reports_submitted, "期"),
             _fig("按时报送", own.reports_on_time, "期")],
            None if own.reports_expected == 0 else own.reports_submitted >= own.reports_expected,
            "期间无到期的半月进展报告" if own.reports_expected == 0 else
            f"应报 {own.reports_expected} 期，已报 {own.reports_submitted} 期，按时 {own.reports_on_time} 期")
    else:
        out["2.3"] = ItemPrefill([], None, "县区局、市场监管所不报送半月进展报告，本项由督查人员据实判断")
    # 3.1 本层级主体清单
    down = _missing(figures, "grading")
    grade = grd("level_grade") or LEVEL_GRADE.get(own.level)
    level_units = grd("level_units")
    out["3.1"] = ItemPrefill(
        [_fig("本层级对应等级", f"{grade}级" if grade else None, "", "grading"),
         _fig("本层级主体清单", level_units, "户", "grading"), _fig("已分级主体", grd("graded_units"), "户", "grading"),
         _fig("信息不全未分级", grd("ungraded_units"), "户", "grading")],
        None if down or not level_units else True,
        down or (f"本层级（{grade}级）主体清单共 {level_units} 户" if level_units
                 else f"辖区内无{grade}级主体，清单为空，由督查人员据实判断"))
    # 3.2 按清单落实监管责任
    with_resp, hr_overdue = grd("level_units_with_responsible"), grd("high_risk_visit_overdue")
    out["3.2"] = ItemPrefill(
        [_fig("已明确监管责任人", with_resp, "户", "grading"), _fig("本层级主体", level_units, "户", "grading"),
         _fig("责任人覆盖率", _pct(with_resp, level_units), "", "grading"),
         _fig("高风险主体（很可能发生重大风险）", grd("high_risk_units"), "户", "grading"),
         _fig("半年现场检查逾期", hr_overdue, "户", "grading")],
        None if down or not level_units else with_resp == level_units and not hr_overdue,
        down or ("本层级无主体" if not level_units else
                 f"责任人覆盖 {_pct(with_resp, level_units)}，高风险主体半年检查逾期 {hr_overdue or 0} 户"))
    # 4.1 监管任务清单落实
    down = _missing(figures, "inspection")
    n_insp = ins("inspections_in_period")
    out["4.1"] = ItemPrefill(
        [_fig("期间填报监管任务清单（检查）", n_insp, "份", "inspection"),
         _fig("涉及主体", ins("units_inspected_in_period"), "户", "inspection"),
         _fig("辖区主体", ins("units_known"), "户", "inspection"),
         _fig("期间下达整改", ins("rectifications_issued_in_period"), "份", "inspection"),
         _fig("整改逾期未完成", ins("rectifications_overdue"), "份", "inspection")],
        None if down else bool(n_insp),
        down or (f"期间填报监管任务清单 {n_insp} 份" if n_insp else "期间未填报监管任务清单"))
    # 4.2 关键风险点
    with_risk = ins("inspections_with_risk_points")
    out["4.2"] = ItemPrefill(
        [_fig("填写关键风险点的清单", with_risk, "份", "inspection"), _fig("期间清单", n_insp, "份", "inspection"),
         _fig("建立风险管控清单的主体", ins("units_with_risk_list"), "户", "inspection")],
        None if down or not n_insp else with_risk == n_insp,
        down or ("期间无监管任务清单" if not n_insp else f"{with_risk}/{n_insp} 份清单填写了关键风险点和风险管控事项"))
    # 4.3 随机考核并公布结果
    published = ins("assessments_published_in_period")
    out["4.3"] = ItemPrefill(
        [_fig("期间组织考核", ins("assessments_in_period"), "次", "inspection"),
         _fig("已公布结果", published, "次", "inspection"), _fig("参加考核", ins("assessment_people"), "人", "inspection"),
         _fig("考核合格", ins("assessment_people_passed"), "人", "inspection")],
        None if down else bool(published),
        down or (f"期间公布考核结果 {published} 次" if published else "期间无已公布结果的监督抽查考核"))
    # 5.1 按计划开展督查
    if own.subordinates == 0:
        out["5.1"] = ItemPrefill([], None, "无下级市场监管部门，本项不适用，由督查人员据实填写")
    else:
        out["5.1"] = ItemPrefill(
            [_fig("直属下级单位", own.subordinates, "个"), _fig("期间完成督查", own.audits_done, "次"),
             _fig("已督查下级单位", own.subordinates_audited, "个")],
            own.audits_done > 0,
            f"期间对下级完成督查 {own.audits_done} 次" if own.audits_done else "期间未对下级开展督查")
    # 5.2 督查数据归集
    total, delivered, pending, dead = _pushes(own.audit_pushes)
    out["5.2"] = ItemPrefill(
        [_fig("督查记录归集", total, "条"), _fig("已归集", delivered, "条"), _fig("待归集", pending, "条"),
         _fig("归集失败", dead, "条")],
        None if total == 0 else dead == 0,
        "期间无督查记录需归集" if total == 0 else
        f"{delivered}/{total} 条督查记录已归集到监管督查信息化平台，待归集 {pending} 条，失败 {dead} 条")
    # 6.1 督促指导建立制度: data can only hint
    down = _missing(figures, "inspection", "registry")
    out["6.1"] = ItemPrefill(
        [_fig("建立风险管控清单的主体", ins("units_with_risk_list"), "户", "inspection"),
         _fig("在档主体", reg("units_total"), "户", "registry")],
        None, down or "需查阅督促指导的资料判断；数据仅供参考")
    # 6.2 总监、安全员配备
    down = _missing(figures, "registry")
    req, dirs, offs = reg("director_required"), reg("director_covered"), reg("officer_covered")
    out["6.2"] = ItemPrefill(
        [_fig("应配备质量安全总监的主体", req, "户", "registry"), _fig("已配备总监", dirs, "户", "registry"),
         _fig("已配备安全员", offs, "户", "registry"), _fig("总监配备率", _pct(dirs, req), "", "registry")],
        None if down or not req else dirs == req and offs == req,
        down or ("辖区无应配备质量安全总监的主体" if not req else
                 f"总监配备 {dirs}/{req}，安全员配备 {offs}/{req}"))
    # 7.1 数据归集
    total, delivered, pending, dead = _pushes(own.all_pushes)
    out["7.1"] = ItemPrefill(
        [_fig("应归集记录", total, "条"), _fig("已归集", delivered, "条"), _fig("待归集", pending, "条"),
         _fig("归集失败", dead, "条")],
        None if total == 0 else dead == 0,
        "期间无需归集的记录" if total == 0 else f"{delivered}/{total} 条已归集，失败 {dead} 条")
    # 7.2 平台工作任务: no data
    out["7.2"] = ItemPrefill([], None, "由督查人员据实判断")
    # 7.3 督查计划
    if own.subordinates == 0:
        out["7.3"] = ItemPrefill([], None, "无下级市场监管部门，本项不适用，由督查人员据实填写")
    else:
        out["7.3"] = ItemPrefill(
            [_fig("直属下级单位", own.subordinates, "个"), _fig("期间已督查", own.subordinates_audited, "个")],
            own.subordinates_audited >= own.subordinates,
            f"期间督查覆盖下级 {own.subordinates_audited}/{own.subordinates} 个")
    return out


SOURCE_LABELS = {**SOURCES, "audit": "督查服务"}
