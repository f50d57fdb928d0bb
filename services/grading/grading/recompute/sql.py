"""The full recompute, set-based: every unit's grade, size class, level, supervising unit,
escalation and category in one UPDATE that writes only the rows whose result changed. (The basis
texts are not computed here: they follow from the rule set and inputs and are rendered on read.)

The statement is generated from the unit types and the rule sets in effect, and implements
exactly grading.units.evaluate (a test compares the two on every boundary of the table). Rows
that changed get a history row and go out in `grades.recomputed` events of up to 1,000 units.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from grading.labels import UNIT_TYPES
from grading.models import DERIVED
from grading.units.evaluate import (
    ESCALATE_MAJOR_RISKS,
    SPECIAL_MAJOR_RISKS,
    ActiveRules,
    window_start,
)
from grading.units.service import TRACKED

EVENT_CHUNK = 1000
# what a `grades.recomputed` event carries per unit, as parallel arrays (docs/api/events.md)
EVENT_COLUMNS = {"enterprise_id": "enterprise_id", "org_path": "org_path", "grade": "grade", "grade_before": "old_grade",
                 "level": "level", "supervising_org_code": "supervising_org_code", "listed": "listed",
                 "category": "category", "category_before": "old_category"}
SHORT = {"production": "p", "wholesale": "w", "retail": "r"}


def _lit(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _num(v: object) -> str:
    """A bound as an SQL literal (rule bounds are ints and Decimals from our own tables)."""
    return format(Decimal(str(v)), "f")


def _tier(var: str, limits: list[str]) -> str:
    whens = " ".join(f"WHEN {var} >= {lim} THEN {i}" for i, lim in enumerate(limits))
    return f"CASE WHEN {var} IS NULL THEN NULL {whens} ELSE {len(limits)} END"


def _tiers(rules: ActiveRules) -> str:
    """Per unit type: whether the unit is of it, and its tier by each indicator, its size tier and
    the large-or-medium test, with the rule sets' bounds written in as constants."""
    out = []
    x, y = "u2.employees", "u2.revenue_wan"
    for t in UNIT_TYPES:
        k = SHORT[t]
        gx = [str(int(b.x_min)) for b in rules.grade.bounds[t]]
        gy = [_num(b.y_min) for b in rules.grade.bounds[t]]
        sb = [(str(int(b.x_min)), _num(b.y_min)) for b in rules.size.bounds[t]]
        lb = rules.large_or_medium.bounds[t][0]
        has = f"({_lit(t)} = ANY(u2.unit_types))"
        out.append(f"{has} AS has_{k}")
        out.append(f"CASE WHEN {has} THEN {_tier(x, gx)} END AS gx_{k}")
        out.append(f"CASE WHEN {has} THEN {_tier(y, gy)} END AS gy_{k}")
        both = " ".join(f"WHEN {x} >= {bx} AND {y} >= {by} THEN {i}" for i, (bx, by) in enumerate(sb))
        out.append(
            f"CASE WHEN NOT {has} THEN NULL "
            f"WHEN {x} IS NOT NULL AND {y} IS NOT NULL THEN CASE {both} ELSE {len(sb)} END "
            f"WHEN ({x} IS NOT NULL AND {x} < {sb[-1][0]}) OR ({y} IS NOT NULL AND {y} < {sb[-1][1]}) "
            f"THEN {len(sb)} END AS sz_{k}")
        out.append(f"({has} AND ({x} >= {int(lb.x_min)} OR {y} >= {_num(lb.y_min)})) AS lm_{k}")
    return ",\n    ".join(out)


