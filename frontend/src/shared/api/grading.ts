// 分层分级 (F3): grades, supervising levels and categories of units, manual decisions, the yearly
// key/special lists, high-risk units, responsibility lists, rule sets and the calculator.
import { call } from './client'
import type { CallOptions } from './client'
import { downloadFile } from './files'
import { GRADING_BASE, grading } from './gradingClient'
import type { GradingPaths as paths } from './gradingClient'
import type { BodyJson, OkJson } from './types'

type UnitListOp = paths['/v1/units']['get']

export type ClassifyIn = BodyJson<paths['/v1/classify']['post']>
export type ClassifyOut = OkJson<paths['/v1/classify']['post']>
export type GradingUnitQuery = NonNullable<UnitListOp['parameters']['query']>
export type GradingUnitPage = OkJson<UnitListOp>
export type GradingUnit = GradingUnitPage['items'][number]
export type GradingUnitDetail = OkJson<paths['/v1/units/{enterprise_id}']['get']>
export type GradeHistoryEntry = OkJson<paths['/v1/units/{enterprise_id}/history']['get']>[number]
export type Distribution = OkJson<paths['/v1/units/summary']['get']>
export type GradeOverrideIn = BodyJson<paths['/v1/units/{enterprise_id}/grade-override']['put']>
export type EscalationIn = BodyJson<paths['/v1/units/{enterprise_id}/escalation']['put']>
export type CategoryIn = BodyJson<paths['/v1/units/{enterprise_id}/category']['put']>
export type CreditIn = BodyJson<paths['/v1/units/{enterprise_id}/credit-risk']['put']>
export type CreditImportResult = OkJson<paths['/v1/credit-risk/import']['post']>
export type CategoryList = OkJson<paths['/v1/category-lists/{year}']['get']>
export type CategoryListEntry = CategoryList['key'][string][number]
export type HighRiskQuery = NonNullable<paths['/v1/high-risk']['get']['parameters']['query']>
export type HighRisk = OkJson<paths['/v1/high-risk']['get']>[number]
export type HighRiskStatus = HighRisk['status']
export type DesignateIn = BodyJson<paths['/v1/high-risk']['post']>
export type HighRiskEndIn = BodyJson<paths['/v1/high-risk/{designation_id}/end']['post']>
export type ResponsibilityQuery = NonNullable<paths['/v1/responsibility']['get']['parameters']['query']>
export type Responsibility = OkJson<paths['/v1/responsibility']['get']>
export type Attachment4Row = Responsibility['table'][number]
export type RuleSet = OkJson<paths['/v1/rule-sets']['get']>[number]
export type RuleSetIn = BodyJson<paths['/v1/rule-sets']['post']>
export type RuleKind = RuleSetIn['kind']
export type RecomputeRun = OkJson<paths['/v1/recompute/runs']['get']>[number]

export type Grade = NonNullable<GradingUnit['grade']>
export type Category = GradingUnit['category']
export type CreditClass = NonNullable<GradingUnit['credit_risk_class']>
export type EscalationMode = NonNullable<EscalationIn['mode']>
export type SupervisingLevel = NonNullable<GradingUnitQuery['level']>
export type GradingUnitType = ClassifyIn['unit_types'][number]

/** Error codes the grading pages react to. */
export const GRADING_ERROR = {
  unitNotFound: 'UNIT_NOT_FOUND',
  importRowsInvalid: 'IMPORT_ROWS_INVALID',
  listAlreadyFrozen: 'LIST_ALREADY_FROZEN',
} as const

const unitPath = (id: string) => ({ path: { enterprise_id: id } })

/** The calculator: grade, level and the two side figures for given inputs (nothing is saved). */
export function classify(body: ClassifyIn, options?: CallOptions): Promise<ClassifyOut> {
  return call(grading.POST('/v1/classify', { body }), options)
}

export function listGradingUnits(query: GradingUnitQuery, options?: CallOptions): Promise<GradingUnitPage> {
  return call(grading.GET('/v1/units', { params: { query } }), options)
}

/** Counts by grade, level and category in `org`'s jurisdiction (default: the caller's unit). */
export function gradingSummary(org?: string, options?: CallOptions): Promise<Distribution> {
  return call(grading.GET('/v1/units/summary', { params: { query: { org: org || undefined } } }), options)
}

