"""/v1/bureau: a bureau's own records read by checklist items 1.1–1.2 — publicity and training
activities (宣贯培训), the working group (工作专班), the liaison (联络员, 附件2) — and the region's
leading group (领导小组, 附件1) with its duties and working rules."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from fastapi import File, Query, Request, Response, UploadFile
from pydantic import BaseModel, Field
from sqlalchemy import select

from audit.audits.schemas import FileOut
from audit.deps import Admin, Bureau, OrgsDep, Regulator, known_org, own_org
from audit.files import download, file_out, files_of, owned_file, store_file
from audit.models import Activity, AuditFile, LeadingGroupDuty, LeadingGroupMember, Liaison, WorkGroup
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.auth import Principal, jurisdiction_filter
from servicekit.clock import TodayDep
from servicekit.crypto import FieldCipher, mask_middle
from servicekit.db import SessionDep, utcnow
from servicekit.errors import Conflict, Forbidden, InvalidInput, NotFound
from servicekit.orgs import OrgNode
from servicekit.pagination import Page, PageDep, paginate

router = make_router(prefix="/v1/bureau", tags=["bureau"])
AUDIENCE = {"enterprises": "生产销售单位", "law_enforcement": "执法人员", "both": "企业和执法人员"}
FORMS = {"training": "培训", "publicity": "宣传宣贯", "meeting": "会议部署"}


async def _org(orgs: OrgsDep, principal: Principal, code: str | None) -> OrgNode:
    node = await known_org(orgs, code) if code else await own_org(orgs, principal)
    principal.ensure_covers(node.path)
    return node


# --- 宣贯培训 -----------------------------------------------------------------------------------
class ActivityIn(BaseModel):
    held_on: dt.date
    title: str = Field(min_length=2, max_length=200)
    form: Literal["training", "publicity", "meeting"] = "training"
    audience: Literal["enterprises", "law_enforcement", "both"]
    attendance: int = Field(ge=1, le=100_000, description="参加人次")
    enterprises: int | None = Field(default=None, ge=0, le=100_000, description="参加企业数")
    place: str | None = Field(default=None, max_length=200)
    summary: str | None = Field(default=None, max_length=4000)


class ActivityOut(BaseModel):
    id: uuid.UUID
    org_code: str
    org_name: str
    held_on: dt.date
    title: str
    form: str
    form_label: str
    audience: str
    audience_label: str
    attendance: int
    enterprises: int | None
    place: str | None
    summary: str | None
    created_by: str
    materials: list[FileOut] = []


def _activity(a: Activity, files: list[AuditFile] | None = None) -> ActivityOut:
    return ActivityOut(id=a.id, org_code=a.org_code, org_name=a.org_name, held_on=a.held_on, title=a.title, form=a.form,
                       form_label=FORMS[a.form], audience=a.audience, audience_label=AUDIENCE[a.audience],
                       attendance=a.attendance, enterprises=a.enterprises, place=a.place, summary=a.summary,
                       created_by=a.created_by, materials=[file_out(f) for f in files or []])


@router.post("/activities", response_model=ActivityOut, status_code=201, operation_id="activity_add",
             summary="登记本单位的宣贯培训活动")
async def activity_add(body: ActivityIn, principal: Bureau, session: SessionDep, orgs: OrgsDep,
                       today: TodayDep) -> ActivityOut:
    me = await own_org(orgs, principal)
    if body.held_on > today:
        raise InvalidInput("活动日期不能晚于今天", code="DATE_IN_FUTURE")
    a = Activity(id=uuid.uuid4(), org_code=me.code, org_path=me.path, org_name=me.name, created_by=principal.username,
                 **body.model_dump())
    session.add(a)
    await session.flush()
    await record_change(session, actor=principal, action="create", entity_type="activity", entity_id=a.id,
                        after=body.model_dump(), org_path=me.path)
    return _activity(a)


@router.get("/activities", response_model=Page[ActivityOut], operation_id="activity_list",
            summary="宣贯培训活动（本辖区，可按单位、年份筛选）")
async def activity_list(principal: Regulator, session: SessionDep, page: PageDep,
                        org_code: Annotated[str | None, Query(max_length=20)] = None,
                        year: Annotated[int | None, Query(ge=2000, le=2099)] = None) -> Page[ActivityOut]:
    stmt = select(Activity).where(jurisdiction_filter(Activity.org_path, principal))
    if org_code:
        stmt = stmt.where(Activity.org_code == org_code)
    if year:
        stmt = stmt.where(Activity.held_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    rows, total = await paginate(session, stmt.order_by(Activity.held_on.desc()), page)
    files = await files_of(session, "activity", [str(r[0].id) for r in rows])
    return Page(items=[_activity(r[0], files.get(str(r[0].id))) for r in rows], total=total, page=page.page,
                size=page.size)


async def _own_activity(session: SessionDep, principal: Principal, activity_id: uuid.UUID) -> Activity:
    a = await session.get(Activity, activity_id)
    if a is None or not principal.covers(a.org_path):
        raise NotFound("未找到该活动", code="ACTIVITY_NOT_FOUND")
    return a


@router.post("/activities/{activity_id}/materials", response_model=FileOut, status_code=201,
             operation_id="activity_material_upload", summary="上传活动材料（通知、签到表、课件、照片）")
async def activity_material_upload(activity_id: uuid.UUID, principal: Bureau, session: SessionDep,
                                   file: UploadFile = File(description="文件")) -> FileOut:
    a = await _own_activity(session, principal, activity_id)
    if principal.org_path != a.org_path:
        raise Forbidden("只能为本单位的活动上传材料", code="ACTIVITY_NOT_OWN")
    return await store_file(session, principal, owner_kind="activity", owner_id=str(a.id), org_path=a.org_path, file=file)


@router.delete("/activities/{activity_id}", status_code=204, operation_id="activity_delete",
               summary="删除本单位误登记的活动（连同材料；记入审计日志）")
async def activity_delete(activity_id: uuid.UUID, principal: Bureau, session: SessionDep) -> Response:
    a = await _own_activity(session, principal, activity_id)
    if principal.org_path != a.org_path:
        raise Forbidden("只能删除本单位登记的活动", code="ACTIVITY_NOT_OWN")
    await record_change(session, actor=principal, action="delete", entity_type="activity", entity_id=a.id,
                        before={"title": a.title, "held_on": a.held_on, "attendance": a.attendance}, org_path=a.org_path)
    for f in (await files_of(session, "activity", [str(a.id)])).get(str(a.id), []):
        await session.delete(f)
    await session.delete(a)
    return Response(status_code=204)


@router.get("/activities/{activity_id}/materials/{file_id}", operation_id="activity_material_get",
            summary="下载活动材料", response_class=Response, responses={200: {"content": {"application/octet-stream": {}}}})
async def activity_material_get(activity_id: uuid.UUID, file_id: uuid.UUID, principal: Regulator,
                                session: SessionDep) -> Response:
    a = await _own_activity(session, principal, activity_id)
    return download(await owned_file(session, "activity", str(a.id), file_id))


# --- 工作专班 -----------------------------------------------------------------------------------
class MemberIn(BaseModel):
    name: str = Field(min_length=2, max_length=60)
    title: str = Field(min_length=2, max_length=100, description="职务")
    duty: str | None = Field(default=None, max_length=200, description="专班内分工")


class WorkGroupIn(BaseModel):
    name: str = Field(min_length=2, max_length=100, description="专班名称")
    established_on: dt.date
    document_no: str | None = Field(default=None, max_length=60, description="成立文件文号")
    members: list[MemberIn] = Field(min_length=1, max_length=100)
    duties: str | None = Field(default=None, max_length=4000)
    meets: str | None = Field(default=None, max_length=100, description="运转机制，如“每周例会”")
    base_version: int | None = None


class WorkGroupOut(WorkGroupIn):
    org_code: str
    org_name: str
    version: int
    updated_by: str
    updated_at: dt.datetime


@router.get("/work-group", response_model=WorkGroupOut | None, operation_id="work_group_get",
            summary="工作专班（默认本单位）")
async def work_group_get(principal: Regulator, session: SessionDep, orgs: OrgsDep,
                         org_code: Annotated[str | None, Query(max_length=20)] = None) -> WorkGroupOut | None:
    node = await _org(orgs, principal, org_code)
    wg = await session.get(WorkGroup, node.code)
    return None if wg is None else WorkGroupOut(
        org_code=wg.org_code, org_name=wg.org_name, name=wg.name, established_on=wg.established_on,
        document_no=wg.document_no, members=[MemberIn(**m) for m in wg.members], duties=wg.duties, meets=wg.meets,
        version=wg.version, updated_by=wg.updated_by, updated_at=wg.updated_at)


@router.put("/work-group", response_model=WorkGroupOut, operation_id="work_group_set", summary="登记或修改本单位的工作专班")
async def work_group_set(body: WorkGroupIn, principal: Bureau, session: SessionDep, orgs: OrgsDep,
                         today: TodayDep) -> WorkGroupOut:
    me = await own_org(orgs, principal)
    if body.established_on > today:
        raise InvalidInput("成立日期不能晚于今天", code="DATE_IN_FUTURE")
    wg = await session.get(WorkGroup, me.code, with_for_update=True)
    data = body.model_dump(exclude={"base_version"})
    before = None
    if wg is None:
        wg = WorkGroup(org_code=me.code, org_path=me.path, org_name=me.name, version=1, updated_by=principal.username,
                       **data)
        session.add(wg)
    else:
        if body.base_version is not None and body.base_version != wg.version:
            raise Conflict("工作专班已被他人修改，请刷新后再改", code="WORK_GROUP_VERSION_CONFLICT")
        before = {k: getattr(wg, k) for k in data}
        for k, v in data.items():
            setattr(wg, k, v)
        wg.version += 1
        wg.updated_by, wg.updated_at = principal.username, utcnow()
    await session.flush()
    await record_change(session, actor=principal, action="update" if before else "create", entity_type="work_group",
                        entity_id=me.code, before=before, after=data, org_path=me.path)
    await session.refresh(wg)
    return WorkGroupOut(org_code=wg.org_code, org_name=wg.org_name, version=wg.version, updated_by=wg.updated_by,
                        updated_at=wg.updated_at, **data)


# --- 联络员（附件2） ----------------------------------------------------------------------------
class LiaisonIn(BaseModel):
    name: str = Field(min_length=2, max_length=60)
    position: str = Field(min_length=2, max_length=100, description="单位及职务")
    phone: str = Field(pattern=r"^(1\d{10}|0\d{2,3}-?\d{7,8})$", description="手机或座机")
    email: str | None = Field(default=None, max_length=120, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    since: dt.date


class LiaisonOut(BaseModel):
    id: uuid.UUID
    org_code: str
    org_name: str
    name: str
    position: str
    phone_masked: str
    email: str | None
    since: dt.date
    ended_on: dt.date | None


def _liaison(x: Liaison) -> LiaisonOut:
    return LiaisonOut(id=x.id, org_code=x.org_code, org_name=x.org_name, name=x.name, position=x.position,
                      phone_masked=x.phone_masked, email=x.email, since=x.since, ended_on=x.ended_on)


def _cipher(request: Request) -> FieldCipher:
    return request.app.state.cipher  # type: ignore[no-any-return]


@router.get("/liaisons", response_model=list[LiaisonOut], operation_id="liaison_list",
            summary="联络员名单（附件2；本辖区现任，可含历任）")
async def liaison_list(principal: Regulator, session: SessionDep, include_past: bool = False) -> list[LiaisonOut]:
    stmt = select(Liaison).where(jurisdiction_filter(Liaison.org_path, principal))
    if not include_past:
        stmt = stmt.where(Liaison.ended_on.is_(None))
    return [_liaison(x) for x in (await session.scalars(stmt.order_by(Liaison.org_code, Liaison.since.desc()))).all()]


@router.put("/liaison", response_model=LiaisonOut, operation_id="liaison_set",
            summary="指定本单位的联络员（原联络员转为历任）")
async def liaison_set(body: LiaisonIn, principal: Bureau, session: SessionDep, orgs: OrgsDep, request: Request,
                      today: TodayDep) -> LiaisonOut:
    me = await own_org(orgs, principal)
    if body.since > today:
        raise InvalidInput("任职日期不能晚于今天", code="DATE_IN_FUTURE")
    for old in (await session.scalars(select(Liaison).where(Liaison.org_code == me.code, Liaison.ended_on.is_(None))
                                      .with_for_update())).all():
        old.ended_on = body.since
    x = Liaison(id=uuid.uuid4(), org_code=me.code, org_path=me.path, org_name=me.name, name=body.name,
                position=body.position, phone_enc=_cipher(request).encrypt(body.phone),
                phone_masked=mask_middle(body.phone) or "", email=body.email, since=body.since,
                created_by=principal.username)
    session.add(x)
    await session.flush()
    await record_change(session, actor=principal, action="create", entity_type="liaison", entity_id=x.id,
                        after={"name": x.name, "position": x.position, "phone": x.phone_masked}, org_path=me.path)
    return _liaison(x)


class PhoneOut(BaseModel):
    phone: str


@router.get("/liaisons/{liaison_id}/phone", response_model=PhoneOut, operation_id="liaison_phone",
            summary="查看联络员完整电话（记入审计日志）")
async def liaison_phone(liaison_id: uuid.UUID, principal: Regulator, session: SessionDep, request: Request) -> PhoneOut:
    x = await session.get(Liaison, liaison_id)
    if x is None or not principal.covers(x.org_path):
        raise NotFound("未找到该联络员", code="LIAISON_NOT_FOUND")
    await record_change(session, actor=principal, action="unmask", entity_type="liaison", entity_id=x.id,
                        after={"field": "phone"}, org_path=x.org_path)
    return PhoneOut(phone=_cipher(request).decrypt(x.phone_enc))


# --- 领导小组（附件1） --------------------------------------------------------------------------
class MemberRow(BaseModel):
    id: int | None = None
    name: str = Field(min_length=2, max_length=60)
    position: str = Field(min_length=2, max_length=100)
    group_role: Literal["leader", "deputy", "member"] = "member"
    org_code: str | None = Field(default=None, max_length=20)


class LeadingGroupOut(BaseModel):
    members: list[MemberRow]
    duties: list[dict[str, str]]
    rules: list[dict[str, str]]


class LeadingGroupIn(BaseModel):
    members: list[MemberRow] = Field(min_length=1, max_length=60)


async def _leading_group(session: SessionDep) -> LeadingGroupOut:
    members = (await session.scalars(select(LeadingGroupMember).where(LeadingGroupMember.active.is_(True))
                                     .order_by(LeadingGroupMember.sort))).all()
    duties = (await session.scalars(select(LeadingGroupDuty).order_by(LeadingGroupDuty.id))).all()
    return LeadingGroupOut(
        members=[MemberRow(id=m.id, name=m.name, position=m.position, group_role=m.group_role, org_code=m.org_code)  # type: ignore[arg-type]
                 for m in members],
        duties=[{"no": d.no, "text": d.text} for d in duties if d.kind == "duty"],
        rules=[{"no": d.no, "text": d.text} for d in duties if d.kind == "rule"])


@router.get("/leading-group", response_model=LeadingGroupOut, operation_id="leading_group_get",
            summary="自治区局推进“两个规定”落实工作领导小组：组成人员、工作职责、工作规则（附件1）")
async def leading_group_get(_: Regulator, session: SessionDep) -> LeadingGroupOut:
    return await _leading_group(session)


@router.put("/leading-group", response_model=LeadingGroupOut, operation_id="leading_group_set",
            summary="调整领导小组组成人员（人员变动时；原名单保留在审计日志）")
async def leading_group_set(body: LeadingGroupIn, principal: Admin, session: SessionDep) -> LeadingGroupOut:
    before = await _leading_group(session)
    for m in (await session.scalars(select(LeadingGroupMember).where(LeadingGroupMember.active.is_(True)))).all():
        m.active = False
    for i, m in enumerate(body.members, start=1):
        session.add(LeadingGroupMember(sort=i, name=m.name, position=m.position, group_role=m.group_role,
                                       org_code=m.org_code, active=True, updated_by=principal.username))
    await session.flush()
    await record_change(session, actor=principal, action="update", entity_type="leading_group", entity_id="540000",
                        before={"members": [m.model_dump() for m in before.members]},
                        after={"members": [m.model_dump() for m in body.members]})
    return await _leading_group(session)
