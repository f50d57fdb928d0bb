// 日管控、周排查、月调度 of the enterprise user's own unit (inspection /v1/routines/...): the
// category templates and the unit's 风险管控清单, the records it files (saved under ids made on
// the phone, so a resend never duplicates), what it still owes, its calendar, problems, roster,
// training and duty documents.
import { call, callNoContent, fetchFile } from '@/shared/api/client'
import type { CallOptions, FetchedFile } from '@/shared/api/client'
import { downloadFile } from '@/shared/api/files'
import { INSPECTION_BASE, inspection } from '@/shared/api/inspectionClient'
import type { InspectionPaths as paths } from '@/shared/api/inspectionClient'
import { ApiError } from '@/shared/api/problem'
import type { BodyJson, OkJson } from '@/shared/api/types'

type RecordListOp = paths['/v1/routines/records']['get']

export type RiskTemplate = OkJson<paths['/v1/routines/templates']['get']>[number]
export type RiskList = OkJson<paths['/v1/routines/units/{enterprise_id}/risk-list']['get']>
export type RiskListItem = RiskList['items'][number]
export type RiskListIn = BodyJson<paths['/v1/routines/units/{enterprise_id}/risk-list']['put']>
export type RiskListVersion = OkJson<paths['/v1/routines/units/{enterprise_id}/risk-list/versions']['get']>[number]
export type Frequency = RiskListItem['frequency'] & string

export type RecordIn = BodyJson<paths['/v1/routines/records/{record_id}']['put']>
export type DailyIn = Extract<RecordIn, { kind: 'daily' }>
export type WeeklyIn = Extract<RecordIn, { kind: 'weekly' }>
export type MonthlyIn = Extract<RecordIn, { kind: 'monthly' }>
export type RoutineRecord = OkJson<paths['/v1/routines/records/{record_id}']['get']>
export type RecordQuery = NonNullable<RecordListOp['parameters']['query']>
export type RecordPage = OkJson<RecordListOp>
export type RoutinePhoto = NonNullable<RoutineRecord['photos']>[number]

export type Due = OkJson<paths['/v1/routines/due']['get']>[number]
export type UnitCalendar = OkJson<paths['/v1/routines/units/{enterprise_id}/calendar']['get']>
export type CalendarDay = UnitCalendar['daily'][number]
export type CalendarState = CalendarDay['state']
export type Problem = OkJson<paths['/v1/routines/units/{enterprise_id}/problems']['get']>[number]
export type RosterPerson = OkJson<paths['/v1/routines/units/{enterprise_id}/roster']['get']>[number]
export type Training = OkJson<paths['/v1/routines/units/{enterprise_id}/training']['get']>[number]
export type TrainingIn = BodyJson<paths['/v1/routines/units/{enterprise_id}/training']['post']>
export type UnitDocument = OkJson<paths['/v1/routines/units/{enterprise_id}/documents']['get']>[number]
export type DocumentKind = 'director_duties' | 'officer_rules' | 'system' | 'other'

export type RoutineKind = 'daily' | 'weekly' | 'monthly'
export const ROUTINE_KINDS: readonly RoutineKind[] = ['daily', 'weekly', 'monthly']

/** Error codes the routine pages and the outbox react to (docs/api/routines.md). */
export const ROUTINE_ERROR = {
  conflict: 'ROUTINE_CONFLICT',
  draftExists: 'ROUTINE_DRAFT_EXISTS',
  periodFiled: 'ROUTINE_PERIOD_FILED',
  recordFiled: 'ROUTINE_RECORD_FILED',
  incomplete: 'ROUTINE_INCOMPLETE',
  noRiskList: 'ROUTINE_NO_RISK_LIST',
  unknownItem: 'ROUTINE_UNKNOWN_ITEM',
  notFound: 'ROUTINE_RECORD_NOT_FOUND',
  photoTaken: 'PHOTO_ID_TAKEN',
  listConflict: 'RISK_LIST_CONFLICT',
} as const

const unitPath = (id: string) => ({ path: { enterprise_id: id } })
const recordPath = (id: string) => ({ path: { record_id: id } })

// ── templates and the unit's risk-control list ───────────────────────────────────────────────

export function listRiskTemplates(options?: CallOptions): Promise<RiskTemplate[]> {
  return call(inspection.GET('/v1/routines/templates'), options)
}

/** The unit's list (current, or an old version); null when the unit has none yet. */
export async function getRiskList(enterpriseId: string, version?: number, options: CallOptions = {}): Promise<RiskList | null> {
  try {
    return await call(
      inspection.GET('/v1/routines/units/{enterprise_id}/risk-list', { params: { ...unitPath(enterpriseId), query: { version } } }),
      { ...options, silent: true },
    )
  } catch (err) {
    if (err instanceof ApiError && err.code === ROUTINE_ERROR.noRiskList) return null
    throw err
  }
}

export function listRiskListVersions(enterpriseId: string, options?: CallOptions): Promise<RiskListVersion[]> {
  return call(inspection.GET('/v1/routines/units/{enterprise_id}/risk-list/versions', { params: unitPath(enterpriseId) }), options)
}

/** A new version of the list; `base_version` is the version edited (0 for the first). */
export function saveRiskList(enterpriseId: string, body: RiskListIn, options?: CallOptions): Promise<RiskList> {
  return call(inspection.PUT('/v1/routines/units/{enterprise_id}/risk-list', { params: unitPath(enterpriseId), body }), options)
}

