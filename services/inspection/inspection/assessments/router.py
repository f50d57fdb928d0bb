"""/v1/questions and /v1/assessments: random assessment (监督抽查考核) of quality-safety directors
and officers. People are drawn at random within a jurisdiction from a recorded seed, each gets
questions on the law, standards and their unit's product categories; the exam is taken on a
phone (scored at once) or recorded from paper; results are published, and a failed person raises
a finding (a rectification notice) on the unit."""

from __future__ import annotations

import datetime as dt
import random
import secrets
import uuid
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.deps import Admin, Bureau, Enterprise, OrgsDep, Regulator, RegulatorOrEnterprise, org_node
from inspection.inspections.service import rectification_event
from inspection.models import Assessment, AssessmentPerson, PersonRef, Question, Rectification, Unit
from inspection.units.access import may_see, own_unit
from servicekit.app import make_router
from servicekit.audit import record_change
from servicekit.auth import Principal, jurisdiction_filter
from servicekit.clock import TodayDep
from servicekit.db import SessionDep, row_to_dict, utcnow
from servicekit.errors import Conflict, Forbidden, InvalidInput, NotFound
from servicekit.outbox import emit

router = make_router(prefix="/v1", tags=["assessments"])
ROLE_LABELS = {"director": "质量安全总监", "officer": "质量安全员"}


class QuestionIn(BaseModel):
    category: Literal["law", "standard", "product"]
    product_tag: str | None = Field(default=None, max_length=40, description="产品类题目对应的重点品类标签")
    stem: str = Field(min_length=4, max_length=1000)
    options: list[str] = Field(min_length=2, max_length=6)
    answer: int = Field(ge=0, description="正确选项的序号（从 0 开始）")

    @model_validator(mode="after")
    def _check(self) -> QuestionIn:
        if self.answer >= len(self.options):
            raise ValueError("正确选项序号超出选项范围")
        if (self.category == "product") != bool(self.product_tag):
            raise ValueError("产品类题目须指定重点品类，其他题目不能指定")
        return self


class QuestionOut(QuestionIn):
    id: int
    active: bool
    created_by: str


class AssessmentIn(BaseModel):
    org: str | None = Field(default=None, max_length=20, description="抽查范围（监管单位编码），默认本单位")
    title: str = Field(min_length=2, max_length=200, description="如：2026年第一季度质量安全总监监督抽查考核")
    held_on: dt.date
    people: int = Field(ge=1, le=500, description="抽取人数")
    roles: list[Literal["director", "officer"]] = Field(default_factory=lambda: ["director", "officer"], min_length=1)
    questions_each: int = Field(default=10, ge=3, le=50)
    pass_score: int = Field(default=60, ge=1, le=100, description="及格分（百分制）")
    seed: int | None = Field(default=None, ge=0, lt=2**53, description="随机种子（不超过 2^53）")


class PersonOut(BaseModel):
    id: uuid.UUID
    personnel_id: uuid.UUID
    enterprise_id: uuid.UUID
    enterprise_name: str | None
    name: str
    role: str
    role_label: str
    questions: int
    mode: str | None
    score: int | None
    passed: bool | None
    taken_at: dt.datetime | None


class AssessmentOut(BaseModel):
    id: uuid.UUID
    org_code: str
    title: str
    held_on: dt.date
    roles: list[str]
    questions_each: int
    pass_score: int
    seed: int
    pool_size: int
    status: str
    published_at: dt.datetime | None
    people: list[PersonOut]
    taken: int
    passed: int


class PaperQuestion(BaseModel):
    id: int
    category: str
    stem: str
    options: list[str]


class PaperOut(BaseModel):
    assessment_id: uuid.UUID
    title: str
    person: str
    role_label: str
    pass_score: int
    questions: list[PaperQuestion]


class AnswersIn(BaseModel):
    answers: list[int] = Field(description="每题所选选项的序号，顺序同试卷")


class PaperResultIn(BaseModel):
    score: int = Field(ge=0, le=100, description="纸质试卷得分（百分制）")


# --- question bank -----------------------------------------------------------------------------
@router.get("/questions", response_model=list[QuestionOut], operation_id="question_list", summary="考核题库")
async def question_list(_: Bureau, session: SessionDep, category: Literal["law", "standard", "product"] | None = None,
                        include_retired: bool = False) -> list[QuestionOut]:
    stmt = select(Question).order_by(Question.category, Question.id)
    if not include_retired:
        stmt = stmt.where(Question.active.is_(True))
    if category:
        stmt = stmt.where(Question.category == category)
    return [QuestionOut.model_validate(q, from_attributes=True) for q in (await session.scalars(stmt)).all()]


