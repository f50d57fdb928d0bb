"""The full recompute, set-based: every unit's grade, size class, level, supervising unit,
escalation and category in one UPDATE that writes only the rows whose result changed.

The statement is generated from the unit types and the rule sets in effect, and implements
exactly grading.units.evaluate (a test compares the two on every boundary of the table). Rows
that changed get a history row and go out in `grades.recomputed` events of up to 1,000 units.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from grading.labels import LEVEL_LABELS, SIZE_LABELS, UNIT_TYPE_LABELS, UNIT_TYPES
from grading.units.evaluate import (
    ESCALATE_MAJOR_RISKS,
    ROUTINE_BASIS,
    SPECIAL_MAJOR_RISKS,
    ActiveRules,
    window_start,
)
from grading.units.service import DERIVED, TRACKED

EVENT_CHUNK = 1000
SHORT = {"production": "p", "wholesale": "w", "retail": "r"}


def _lit(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _pivot(rules: ActiveRules) -> str:
    cols = []
    for prefix, rs, ranks in (("g", rules.grade, 3), ("s", rules.size, 3), ("l", rules.large_or_medium, 1)):
        for t in UNIT_TYPES:
            for rank in range(1, ranks + 1):
                for var, col in (("x", "x_min"), ("y", "y_min")):
                    cols.append(f"max({col}) FILTER (WHERE rule_set_id = {int(rs.id)} AND unit_type = {_lit(t)} "
                                f"AND rank = {rank})::numeric AS {prefix}_{SHORT[t]}_{var}{rank}")
    return "SELECT " + ",\n  ".join(cols) + "\nFROM rule_bound"


def _tiers() -> str:
    out = []
    for t in UNIT_TYPES:
        k = SHORT[t]
        has = f"({_lit(t)} = ANY(u2.unit_types))"
        out.append(f"{has} AS has_{k}")
        out.append(f"CASE WHEN {has} THEN qsrp_tier(u2.employees, p.g_{k}_x1, p.g_{k}_x2, p.g_{k}_x3) END AS gx_{k}")
        out.append(f"CASE WHEN {has} THEN qsrp_tier(u2.revenue_wan, p.g_{k}_y1, p.g_{k}_y2, p.g_{k}_y3) END AS gy_{k}")
        both = " ".join(f"WHEN u2.employees >= p.s_{k}_x{i} AND u2.revenue_wan >= p.s_{k}_y{i} THEN {i - 1}"
                        for i in (1, 2, 3))
        out.append(
            f"CASE WHEN NOT {has} THEN NULL "
            f"WHEN u2.employees IS NOT NULL AND u2.revenue_wan IS NOT NULL THEN CASE {both} ELSE 3 END "
            f"WHEN (u2.employees IS NOT NULL AND u2.employees < p.s_{k}_x3) "
            f"OR (u2.revenue_wan IS NOT NULL AND u2.revenue_wan < p.s_{k}_y3) THEN 3 END AS sz_{k}")
        out.append(f"({has} AND (u2.employees >= p.l_{k}_x1 OR u2.revenue_wan >= p.l_{k}_y1)) AS lm_{k}")
        for var in ("x", "y"):
            for i in (1, 2, 3):
                out.append(f"p.g_{k}_{var}{i}")
    return ",\n    ".join(out)


def _grade_part(t: str) -> str:
    k = SHORT[t]
    xr = f"qsrp_range(gx_{k}, g_{k}_x1, g_{k}_x2, g_{k}_x3, 'X')"
    yr = f"qsrp_range(gy_{k}, g_{k}_y1, g_{k}_y2, g_{k}_y3, 'Y')"
    return (f"CASE WHEN has_{k} THEN {_lit(UNIT_TYPE_LABELS[t])} || "
            f"CASE WHEN employees IS NULL THEN '从业人员未填报' ELSE '从业人员' || employees || '人（' || {xr} || '）属' "
            f"|| (ARRAY['A','B','C','D'])[gx_{k} + 1] || '级' END || '、' || "
            f"CASE WHEN revenue_wan IS NULL THEN '营业收入未填报' ELSE '营业收入' || qsrp_fmt(revenue_wan) || '万元（' "
            f"|| {yr} || '）属' || (ARRAY['A','B','C','D'])[gy_{k} + 1] || '级' END END")


def _size_part(t: str) -> str:
    k = SHORT[t]
    labels = ",".join(_lit(SIZE_LABELS[s]) for s in ("large", "medium", "small", "micro"))
    return (f"CASE WHEN has_{k} THEN {_lit(UNIT_TYPE_LABELS[t])} || CASE WHEN sz_{k} IS NULL THEN '指标不全，无法判定' "
            f"ELSE '为' || (ARRAY[{labels}])[sz_{k} + 1] END END")


def build_statement(rules: ActiveRules, *, restricted: bool) -> str:
    types = list(UNIT_TYPES)
    ks = [SHORT[t] for t in types]
    level_of = "CASE {g} WHEN 'A' THEN 'region' WHEN 'B' THEN 'prefecture' WHEN 'C' THEN 'county' WHEN 'D' THEN 'station' END"
    level_label = " ".join(f"WHEN {_lit(g)} THEN {_lit(LEVEL_LABELS[lv])}"
                           for g, lv in (("A", "region"), ("B", "prefecture"), ("C", "county"), ("D", "station")))
    gcode, scode = _lit(rules.grade.code), _lit(rules.size.code)
    where = "WHERE u2.enterprise_id = ANY(:ids)" if restricted else ""
    return f"""
