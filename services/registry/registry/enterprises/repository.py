"""Queries of the archive: the filtered, scoped list and single rows."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, bindparam, cast, func, literal, select
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.ext.asyncio import AsyncSession

from registry.models import Enterprise, EnterpriseCount, EnterpriseProduct, ResponsiblePerson
from servicekit.auth import Principal, jurisdiction_filter
from servicekit.errors import InvalidInput

SORTABLE = {
    "name": Enterprise.name, "credit_code": Enterprise.credit_code, "created_at": Enterprise.created_at,
    "updated_at": Enterprise.updated_at, "registered_on": Enterprise.registered_on,
    "employees": Enterprise.employees, "revenue_wan": Enterprise.revenue_wan,
}
_CODE_PREFIX = re.compile(r"^[0-9A-HJ-NP-RTUW-Y]{4,18}$")

LIST_COLUMNS = (
    Enterprise.id, Enterprise.credit_code, Enterprise.credit_code_check_ok, Enterprise.name, Enterprise.unit_types,
    Enterprise.is_individual, Enterprise.division_code, Enterprise.station_code, Enterprise.org_path,
    Enterprise.status, Enterprise.key_tags, Enterprise.employees, Enterprise.revenue_wan, Enterprise.grade,
    Enterprise.archive_status, Enterprise.archive_deadline, Enterprise.director_required,
    Enterprise.director_count, Enterprise.officer_count,
)


@dataclass
class EnterpriseFilters:
    q: str | None = None
    division_code: str | None = None
    station_code: str | None = None
    unit_type: str | None = None
    tag: str | None = None
    status: str | None = None
    grade: str | None = None
    overdue: bool | None = None
    director_missing: bool | None = None
    sort: str | None = None  # None: newest first, or by match order when searching


def search_predicate(q: str, principal: Principal | None = None) -> Any:
    """Credit-code prefix, or every character bigram of the name (GIN), rechecked as a substring.

    Below the region, the caller's unit code is ANDed into the GIN query as the lexeme
    '@<code>', so units outside the jurisdiction are excluded inside the index.
    """
    term = q.strip()
    upper = term.upper()
    if _CODE_PREFIX.match(upper) and any(ch.isdigit() for ch in upper):
        return Enterprise.credit_code.like(upper + "%")
    compact = re.sub(r"\s+", "", term)
    if len(compact) < 2:
        raise InvalidInput("请至少输入两个字进行搜索", code="SEARCH_TOO_SHORT")
    query: Any = func.qsrp_bigram_query(compact)
    if principal is not None and not principal.is_service and principal.org_path and "/" in principal.org_path:
        own = principal.org_path.rsplit("/", 1)[-1]
        query = query.op("&&")(cast(literal(f"'@{own}'"), TSQUERY))
    return and_(
        Enterprise.search_vector.op("@@")(query),
        func.strpos(func.replace(Enterprise.name, " ", ""), compact) > 0,
    )


NOT_NULL_SORTS = {"name", "credit_code", "created_at", "updated_at"}


def scoped_list(principal: Principal, f: EnterpriseFilters, *, today: dt.date) -> Select[Any]:
    if f.q:
        # Searching: the GIN index alone narrows the rows; an org_path bitmap would cost more than
        # it saves, so the jurisdiction is checked on the candidates instead (same predicate).
        stmt = select(*LIST_COLUMNS).where(jurisdiction_filter(Enterprise.org_path.concat(""), principal))
        stmt = stmt.where(search_predicate(f.q, principal))
    else:
        stmt = select(*LIST_COLUMNS).where(jurisdiction_filter(Enterprise.org_path, principal))
    if f.division_code:
        stmt = stmt.where(Enterprise.division_code == f.division_code)
    if f.station_code:
        stmt = stmt.where(Enterprise.station_code == f.station_code)
    if f.unit_type:
        stmt = stmt.where(Enterprise.unit_types.contains([f.unit_type]))
    if f.tag:
        stmt = stmt.where(Enterprise.key_tags.contains([f.tag]))
    if f.status:
        stmt = stmt.where(Enterprise.status == f.status)
    if f.grade:
        stmt = stmt.where(Enterprise.grade == f.grade)
    if f.overdue is True:
        stmt = stmt.where(Enterprise.archive_status == "pending", Enterprise.archive_deadline < today)
    if f.director_missing is True:
        stmt = stmt.where(Enterprise.director_required.is_(True), Enterprise.director_count == 0)
    sort = f.sort or (None if f.q else "-created_at")
    if sort is None:
        return stmt  # search results in match order: the scan stops after one page
    desc = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTABLE:
        raise InvalidInput(f"不支持的排序字段：{key}", code="SORT_NOT_ALLOWED")
    col = SORTABLE[key]
    if key in NOT_NULL_SORTS:  # plain DESC/ASC matches the btree index, so the newest page is a short scan
        ordered = col.desc() if desc else col.asc()
    else:
        ordered = col.desc().nulls_last() if desc else col.asc().nulls_last()
    return stmt.order_by(ordered, Enterprise.id.desc() if desc else Enterprise.id.asc())


async def count_by_place(session: AsyncSession, principal: Principal, f: EnterpriseFilters, ctx: Any) -> int:
    """Exact total from the trigger-kept counts, for lists filtered by place only."""
    path = principal.org_path or ""
    if principal.is_service:
        path = ""
    for code in (f.station_code, f.division_code):
        if code:
            node = await ctx.directory.get(code)
            if node is None:
                return 0
            if principal.is_service or principal.covers(node.path):
                path = node.path
            elif not (principal.org_path and node.path and principal.org_path.startswith(node.path + "/")):
                return 0
            break
    return int(await session.scalar(_COUNT_UNDER, {"path": path, "like": path + "/%"}) or 0)


# Built once: this runs on every list page.
_COUNT_UNDER = (
    select(func.coalesce(func.sum(EnterpriseCount.n), 0))
    .where((EnterpriseCount.org_path == bindparam("path")) | EnterpriseCount.org_path.like(bindparam("like"))
           | (bindparam("path") == ""))
)


async def get_for_update(session: AsyncSession, enterprise_id: uuid.UUID) -> Enterprise | None:
    return await session.scalar(select(Enterprise).where(Enterprise.id == enterprise_id).with_for_update())


async def get(session: AsyncSession, enterprise_id: uuid.UUID) -> Enterprise | None:
    return await session.get(Enterprise, enterprise_id)


async def by_credit_code(session: AsyncSession, code: str) -> Enterprise | None:
    return await session.scalar(select(Enterprise).where(Enterprise.credit_code == code))


async def products(session: AsyncSession, enterprise_id: uuid.UUID) -> list[EnterpriseProduct]:
    rows = await session.scalars(
        select(EnterpriseProduct).where(EnterpriseProduct.enterprise_id == enterprise_id)
        .order_by(EnterpriseProduct.created_at)
    )
    return list(rows.all())


async def current_responsible(session: AsyncSession, enterprise_id: uuid.UUID) -> ResponsiblePerson | None:
    return await session.scalar(
        select(ResponsiblePerson)
        .where(ResponsiblePerson.enterprise_id == enterprise_id, ResponsiblePerson.ended_on.is_(None))
        .order_by(ResponsiblePerson.effective_on.desc())
        .limit(1)
    )