@router.post("/questions", response_model=QuestionOut, status_code=201, operation_id="question_add", summary="增加考题")
async def question_add(body: QuestionIn, principal: Admin, session: SessionDep) -> QuestionOut:
    q = Question(**body.model_dump(), active=True, created_by=principal.username)
    session.add(q)
    await session.flush()
    await record_change(session, actor=principal, action="create", entity_type="question", entity_id=q.id,
                        after=body.model_dump())
    return QuestionOut.model_validate(q, from_attributes=True)


@router.post("/questions/{question_id}/{action}", response_model=QuestionOut, operation_id="question_retire",
             summary="停用（retire）或恢复（restore）考题：停用的题不再抽取，已组的试卷不变")
async def question_retire(question_id: int, action: Literal["retire", "restore"], principal: Admin,
                          session: SessionDep) -> QuestionOut:
    q = await session.get(Question, question_id, with_for_update=True)
    if q is None:
        raise NotFound("未找到该考题", code="QUESTION_NOT_FOUND")
    active = action == "restore"
    if q.active != active:
        q.active = active
        await session.flush()
        await record_change(session, actor=principal, action=action, entity_type="question", entity_id=q.id,
                            before={"active": not active}, after={"active": active})
    return QuestionOut.model_validate(q, from_attributes=True)


