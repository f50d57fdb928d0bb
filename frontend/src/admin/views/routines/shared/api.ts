// 日管控、周排查、月调度 (inspection /v1/routines) as the regulator reads them: reporting rates,
// units that stopped filing, one unit's calendar, records (with the return), problems, the
// risk-control list, roster, training and duty documents.
import { call, fetchFile } from '@/shared/api/client'
import type { CallOptions, FetchedFile } from '@/shared/api/client'
import { downloadFile } from '@/shared/api/files'
import { INSPECTION_BASE, inspection } from '@/shared/api/inspectionClient'
import type { InspectionPaths as paths } from '@/shared/api/inspectionClient'
import type { BodyJson, OkJson } from '@/shared/api/types'

type RatesOp = paths['/v1/routines/rates']['get']
type LapsedOp = paths['/v1/routines/lapsed']['get']
type RecordListOp = paths['/v1/routines/records']['get']

export type RatesQuery = NonNullable<RatesOp['parameters']['query']>
export type Rates = OkJson<RatesOp>
export type RateRow = Rates['rows'][number]
export type RoutineKind = NonNullable<RatesQuery['kind']>
export type RateGroup = NonNullable<RatesQuery['group']>
export type PeriodRate = OkJson<paths['/v1/routines/rates/periods']['get']>[number]

export type LapsedQuery = NonNullable<LapsedOp['parameters']['query']>
export type LapsedPage = OkJson<LapsedOp>
export type LapsedUnit = LapsedPage['items'][number]

export type RecordQuery = NonNullable<RecordListOp['parameters']['query']>
export type RecordPage = OkJson<RecordListOp>
export type RoutineRecord = RecordPage['items'][number]
export type RecordStatus = NonNullable<RecordQuery['status']>
export type RecordPhoto = NonNullable<RoutineRecord['photos']>[number]
type RecordIn = BodyJson<paths['/v1/routines/records/{record_id}']['put']>
export type DailyContent = Extract<RecordIn, { kind: 'daily' }>['content']
export type WeeklyContent = Extract<RecordIn, { kind: 'weekly' }>['content']
export type MonthlyContent = Extract<RecordIn, { kind: 'monthly' }>['content']

export type UnitCalendar = OkJson<paths['/v1/routines/units/{enterprise_id}/calendar']['get']>
export type CalendarCell = UnitCalendar['daily'][number]
export type CalendarState = CalendarCell['state']
export type Problem = OkJson<paths['/v1/routines/units/{enterprise_id}/problems']['get']>[number]
export type Evidence = OkJson<paths['/v1/routines/units/{enterprise_id}/evidence']['get']>
export type RiskList = OkJson<paths['/v1/routines/units/{enterprise_id}/risk-list']['get']>
export type RiskListItem = RiskList['items'][number]
export type RiskListVersion = OkJson<paths['/v1/routines/units/{enterprise_id}/risk-list/versions']['get']>[number]
export type RosterPerson = OkJson<paths['/v1/routines/units/{enterprise_id}/roster']['get']>[number]
export type Training = OkJson<paths['/v1/routines/units/{enterprise_id}/training']['get']>[number]
export type UnitDocument = OkJson<paths['/v1/routines/units/{enterprise_id}/documents']['get']>[number]

const unitPath = (id: string) => ({ path: { enterprise_id: id } })
const recordPath = (id: string) => ({ path: { record_id: id } })

// ── rates ─────────────────────────────────────────────────────────────────────────────────────

export function getRates(query: RatesQuery, options?: CallOptions): Promise<Rates> {
  return call(inspection.GET('/v1/routines/rates', { params: { query } }), options)
}

export function getRatesByPeriod(query: Omit<RatesQuery, 'group'>, options?: CallOptions): Promise<PeriodRate[]> {
  return call(inspection.GET('/v1/routines/rates/periods', { params: { query } }), options)
}

