"""Page/size parameters and the list envelope {items, total, page, size}."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")

MAX_PAGE_SIZE = 200


class PageParams(BaseModel):
    page: int = 1
    size: int = 20

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


def _page_params(
    page: Annotated[int, Query(ge=1, le=100_000, description="页码，从 1 开始")] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="每页条数，最多 200")] = 20,
) -> PageParams:
    return PageParams(page=page, size=size)


PageDep = Annotated[PageParams, Depends(_page_params)]


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    size: int
    total_capped: bool = False  # true: there are at least `total` rows (counting stopped there)


async def paginate(
    session: AsyncSession, stmt: Select[Any], params: PageParams, *, count_cap: int | None = None,
    rows: bool = True,
) -> tuple[list[Any], int]:
    """Run `stmt` for one page and count the whole result in SQL (up to `count_cap` rows)."""
    counted = stmt.order_by(None)
    if count_cap is not None:
        counted = counted.limit(count_cap)
    total = await session.scalar(select(func.count()).select_from(counted.subquery()))
    if not rows:
        return [], int(total or 0)
    page_rows = (await session.execute(stmt.limit(params.size).offset(params.offset))).all()
    return list(page_rows), int(total or 0)