# --- assessments --------------------------------------------------------------------------------
def draw_questions(rng: random.Random, bank: list[Question], tags: list[str], n: int) -> list[int]:
    """Product questions of the unit's categories first (up to a third), then law and standards."""
    product = sorted(q.id for q in bank if q.category == "product" and q.product_tag in tags)
    general = sorted(q.id for q in bank if q.category != "product")
    k = min(len(product), n // 3)
    chosen = rng.sample(product, k) + rng.sample(general, min(len(general), n - k))
    if len(chosen) < n:  # too few law and standard questions: fill up with other categories' product questions
        rest = sorted(q.id for q in bank if q.id not in set(chosen))
        chosen += rng.sample(rest, min(len(rest), n - len(chosen)))
    return chosen


def _person_out(p: AssessmentPerson, name: str | None) -> PersonOut:
    return PersonOut(id=p.id, personnel_id=p.personnel_id, enterprise_id=p.enterprise_id, enterprise_name=name,
                     name=p.name, role=p.role, role_label=ROLE_LABELS[p.role], questions=len(p.question_ids),
                     mode=p.mode, score=p.score, passed=p.passed, taken_at=p.taken_at)


async def _outs(session: AsyncSession, assessments: list[Assessment]) -> list[AssessmentOut]:
    """Assessments with their people, in one query for the people whatever their number."""
    people: dict[uuid.UUID, list[PersonOut]] = {a.id: [] for a in assessments}
    if assessments:
        rows = (await session.execute(select(AssessmentPerson, Unit.name).outerjoin(
            Unit, Unit.enterprise_id == AssessmentPerson.enterprise_id)
            .where(AssessmentPerson.assessment_id.in_(list(people)))
            .order_by(AssessmentPerson.org_path, AssessmentPerson.name))).all()
        for p, name in rows:
            people[p.assessment_id].append(_person_out(p, name))
    return [AssessmentOut(id=a.id, org_code=a.org_code, title=a.title, held_on=a.held_on, roles=list(a.roles),
                          questions_each=a.questions_each, pass_score=a.pass_score, seed=a.seed, pool_size=a.pool_size,
                          status=a.status, published_at=a.published_at, people=people[a.id],
                          taken=sum(1 for p in people[a.id] if p.score is not None),
                          passed=sum(1 for p in people[a.id] if p.passed)) for a in assessments]


async def _out(session: AsyncSession, a: Assessment) -> AssessmentOut:
    return (await _outs(session, [a]))[0]


@router.post("/assessments", response_model=AssessmentOut, status_code=201, operation_id="assessment_create",
             summary="组织监督抽查考核：随机抽取质量安全总监、质量安全员并随机组卷")
async def assessment_create(body: AssessmentIn, principal: Bureau, session: SessionDep, orgs: OrgsDep) -> AssessmentOut:
    node = await org_node(orgs, body.org, principal)
    pool = await _pool(session, node.path, list(body.roles))
    if len(pool) < body.people:
        raise InvalidInput(f"符合条件的在岗人员只有 {len(pool)} 人，少于拟抽取的 {body.people} 人", code="ASSESS_POOL_TOO_SMALL")
    bank = (await session.scalars(select(Question).where(Question.active.is_(True)))).all()
    if len(bank) < body.questions_each or \
            sum(1 for q in bank if q.category != "product") < body.questions_each - body.questions_each // 3:
        raise InvalidInput("题库中法律法规和标准类题目不足，请先补充题库", code="QUESTION_BANK_TOO_SMALL")
    seed = body.seed if body.seed is not None else secrets.randbits(52)
    rng = random.Random(seed)
    chosen = rng.sample(list(pool), body.people)
    tags = dict((await session.execute(select(Unit.enterprise_id, Unit.key_tags).where(
        Unit.enterprise_id.in_([p.enterprise_id for p in chosen])))).all())
    a = Assessment(id=uuid.uuid4(), org_code=node.code, org_path=node.path, title=body.title, held_on=body.held_on,
                   roles=sorted(body.roles), questions_each=body.questions_each, pass_score=body.pass_score, seed=seed,
                   pool_size=len(pool), status="open", created_by=principal.username)
    session.add(a)
    await session.flush()
    for p in chosen:
        session.add(AssessmentPerson(id=uuid.uuid4(), assessment_id=a.id, personnel_id=p.personnel_id,
                                     enterprise_id=p.enterprise_id, org_path=p.org_path, name=p.name, role=p.role,
                                     question_ids=draw_questions(rng, list(bank), list(tags.get(p.enterprise_id) or []),
                                                                 body.questions_each)))
    await session.flush()
    await record_change(session, actor=principal, action="create", entity_type="assessment", entity_id=a.id,
                        after={"seed": seed, "people": [str(p.personnel_id) for p in chosen], "pool": len(pool)},
                        org_path=node.path)
    return await _out(session, a)


@router.get("/assessments", response_model=list[AssessmentOut], operation_id="assessment_list", summary="考核")
async def assessment_list(principal: Regulator, session: SessionDep) -> list[AssessmentOut]:
    rows = await session.scalars(select(Assessment).where(jurisdiction_filter(Assessment.org_path, principal))
                                 .order_by(Assessment.held_on.desc()).limit(100))
    return await _outs(session, list(rows.all()))


class PoolOut(BaseModel):
    org: str
    org_name: str
    directors: int
    officers: int


async def _pool(session: AsyncSession, path: str, roles: list[str]) -> list[PersonRef]:
    return list((await session.scalars(select(PersonRef).where(
        or_(PersonRef.org_path == path, PersonRef.org_path.like(path + "/%")), PersonRef.active.is_(True),
        PersonRef.role.in_(roles)).order_by(PersonRef.personnel_id))).all())


@router.get("/assessments/pool", response_model=PoolOut, operation_id="assessment_pool",
            summary="可抽取的在岗质量安全总监、质量安全员人数（组织考核前查看）")
async def assessment_pool(principal: Bureau, session: SessionDep, orgs: OrgsDep, org: str | None = None) -> PoolOut:
    node = await org_node(orgs, org, principal)
    pool = await _pool(session, node.path, ["director", "officer"])
    return PoolOut(org=node.code, org_name=node.name, directors=sum(1 for p in pool if p.role == "director"),
                   officers=sum(1 for p in pool if p.role == "officer"))


class VerifyOut(BaseModel):
    seed: int
    pool_size_then: int
    pool_size_now: int
    identical: bool = Field(description="按记录的种子和当前在岗人员重新抽取，结果与当时一致")
    drawn: list[uuid.UUID]
    redrawn: list[uuid.UUID]


@router.get("/assessments/{assessment_id}/verify", response_model=VerifyOut, operation_id="assessment_verify",
            summary="按记录的随机种子重新抽取人员，核对抽取结果")
async def assessment_verify(assessment_id: uuid.UUID, principal: Regulator, session: SessionDep) -> VerifyOut:
    a = await _assessment(session, principal, assessment_id)
    if principal.is_enterprise:
        raise Forbidden()
    drawn = list((await session.scalars(select(AssessmentPerson.personnel_id)
                                        .where(AssessmentPerson.assessment_id == a.id))).all())
    pool = await _pool(session, a.org_path, list(a.roles))
    people = len(drawn)
    redrawn = [p.personnel_id for p in random.Random(a.seed).sample(pool, people)] if len(pool) >= people else []
    return VerifyOut(seed=a.seed, pool_size_then=a.pool_size, pool_size_now=len(pool),
                     identical=sorted(map(str, drawn)) == sorted(map(str, redrawn)), drawn=drawn, redrawn=redrawn)


class MyExamOut(BaseModel):
    assessment_id: uuid.UUID
    title: str
    held_on: dt.date
    status: str
    pass_score: int
    published_at: dt.datetime | None
    person: PersonOut


@router.get("/assessments/mine", response_model=list[MyExamOut], operation_id="assessment_mine",
            summary="本单位被抽中的考核人员及成绩（企业用户）")
async def assessment_mine(principal: Enterprise, session: SessionDep) -> list[MyExamOut]:
    own = own_unit(principal)
    rows = (await session.execute(select(AssessmentPerson, Assessment, Unit.name)
                                  .join(Assessment, Assessment.id == AssessmentPerson.assessment_id)
                                  .outerjoin(Unit, Unit.enterprise_id == AssessmentPerson.enterprise_id)
                                  .where(AssessmentPerson.enterprise_id == own)
                                  .order_by(Assessment.held_on.desc(), AssessmentPerson.name).limit(200))).all()
    return [MyExamOut(assessment_id=a.id, title=a.title, held_on=a.held_on, status=a.status, pass_score=a.pass_score,
                      published_at=a.published_at, person=_person_out(p, name)) for p, a, name in rows]


async def _assessment(session: AsyncSession, principal: Principal, aid: uuid.UUID) -> Assessment:
    a = await session.get(Assessment, aid, with_for_update=True)
    if a is None or not (principal.covers(a.org_path) or principal.is_enterprise):
        raise NotFound("未找到该考核", code="ASSESSMENT_NOT_FOUND")
    return a


@router.get("/assessments/{assessment_id}", response_model=AssessmentOut, operation_id="assessment_get",
            summary="考核与成绩")
async def assessment_get(assessment_id: uuid.UUID, principal: Regulator, session: SessionDep) -> AssessmentOut:
    return await _out(session, await _assessment(session, principal, assessment_id))


async def _person(session: AsyncSession, principal: Principal, a: Assessment, pid: uuid.UUID) -> AssessmentPerson:
    p = await session.get(AssessmentPerson, pid, with_for_update=True)
    if p is None or p.assessment_id != a.id or not may_see(principal, p.enterprise_id, p.org_path):
        raise NotFound("未找到该考核人员", code="ASSESSMENT_PERSON_NOT_FOUND")
    return p


@router.get("/assessments/{assessment_id}/people/{person_id}/paper", response_model=PaperOut,
            operation_id="assessment_paper", summary="试卷（不含答案；企业人员在手机上作答）")
async def assessment_paper(assessment_id: uuid.UUID, person_id: uuid.UUID, principal: RegulatorOrEnterprise,
                           session: SessionDep) -> PaperOut:
    a = await _assessment(session, principal, assessment_id)
    p = await _person(session, principal, a, person_id)
    bank = {q.id: q for q in (await session.scalars(select(Question).where(Question.id.in_(p.question_ids)))).all()}
    return PaperOut(assessment_id=a.id, title=a.title, person=p.name, role_label=ROLE_LABELS[p.role],
                    pass_score=a.pass_score,
                    questions=[PaperQuestion(id=q.id, category=q.category, stem=q.stem, options=list(q.options))
                               for q in (bank[i] for i in p.question_ids)])


def _score(right: int, total: int) -> int:
    return round(100 * right / total) if total else 0


async def _record(session: AsyncSession, principal: Principal, a: Assessment, p: AssessmentPerson, *, mode: str,
                  score: int, answers: list[int] | None) -> PersonOut:
    if a.status != "open":
        raise Conflict("考核结果已公布，不能再作答或录入", code="ASSESSMENT_PUBLISHED")
    if p.score is not None:
        raise Conflict("该人员已有成绩", code="ASSESSMENT_TAKEN")
    p.mode, p.score, p.passed, p.answers = mode, score, score >= a.pass_score, answers
    p.taken_at, p.recorded_by = utcnow(), principal.username
    await session.flush()
    await record_change(session, actor=principal, action=f"exam_{mode}", entity_type="assessment", entity_id=a.id,
                        after={"person": str(p.id), "score": score, "passed": p.passed}, org_path=p.org_path)
    name = await session.scalar(select(Unit.name).where(Unit.enterprise_id == p.enterprise_id))
    return PersonOut(id=p.id, personnel_id=p.personnel_id, enterprise_id=p.enterprise_id, enterprise_name=name,
                     name=p.name, role=p.role, role_label=ROLE_LABELS[p.role], questions=len(p.question_ids),
                     mode=p.mode, score=p.score, passed=p.passed, taken_at=p.taken_at)


@router.post("/assessments/{assessment_id}/people/{person_id}/answers", response_model=PersonOut,
             operation_id="assessment_answer", summary="提交手机作答（自动评分）")
async def assessment_answer(assessment_id: uuid.UUID, person_id: uuid.UUID, body: AnswersIn,
                            principal: RegulatorOrEnterprise, session: SessionDep) -> PersonOut:
    a = await _assessment(session, principal, assessment_id)
    p = await _person(session, principal, a, person_id)
    if len(body.answers) != len(p.question_ids):
        raise InvalidInput(f"应回答 {len(p.question_ids)} 题，实际提交 {len(body.answers)} 题", code="ANSWERS_COUNT")
    bank = {q.id: q for q in (await session.scalars(select(Question).where(Question.id.in_(p.question_ids)))).all()}
    if any(not 0 <= ans < len(bank[qid].options) for qid, ans in zip(p.question_ids, body.answers, strict=True)):
        raise InvalidInput("所选选项不存在", code="ANSWER_OPTION_INVALID")
    right = sum(1 for qid, ans in zip(p.question_ids, body.answers, strict=True) if bank[qid].answer == ans)
    return await _record(session, principal, a, p, mode="online", score=_score(right, len(p.question_ids)),
                         answers=body.answers)


@router.post("/assessments/{assessment_id}/people/{person_id}/paper-result", response_model=PersonOut,
             operation_id="assessment_paper_result", summary="录入纸质试卷成绩")
async def assessment_paper_result(assessment_id: uuid.UUID, person_id: uuid.UUID, body: PaperResultIn,
                                  principal: Regulator, session: SessionDep) -> PersonOut:
    if principal.is_enterprise:
        raise Forbidden()
    a = await _assessment(session, principal, assessment_id)
    p = await _person(session, principal, a, person_id)
    return await _record(session, principal, a, p, mode="paper", score=body.score, answers=None)


@router.post("/assessments/{assessment_id}/publish", response_model=AssessmentOut, operation_id="assessment_publish",
             summary="公布考核结果（不合格人员所在单位生成整改通知）")
async def assessment_publish(assessment_id: uuid.UUID, principal: Bureau, session: SessionDep,
                             today: TodayDep) -> AssessmentOut:
    a = await _assessment(session, principal, assessment_id)
    if a.status == "published":
        raise Conflict("考核结果已公布", code="ASSESSMENT_PUBLISHED")
    people = (await session.scalars(select(AssessmentPerson).where(AssessmentPerson.assessment_id == a.id))).all()
    missing = [p.name for p in people if p.score is None]
    if missing:
        raise InvalidInput(f"还有 {len(missing)} 人没有成绩：{'、'.join(missing[:10])}", code="ASSESSMENT_INCOMPLETE")
    before = row_to_dict(a)
    a.status, a.published_at = "published", utcnow()
    for p in people:
        if not p.passed:
            r = Rectification(id=uuid.uuid4(), inspection_id=a.id, enterprise_id=p.enterprise_id, org_path=p.org_path,
                              item_no="考核", item_text=f"{ROLE_LABELS[p.role]}监督抽查考核（{a.title}）",
                              finding=f"{ROLE_LABELS[p.role]}{p.name}考核得分 {p.score} 分，低于及格分 {a.pass_score} 分，"
                                      "须组织培训并重新考核",
                              deadline=today + dt.timedelta(days=30), status="open", version=1)
            session.add(r)
            await session.flush()
            await emit(session, "rectification.opened", rectification_event(r), org_path=r.org_path)
    await session.flush()
    await record_change(session, actor=principal, action="publish", entity_type="assessment", entity_id=a.id,
                        before=before, after=row_to_dict(a), org_path=a.org_path)
    results: list[dict[str, Any]] = [{"personnel_id": str(p.personnel_id), "enterprise_id": str(p.enterprise_id),
                                      "score": p.score, "passed": p.passed} for p in people]
    await emit(session, "assessment.published", {"id": str(a.id), "title": a.title, "held_on": str(a.held_on),
                                                 "results": results}, org_path=a.org_path)
    return await _out(session, a)
