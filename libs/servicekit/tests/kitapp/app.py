"""Routes that exercise sessions, errors, auth, jurisdiction, audit and the outbox."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, FastAPI
from pydantic import BaseModel, Field
from sqlalchemy import Integer, String, Text, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.app import create_service_app, make_router
from servicekit.audit import record_change
from servicekit.auth import REGULATOR_ROLES, Authenticator, Principal, jurisdiction_filter
from servicekit.db import Base, SessionDep, row_to_dict
from servicekit.errors import Conflict, NotFound
from servicekit.outbox import EventEnvelope, emit
from servicekit.pagination import Page, PageDep, paginate
from servicekit.settings import ServiceSettings


class Widget(Base):
    __tablename__ = "widget"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    org_path: Mapped[str] = mapped_column(Text)


class Handled(Base):
    __tablename__ = "handled"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(40))


class WidgetIn(BaseModel):
    name: str = Field(min_length=1, max_length=60)
    org_path: str = Field(min_length=6, max_length=80)


class WidgetOut(BaseModel):
    id: int
    name: str
    org_path: str


Officer = Annotated[Principal, Depends(Authenticator(roles=REGULATOR_ROLES))]
router = make_router(prefix="/v1/widgets")


@router.post("", response_model=WidgetOut, status_code=201)
async def create_widget(body: WidgetIn, session: SessionDep, principal: Officer) -> WidgetOut:
    principal.ensure_covers(body.org_path)
    widget = Widget(name=body.name, org_path=body.org_path)
    session.add(widget)
    await session.flush()
    await record_change(session, actor=principal, action="create", entity_type="widget", entity_id=widget.id,
                        after=row_to_dict(widget), org_path=widget.org_path)
    await emit(session, "widget.created", {"id": widget.id}, org_path=widget.org_path)
    return WidgetOut(id=widget.id, name=widget.name, org_path=widget.org_path)


@router.post("/then-fail", status_code=201)
async def create_then_fail(body: WidgetIn, session: SessionDep, principal: Officer) -> dict[str, Any]:
    widget = Widget(name=body.name, org_path=body.org_path)
    session.add(widget)
    await session.flush()
    await record_change(session, actor=principal, action="create", entity_type="widget", entity_id=widget.id)
    await emit(session, "widget.created", {"id": widget.id})
    raise Conflict("演示：业务冲突", code="DEMO_CONFLICT")


@router.get("", response_model=Page[WidgetOut])
async def list_widgets(session: SessionDep, principal: Officer, page: PageDep) -> Page[WidgetOut]:
    stmt = select(Widget).where(jurisdiction_filter(Widget.org_path, principal)).order_by(Widget.id)
    rows, total = await paginate(session, stmt, page)
    items = [WidgetOut(id=w.id, name=w.name, org_path=w.org_path) for (w,) in rows]
    return Page(items=items, total=total, page=page.page, size=page.size)


@router.get("/{widget_id}", response_model=WidgetOut)
async def get_widget(widget_id: int, session: SessionDep, principal: Officer) -> WidgetOut:
    widget = await session.get(Widget, widget_id)
    if widget is None:
        raise NotFound()
    principal.ensure_covers(widget.org_path)
    return WidgetOut(id=widget.id, name=widget.name, org_path=widget.org_path)


async def on_widget_created(session: AsyncSession, event: EventEnvelope) -> None:
    session.add(Handled(event_id=str(event.id)))
    await session.flush()


def create_app(**overrides: Any) -> FastAPI:
    settings = ServiceSettings(service_name="kitapp", **overrides)
    return create_service_app(
        settings=settings, title="kit test app", description="servicekit tests", routers=[router],
        event_handlers={"widget.created": on_widget_created},
    )