export function listLapsed(query: LapsedQuery, options?: CallOptions): Promise<LapsedPage> {
  return call(inspection.GET('/v1/routines/lapsed', { params: { query } }), options)
}

// ── records ───────────────────────────────────────────────────────────────────────────────────

export function listRecords(query: RecordQuery, options?: CallOptions): Promise<RecordPage> {
  return call(inspection.GET('/v1/routines/records', { params: { query } }), options)
}

export function getRecord(id: string, options?: CallOptions): Promise<RoutineRecord> {
  return call(inspection.GET('/v1/routines/records/{record_id}', { params: recordPath(id) }), options)
}

/** Every revision of the record's period (the original and its corrections), oldest first. */
export function listRevisions(id: string, options?: CallOptions): Promise<RoutineRecord[]> {
  return call(inspection.GET('/v1/routines/records/{record_id}/revisions', { params: recordPath(id) }), options)
}

/** Return a submitted record with the regulator's comment; the unit answers with a correction. */
export function returnRecord(id: string, comment: string, options?: CallOptions): Promise<RoutineRecord> {
  return call(inspection.POST('/v1/routines/records/{record_id}/return', { params: recordPath(id), body: { comment } }), options)
}

export function fetchRecordPhoto(recordId: string, photoId: string, options?: CallOptions): Promise<FetchedFile> {
  return fetchFile(`${INSPECTION_BASE}/v1/routines/records/${recordId}/photos/${photoId}`, options)
}

// ── one unit ──────────────────────────────────────────────────────────────────────────────────

export function getUnitCalendar(id: string, month: string, options?: CallOptions): Promise<UnitCalendar> {
  return call(inspection.GET('/v1/routines/units/{enterprise_id}/calendar', { params: { ...unitPath(id), query: { month } } }), options)
}

export function listProblems(id: string, options?: CallOptions): Promise<Problem[]> {
  return call(inspection.GET('/v1/routines/units/{enterprise_id}/problems', { params: unitPath(id) }), options)
}

/** The figures behind checklist items 2.1–2.4, with one sentence per item (`summary["2.1"]`). */
export function getEvidence(id: string, days = 90, options?: CallOptions): Promise<Evidence> {
  return call(inspection.GET('/v1/routines/units/{enterprise_id}/evidence', { params: { ...unitPath(id), query: { days } } }), options)
}

export function getRiskList(id: string, version?: number, options?: CallOptions): Promise<RiskList> {
  return call(inspection.GET('/v1/routines/units/{enterprise_id}/risk-list', { params: { ...unitPath(id), query: { version } } }), options)
}

export function listRiskListVersions(id: string, options?: CallOptions): Promise<RiskListVersion[]> {
  return call(inspection.GET('/v1/routines/units/{enterprise_id}/risk-list/versions', { params: unitPath(id) }), options)
}

export function listRoster(id: string, options?: CallOptions): Promise<RosterPerson[]> {
  return call(inspection.GET('/v1/routines/units/{enterprise_id}/roster', { params: unitPath(id) }), options)
}

export function listTraining(id: string, options?: CallOptions): Promise<Training[]> {
  return call(inspection.GET('/v1/routines/units/{enterprise_id}/training', { params: unitPath(id) }), options)
}

export function listDocuments(id: string, options?: CallOptions): Promise<UnitDocument[]> {
  return call(inspection.GET('/v1/routines/units/{enterprise_id}/documents', { params: unitPath(id) }), options)
}

export function downloadDocument(enterpriseId: string, doc: UnitDocument, options?: CallOptions): Promise<void> {
  return downloadFile(`${INSPECTION_BASE}/v1/routines/units/${enterpriseId}/documents/${doc.id}`, doc.filename, undefined, options)
}

/** Error codes the pages react to. */
export const ROUTINE_ERROR = {
  noRiskList: 'ROUTINE_NO_RISK_LIST',
  recordState: 'ROUTINE_RECORD_STATE',
  unitNotFound: 'UNIT_NOT_FOUND',
} as const
