"""Reading rule sets: the one in effect on a day for each kind, cached until a new one is added."""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from grading.models import RuleBound, RuleSet
from grading.rules.engine import Bound, RuleSetData
from grading.units.evaluate import ActiveRules
from servicekit.errors import AppError

TTL_SECONDS = 60.0  # other replicas see a newly added rule set within a minute
_cache: dict[dt.date, tuple[float, ActiveRules]] = {}


def invalidate() -> None:
    _cache.clear()


async def load_rule_set(session: AsyncSession, rs: RuleSet) -> RuleSetData:
    rows = (await session.scalars(select(RuleBound).where(RuleBound.rule_set_id == rs.id)
                                  .order_by(RuleBound.unit_type, RuleBound.rank))).all()
    bounds: dict[str, list[Bound]] = defaultdict(list)
    for b in rows:
        bounds[b.unit_type].append(Bound(b.x_min, b.y_min))
    return RuleSetData(id=rs.id, code=rs.code, kind=rs.kind, title=rs.title, effective_from=rs.effective_from,
                       bounds={t: tuple(v) for t, v in bounds.items()})


async def in_effect(session: AsyncSession, kind: str, on: dt.date) -> RuleSet:
    """The latest rule set of `kind` in effect on `on`; the earliest one for days before any."""
    rs = await session.scalar(select(RuleSet).where(RuleSet.kind == kind, RuleSet.effective_from <= on)
                              .order_by(RuleSet.effective_from.desc(), RuleSet.id.desc()).limit(1))
    if rs is None:
        rs = await session.scalar(select(RuleSet).where(RuleSet.kind == kind)
                                  .order_by(RuleSet.effective_from, RuleSet.id).limit(1))
    if rs is None:
        raise AppError(f"缺少“{kind}”类分级规则，请先导入规则集", code="RULE_SET_MISSING", status_code=500)
    return rs


async def active_rules(session: AsyncSession, on: dt.date) -> ActiveRules:
    cached = _cache.get(on)
    if cached is not None and time.monotonic() - cached[0] < TTL_SECONDS:
        return cached[1]
    rules = ActiveRules(
        grade=await load_rule_set(session, await in_effect(session, "grade", on)),
        size=await load_rule_set(session, await in_effect(session, "statistical_size", on)),
        large_or_medium=await load_rule_set(session, await in_effect(session, "large_or_medium", on)),
    )
    if len(_cache) > 32:
        _cache.clear()
    _cache[on] = (time.monotonic(), rules)
    return rules


_by_code: dict[tuple[str, str], RuleSetData] = {}


async def by_code(session: AsyncSession, kind: str, code: str | None) -> RuleSetData | None:
    """A rule set by its code (rule sets never change once published, so this is cached for good)."""
    if code is None:
        return None
    key = (kind, code)
    if key not in _by_code:
        rs = await session.scalar(select(RuleSet).where(RuleSet.kind == kind, RuleSet.code == code))
        if rs is None:
            return None
        _by_code[key] = await load_rule_set(session, rs)
    return _by_code[key]


async def preload(session: AsyncSession) -> None:
    """Every rule set into the by-code cache (before streaming rows that need their texts)."""
    for rs in (await session.scalars(select(RuleSet))).all():
        if (rs.kind, rs.code) not in _by_code:
            _by_code[(rs.kind, rs.code)] = await load_rule_set(session, rs)