def build_statement(rules: ActiveRules, *, scope: str = "all") -> str:
    """scope: "all" units or the "ids" given."""
    ks = [SHORT[t] for t in UNIT_TYPES]
    where = {"all": "", "ids": "WHERE u2.enterprise_id = ANY(:ids)"}[scope]
    olds = ", ".join(f"old_{c}" for c in TRACKED)
    # Tiers are integers (0 = A / 大型 … 3 = D / 微型); letters and names come last, once per row.
    # t and e are MATERIALIZED: otherwise PostgreSQL inlines each expression wherever it is used.
    return f"""
WITH t AS MATERIALIZED (
  SELECT u2.enterprise_id, u2.employees, u2.revenue_wan, u2.org_path, u2.grade_override, u2.escalation_override,
    u2.major_risks, u2.larger_risks, u2.accident, u2.credit_risk_class, u2.category_override,
    {", ".join(f"g2.{c} AS old_{c}" for c in TRACKED)}, (g2.enterprise_id IS NULL) AS fresh,
    {_tiers(rules)}
  FROM unit u2 LEFT JOIN unit_grade g2 ON g2.enterprise_id = u2.enterprise_id {where}
),
e AS MATERIALIZED (
  SELECT enterprise_id, org_path, category_override, fresh, {olds},
    CASE WHEN no_types THEN NULL ELSE gix END AS gix,
    CASE WHEN no_types THEN 'types' WHEN employees IS NULL AND revenue_wan IS NULL THEN 'both'
         WHEN employees IS NULL THEN 'employees' WHEN revenue_wan IS NULL THEN 'revenue' END AS miss,
    CASE WHEN six IS NULL OR (size_unknown AND six <> 0) THEN NULL ELSE six END AS six, lom, auto,
    bix, grade_override,
    (bix IS NOT NULL AND esc_up) AS nescalated,
    (bix IS NOT NULL AND (esc_listed OR (esc_up AND bix = 0))) AS nlisted,
    CASE WHEN bix IS NOT NULL AND esc_up THEN greatest(bix - 1, 0) ELSE bix END AS lix,
    CASE WHEN major_risks >= {SPECIAL_MAJOR_RISKS} OR credit_risk_class IS NOT DISTINCT FROM 'high' THEN 'special'
         WHEN major_risks + larger_risks >= 1 OR credit_risk_class IS NOT DISTINCT FROM 'higher' THEN 'key'
         ELSE 'routine' END AS ccat
  FROM (
    SELECT f.*,
      coalesce(ascii(grade_override) - 65, CASE WHEN no_types THEN NULL ELSE gix END) AS bix,
      (escalation_override IS NOT DISTINCT FROM 'up' OR (escalation_override IS NULL AND auto)) AS esc_up,
      (escalation_override IS NOT DISTINCT FROM 'listed') AS esc_listed
    FROM (
      SELECT t.*,
        least({", ".join(f"gx_{k}, gy_{k}" for k in ks)}) AS gix,
        least({", ".join(f"sz_{k}" for k in ks)}) AS six,
        ({" OR ".join(f"(has_{k} AND sz_{k} IS NULL)" for k in ks)}) AS size_unknown,
        NOT ({" OR ".join(f"has_{k}" for k in ks)}) AS no_types,
        coalesce({" OR ".join(f"lm_{k}" for k in ks)}, false) AS lom,
        (accident OR major_risks >= {ESCALATE_MAJOR_RISKS}) AS auto
      FROM t
    ) f
  ) x
),
n AS (
  SELECT enterprise_id, {olds}, fresh,
    chr(65 + gix) AS computed_grade, coalesce(grade_override, chr(65 + gix)) AS grade,
    {_lit(rules.grade.code)}::text AS rule_set_code,
    miss AS missing, coalesce(miss IN ('both', 'types'), false) AS needs_completion,
    (ARRAY['large','medium','small','micro'])[six + 1] AS statistical_size,
    {_lit(rules.size.code)}::text AS statistical_rule_set, lom AS large_or_medium,
    {_lit(rules.large_or_medium.code)}::text AS large_or_medium_rule_set,
    (ARRAY['region','prefecture','county','station'])[bix + 1] AS base_level,
    (ARRAY['region','prefecture','county','station'])[lix + 1] AS level,
    CASE WHEN lix IS NOT NULL AND split_part(org_path, '/', lix + 1) <> '' THEN split_part(org_path, '/', lix + 1)
         ELSE reverse(split_part(reverse(org_path), '/', 1)) END AS supervising_org_code,
    auto AS auto_escalation, nescalated AS escalated, nlisted AS listed,
    ccat AS computed_category, coalesce(category_override, ccat) AS category
  FROM e
),
upd AS (
  UPDATE unit_grade g SET {", ".join(f"{c} = n.{c}" for c in DERIVED)}, graded_at = now()
  FROM n
  WHERE g.enterprise_id = n.enterprise_id AND NOT n.fresh
    AND ({", ".join(f"g.{c}" for c in DERIVED)}) IS DISTINCT FROM ({", ".join(f"n.{c}" for c in DERIVED)})
  RETURNING g.enterprise_id, {", ".join(f"g.{c}" for c in TRACKED)}, {", ".join(f"n.old_{c}" for c in TRACKED)},
    g.rule_set_code, g.escalated
),
ins AS (
  INSERT INTO unit_grade (enterprise_id, {", ".join(DERIVED)}, graded_at)
  SELECT enterprise_id, {", ".join(DERIVED)}, now() FROM n WHERE n.fresh
  RETURNING enterprise_id, {", ".join(TRACKED)}, {", ".join(f"NULL::text AS old_{c}" if c != "listed" else "NULL::boolean AS old_listed" for c in TRACKED)},
    rule_set_code, escalated
),
moved AS (
  SELECT m.*, u.org_path, u.unit_types, u.employees, u.revenue_wan, u.major_risks, u.larger_risks, u.accident,
    u.credit_risk_class
  FROM (SELECT * FROM upd UNION ALL SELECT * FROM ins) m JOIN unit u ON u.enterprise_id = m.enterprise_id
  WHERE ({", ".join(f"m.{c}" for c in TRACKED)}) IS DISTINCT FROM ({", ".join(f"m.old_{c}" for c in TRACKED)})
),
hist AS (
  INSERT INTO grade_history (enterprise_id, occurred_at, source, grade_before, grade_after, level_before, level_after,
    supervising_before, supervising_after, category_before, category_after, listed_after, rule_set_code,
    unit_types, employees, revenue_wan, major_risks, larger_risks, accident, credit_risk_class, reason, actor)
  SELECT enterprise_id, now(), 'recompute', old_grade, grade, old_level, level, old_supervising_org_code,
    supervising_org_code, old_category, category, listed, rule_set_code,
    unit_types, employees, revenue_wan, major_risks, larger_risks, accident, credit_risk_class,
    CAST(:reason AS text), CAST(:actor AS text)
  FROM moved
  RETURNING 1
),
ev AS (
  -- columnar chunks: one array per field, so no JSON object is built per unit (the arrays line up:
  -- every aggregate of a group sees the same rows in the same order)
  INSERT INTO outbox_event (id, topic, payload, org_path, created_at, request_id, fanned_out)
  SELECT gen_random_uuid(), 'grades.recomputed', jsonb_build_object(
      'as_of', CAST(:as_of_text AS text), 'count', count(*),
      {", ".join(f"'{key}', jsonb_agg({col})" for key, col in EVENT_COLUMNS.items())}),
    NULL, now(), CAST(:request_id AS text), false
  FROM (SELECT m.*, row_number() OVER () AS n FROM moved m) x
  GROUP BY (n - 1) / {EVENT_CHUNK}
  RETURNING 1
)
SELECT (SELECT count(*) FROM upd) + (SELECT count(*) FROM ins) AS changed, (SELECT count(*) FROM moved) AS moved,
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
    scope = "all"
    if ids is not None:
        params["ids"], scope = ids, "ids"
    row = (await session.execute(text(build_statement(rules, scope=scope)), params)).one()
    return {"changed": int(row.changed), "moved": int(row.moved), "events": int(row.events)}