WITH p AS ({_pivot(rules)}),
t AS (
  SELECT u2.enterprise_id, u2.unit_types, u2.employees, u2.revenue_wan, u2.org_path, u2.grade_override,
    u2.escalation_override, u2.escalation_reason AS old_escalation_reason, u2.major_risks, u2.larger_risks,
    u2.accident, u2.credit_risk_class, u2.category_override,
    {", ".join(f"u2.{c} AS old_{c}" for c in TRACKED)}, u2.rule_set_code AS old_rule_set_code,
    {_tiers()}
  FROM unit u2 CROSS JOIN p {where}
),
g AS (
  SELECT t.*,
    least({", ".join(f"gx_{k}, gy_{k}" for k in ks)}) AS gix,
    least({", ".join(f"sz_{k}" for k in ks)}) AS six,
    ({" OR ".join(f"(has_{k} AND sz_{k} IS NULL)" for k in ks)}) AS size_unknown,
    NOT ({" OR ".join(f"has_{k}" for k in ks)}) AS no_types,
    coalesce({" OR ".join(f"lm_{k}" for k in ks)}, false) AS lom
  FROM t
),
c AS (
  SELECT g.*,
    CASE WHEN no_types OR gix IS NULL THEN NULL ELSE (ARRAY['A','B','C','D'])[gix + 1] END AS cgrade,
    CASE WHEN no_types THEN 'types' WHEN employees IS NULL AND revenue_wan IS NULL THEN 'both'
         WHEN employees IS NULL THEN 'employees' WHEN revenue_wan IS NULL THEN 'revenue' END AS miss,
    (accident OR major_risks >= {ESCALATE_MAJOR_RISKS}) AS auto,
    concat_ws('；', CASE WHEN major_risks >= {SPECIAL_MAJOR_RISKS} THEN '近2年内发现重大质量安全风险' || major_risks || '次' END,
                   CASE WHEN credit_risk_class = 'high' THEN '信用风险分类为高' END) AS sp,
    concat_ws('；', CASE WHEN major_risks + larger_risks >= 1
                        THEN '近2年内发现较大及以上质量安全风险' || (major_risks + larger_risks) || '次' END,
                   CASE WHEN credit_risk_class = 'higher' THEN '信用风险分类为较高' END) AS ky
  FROM g
),
d AS (
  SELECT c.*, coalesce(grade_override, cgrade) AS ngrade,
    {level_of.format(g="coalesce(grade_override, cgrade)")} AS nbase,
    (escalation_override IS NOT DISTINCT FROM 'up' OR (escalation_override IS NULL AND auto)) AS up
  FROM c
),
e AS (
  SELECT d.*, (nbase IS NOT NULL AND up) AS nescalated,
    (nbase IS NOT NULL AND (escalation_override IS NOT DISTINCT FROM 'listed' OR (up AND nbase = 'region'))) AS nlisted,
    CASE WHEN nbase IS NOT NULL AND up THEN
      CASE nbase WHEN 'station' THEN 'county' WHEN 'county' THEN 'prefecture' ELSE 'region' END
    ELSE nbase END AS nlevel
  FROM d
),
n AS (
  SELECT e.enterprise_id,
    {", ".join(f"old_{c}" for c in TRACKED)}, old_rule_set_code,
    cgrade AS computed_grade, ngrade AS grade, {gcode}::text AS rule_set_code,
    CASE WHEN no_types THEN '依据' || {gcode} || '：未填报主体类型，无法分级，请补全档案。'
         WHEN employees IS NULL AND revenue_wan IS NULL THEN '依据' || {gcode} || '：从业人员和营业收入均未填报，无法分级，请补全档案。'
         ELSE '依据' || {gcode} || '：' || concat_ws('；', {", ".join(_grade_part(t) for t in types)})
              || '。按较高等级定为' || cgrade || '级，对应' || CASE cgrade {level_label} END || '监管'
              || CASE WHEN employees IS NULL THEN '；从业人员未填报，仅按营业收入分级'
                      WHEN revenue_wan IS NULL THEN '；营业收入未填报，仅按从业人员分级' ELSE '' END || '。'
    END AS basis,
    miss AS missing, coalesce(miss IN ('both', 'types'), false) AS needs_completion,
    CASE WHEN six IS NULL OR (size_unknown AND six <> 0) THEN NULL
         ELSE (ARRAY['large','medium','small','micro'])[six + 1] END AS statistical_size,
    '依据' || {scode} || '（大、中、小型须同时满足从业人员和营业收入下限）：'
      || concat_ws('；', {", ".join(_size_part(t) for t in types)}) || '。' AS statistical_basis,
    {scode}::text AS statistical_rule_set, lom AS large_or_medium,
    {_lit(rules.large_or_medium.code)}::text AS large_or_medium_rule_set,
    nbase AS base_level, nlevel AS level,
    reverse(split_part(reverse(sup), '/', 1)) AS supervising_org_code, sup AS supervising_org_path,
    auto AS auto_escalation, nescalated AS escalated, nlisted AS listed,
    CASE WHEN escalation_override IS NOT NULL THEN old_escalation_reason
         ELSE nullif(concat_ws('；', CASE WHEN accident THEN '近2年内发生较大以上质量安全事故' END,
                                   CASE WHEN major_risks >= {ESCALATE_MAJOR_RISKS}
                                        THEN '近2年内' || major_risks || '次发现重大质量安全风险隐患' END), '')
    END AS escalation_reason,
    ccat AS computed_category, coalesce(category_override, ccat) AS category,
    CASE WHEN sp <> '' THEN '特别监管：' || sp WHEN ky <> '' THEN '重点监管：' || ky ELSE {_lit(ROUTINE_BASIS)} END
      AS category_basis
  FROM (
    SELECT e.*,
      CASE WHEN nlevel IS NULL THEN org_path ELSE array_to_string((string_to_array(org_path, '/'))[1:
        CASE nlevel WHEN 'region' THEN 1 WHEN 'prefecture' THEN 2 WHEN 'county' THEN 3 ELSE 4 END], '/') END AS sup,
      CASE WHEN sp <> '' THEN 'special' WHEN ky <> '' THEN 'key' ELSE 'routine' END AS ccat
    FROM e
  ) e
),
upd AS (
  UPDATE unit u SET {", ".join(f"{c} = n.{c}" for c in DERIVED)}, graded_at = now(), updated_at = now()
  FROM n
  WHERE u.enterprise_id = n.enterprise_id
    AND ({", ".join(f"u.{c}" for c in DERIVED)}) IS DISTINCT FROM ({", ".join(f"n.{c}" for c in DERIVED)})
  RETURNING u.enterprise_id, u.credit_code, u.name, u.org_path, u.unit_types, u.employees, u.revenue_wan,
    u.rule_set_code, u.basis, u.category_basis, u.escalated,
    {", ".join(f"u.{c}" for c in TRACKED)}, {", ".join(f"n.old_{c}" for c in TRACKED)}, n.old_rule_set_code
),
moved AS (
  SELECT * FROM upd
  WHERE ({", ".join(f"{c}" for c in TRACKED)}) IS DISTINCT FROM ({", ".join(f"old_{c}" for c in TRACKED)})
     OR old_rule_set_code IS NULL
),
hist AS (
  INSERT INTO grade_history (enterprise_id, occurred_at, source, grade_before, grade_after, level_before, level_after,
    supervising_before, supervising_after, category_before, category_after, listed_after, rule_set_code, inputs,
    basis, category_basis, reason, actor)
  SELECT enterprise_id, now(), 'recompute', old_grade, grade, old_level, level, old_supervising_org_code,
    supervising_org_code, old_category, category, listed, rule_set_code,
    jsonb_build_object('unit_types', to_jsonb(unit_types), 'employees', employees,
                       'revenue_wan', qsrp_fmt(revenue_wan)),
    basis, category_basis, CAST(:reason AS text), CAST(:actor AS text)
  FROM moved
  RETURNING 1
),
ev AS (
  INSERT INTO outbox_event (id, topic, payload, org_path, created_at, request_id, fanned_out)
  SELECT gen_random_uuid(), 'grades.recomputed', jsonb_build_object('as_of', CAST(:as_of_text AS text), 'items', jsonb_agg(item)),
    NULL, now(), CAST(:request_id AS text), false
  FROM (
    SELECT (row_number() OVER () - 1) / {EVENT_CHUNK} AS chunk,
      jsonb_build_object('enterprise_id', enterprise_id, 'credit_code', credit_code, 'org_path', org_path,
        'grade', grade, 'grade_before', old_grade, 'level', level, 'supervising_org_code', supervising_org_code,
        'escalated', escalated, 'listed', listed, 'category', category, 'category_before', old_category) AS item
    FROM moved
  ) x GROUP BY chunk
  RETURNING 1
)
SELECT (SELECT count(*) FROM upd) AS changed, (SELECT count(*) FROM moved) AS moved,
       (SELECT count(*) FROM ev) AS events