export function getGradingUnit(id: string, options?: CallOptions): Promise<GradingUnitDetail> {
  return call(grading.GET('/v1/units/{enterprise_id}', { params: unitPath(id) }), options)
}

export function gradingHistory(id: string, options?: CallOptions): Promise<GradeHistoryEntry[]> {
  return call(grading.GET('/v1/units/{enterprise_id}/history', { params: unitPath(id) }), options)
}

export function overrideGrade(id: string, body: GradeOverrideIn, options?: CallOptions): Promise<GradingUnitDetail> {
  return call(grading.PUT('/v1/units/{enterprise_id}/grade-override', { params: unitPath(id), body }), options)
}

export function setEscalation(id: string, body: EscalationIn, options?: CallOptions): Promise<GradingUnitDetail> {
  return call(grading.PUT('/v1/units/{enterprise_id}/escalation', { params: unitPath(id), body }), options)
}

export function setCategory(id: string, body: CategoryIn, options?: CallOptions): Promise<GradingUnitDetail> {
  return call(grading.PUT('/v1/units/{enterprise_id}/category', { params: unitPath(id), body }), options)
}

export function setCreditRisk(id: string, body: CreditIn, options?: CallOptions): Promise<GradingUnitDetail> {
  return call(grading.PUT('/v1/units/{enterprise_id}/credit-risk', { params: unitPath(id), body }), options)
}

/** Credit risk classes from a sheet; all rows are checked first (422 IMPORT_ROWS_INVALID lists them). */
export function importCreditRisk(file: File, options?: CallOptions): Promise<CreditImportResult> {
  return call(
    grading.POST('/v1/credit-risk/import', {
      body: { file },
      bodySerializer(body) {
        const form = new FormData()
        form.append('file', body.file, file.name)
        return form
      },
    }),
    options,
  )
}

export function getCategoryList(year: number, org?: string, options?: CallOptions): Promise<CategoryList> {
  return call(
    grading.GET('/v1/category-lists/{year}', { params: { path: { year }, query: { org: org || undefined } } }),
    options,
  )
}

/** Freeze the caller's own unit's list for `year` (409 LIST_ALREADY_FROZEN). */
export function freezeCategoryList(year: number, note: string | null, options?: CallOptions): Promise<CategoryList> {
  return call(grading.POST('/v1/category-lists/{year}/freeze', { params: { path: { year } }, body: { note } }), options)
}

export function exportCategoryList(year: number, org?: string, options?: CallOptions): Promise<void> {
  return downloadFile(
    `${GRADING_BASE}/v1/category-lists/${year}/export`,
    `${year}年度重点特别监管名单.xlsx`,
    { org },
    options,
  )
}

export function listHighRisk(query: HighRiskQuery, options?: CallOptions): Promise<HighRisk[]> {
  return call(grading.GET('/v1/high-risk', { params: { query } }), options)
}

export function designateHighRisk(body: DesignateIn, options?: CallOptions): Promise<HighRisk> {
  return call(grading.POST('/v1/high-risk', { body }), options)
}

export function endHighRisk(id: string, body: HighRiskEndIn, options?: CallOptions): Promise<HighRisk> {
  return call(grading.POST('/v1/high-risk/{designation_id}/end', { params: { path: { designation_id: id } }, body }), options)
}

export function getResponsibility(query: ResponsibilityQuery, options?: CallOptions): Promise<Responsibility> {
  return call(grading.GET('/v1/responsibility', { params: { query } }), options)
}

/** The responsibility list in the layout of 附件4, with the directly supervised units. */
export function exportResponsibility(org?: string, options?: CallOptions): Promise<void> {
  return downloadFile(`${GRADING_BASE}/v1/responsibility/export`, '分层分级责任清单.xlsx', { org }, options)
}

export function listRuleSets(options?: CallOptions): Promise<RuleSet[]> {
  return call(grading.GET('/v1/rule-sets'), options)
}

export function createRuleSet(body: RuleSetIn, options?: CallOptions): Promise<RuleSet> {
  return call(grading.POST('/v1/rule-sets', { body }), options)
}

/** Start a full regrade in the background (region_admin). */
export function startRecompute(options?: CallOptions): Promise<RecomputeRun> {
  return call(grading.POST('/v1/recompute'), options)
}

export function listRecomputeRuns(options?: CallOptions): Promise<RecomputeRun[]> {
  return call(grading.GET('/v1/recompute/runs'), options)
}