// ── records ───────────────────────────────────────────────────────────────────────────────────

/** Create or change a draft under the id the phone made (an identical resend is a no-op). */
export function saveRecord(id: string, body: RecordIn, options?: CallOptions): Promise<RoutineRecord> {
  return call(inspection.PUT('/v1/routines/records/{record_id}', { params: recordPath(id), body }), options)
}

/** Submit the draft at `baseVersion` (idempotent: a submitted record comes back as it is). */
export function submitRecord(id: string, baseVersion: number, options?: CallOptions): Promise<RoutineRecord> {
  return call(
    inspection.POST('/v1/routines/records/{record_id}/submit', { params: recordPath(id), body: { base_version: baseVersion } }),
    options,
  )
}

export function getRecord(id: string, options?: CallOptions): Promise<RoutineRecord> {
  return call(inspection.GET('/v1/routines/records/{record_id}', { params: recordPath(id) }), options)
}

export function listRecords(query: RecordQuery, options?: CallOptions): Promise<RecordPage> {
  return call(inspection.GET('/v1/routines/records', { params: { query } }), options)
}

export function listRevisions(id: string, options?: CallOptions): Promise<RoutineRecord[]> {
  return call(inspection.GET('/v1/routines/records/{record_id}/revisions', { params: recordPath(id) }), options)
}

/** Drafts only; the service refuses a filed record (ROUTINE_RECORD_FILED). */
export function deleteRecord(id: string, options?: CallOptions): Promise<void> {
  return callNoContent(inspection.DELETE('/v1/routines/records/{record_id}', { params: recordPath(id) }), options)
}

/** A photo of a daily item, under the id the phone made; the same upload again is the same photo. */
export function uploadRecordPhoto(
  recordId: string,
  photoId: string,
  itemId: string,
  file: Blob,
  filename: string,
  options?: CallOptions,
): Promise<RoutinePhoto> {
  return call(
    inspection.PUT('/v1/routines/records/{record_id}/photos/{photo_id}', {
      params: { path: { record_id: recordId, photo_id: photoId }, query: { item_id: itemId } },
      body: { file },
      bodySerializer(body) {
        const form = new FormData()
        form.append('file', body.file, filename)
        return form
      },
    }),
    options,
  )
}

export function fetchRecordPhoto(recordId: string, photoId: string, options?: CallOptions): Promise<FetchedFile> {
  return fetchFile(`${INSPECTION_BASE}/v1/routines/records/${recordId}/photos/${photoId}`, options)
}

// ── what is owed, the calendar, problems ──────────────────────────────────────────────────────

export function listDue(options?: CallOptions): Promise<Due[]> {
  return call(inspection.GET('/v1/routines/due'), options)
}

/** `month` as YYYY-MM. */
export function getCalendar(enterpriseId: string, month: string, options?: CallOptions): Promise<UnitCalendar> {
  return call(inspection.GET('/v1/routines/units/{enterprise_id}/calendar', { params: { ...unitPath(enterpriseId), query: { month } } }), options)
}

export function listProblems(
  enterpriseId: string,
  query: { closed?: boolean; first?: string; last?: string },
  options?: CallOptions,
): Promise<Problem[]> {
  return call(inspection.GET('/v1/routines/units/{enterprise_id}/problems', { params: { ...unitPath(enterpriseId), query } }), options)
}

// ── people and documents ──────────────────────────────────────────────────────────────────────

export function getRoster(enterpriseId: string, options?: CallOptions): Promise<RosterPerson[]> {
  return call(inspection.GET('/v1/routines/units/{enterprise_id}/roster', { params: unitPath(enterpriseId) }), options)
}

export function listTraining(enterpriseId: string, options?: CallOptions): Promise<Training[]> {
  return call(inspection.GET('/v1/routines/units/{enterprise_id}/training', { params: unitPath(enterpriseId) }), options)
}

export function addTraining(enterpriseId: string, body: TrainingIn, options?: CallOptions): Promise<Training> {
  return call(inspection.POST('/v1/routines/units/{enterprise_id}/training', { params: unitPath(enterpriseId), body }), options)
}

export function listDocuments(enterpriseId: string, options?: CallOptions): Promise<UnitDocument[]> {
  return call(inspection.GET('/v1/routines/units/{enterprise_id}/documents', { params: unitPath(enterpriseId) }), options)
}

export function uploadDocument(
  enterpriseId: string,
  kind: DocumentKind,
  title: string,
  file: File,
  options?: CallOptions,
): Promise<UnitDocument> {
  return call(
    inspection.POST('/v1/routines/units/{enterprise_id}/documents', {
      params: unitPath(enterpriseId),
      body: { kind, title, file },
      bodySerializer(body) {
        const form = new FormData()
        form.append('kind', body.kind)
        form.append('title', body.title)
        form.append('file', body.file, file.name)
        return form
      },
    }),
    options,
  )
}

export function downloadDocument(enterpriseId: string, doc: Pick<UnitDocument, 'id' | 'filename'>, options?: CallOptions): Promise<void> {
  return downloadFile(`${INSPECTION_BASE}/v1/routines/units/${enterpriseId}/documents/${doc.id}`, doc.filename, undefined, options)
}