"""


async def refresh_risk_counts(session: AsyncSession, *, today: dt.date, ids: list[uuid.UUID] | None = None) -> int:
    """Risk figures over the window for every unit whose figures differ from the stored ones."""
    restrict = "AND u.enterprise_id = ANY(:ids)" if ids is not None else ""
    stmt = text(f"""
        WITH r AS (
          SELECT enterprise_id, count(*) FILTER (WHERE severity = 'major') AS major,
                 count(*) FILTER (WHERE severity = 'larger') AS larger,
                 coalesce(bool_or(source = 'accident' AND severity IN ('larger', 'major')), false) AS accident
          FROM risk_event WHERE NOT withdrawn AND found_on > :since AND found_on <= :today GROUP BY enterprise_id
        )
        UPDATE unit u SET major_risks = coalesce(r.major, 0), larger_risks = coalesce(r.larger, 0),
                          accident = coalesce(r.accident, false)
        FROM unit u0 LEFT JOIN r ON r.enterprise_id = u0.enterprise_id
        WHERE u.enterprise_id = u0.enterprise_id
          AND (u0.major_risks > 0 OR u0.larger_risks > 0 OR u0.accident OR r.enterprise_id IS NOT NULL) {restrict}
          AND (u.major_risks, u.larger_risks, u.accident)
              IS DISTINCT FROM (coalesce(r.major, 0), coalesce(r.larger, 0), coalesce(r.accident, false))
    """)
    params: dict[str, Any] = {"since": window_start(today), "today": today}
    if ids is not None:
        params["ids"] = ids
    result = await session.execute(stmt, params)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def recompute(
    session: AsyncSession, rules: ActiveRules, *, today: dt.date, ids: list[uuid.UUID] | None = None,
    actor: str | None = None, reason: str | None = None, request_id: str | None = None,
) -> dict[str, int]:
    """Recompute all units (or `ids`) as of `today`, in the caller's transaction."""
    await refresh_risk_counts(session, today=today, ids=ids)
    params: dict[str, Any] = {"reason": reason, "actor": actor, "as_of_text": today.isoformat(),
                              "request_id": request_id}
    if ids is not None:
        params["ids"] = ids
    row = (await session.execute(text(build_statement(rules, restricted=ids is not None)), params)).one()
    return {"changed": int(row.changed), "moved": int(row.moved), "events": int(row.events)}
