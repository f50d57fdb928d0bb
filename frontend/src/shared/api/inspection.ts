// 监督检查 (F4, F7): inspection tasks, 双随机 draws, filled checklists with photos and signatures,
// rectification notices, risk events and a unit's key risk points (inspection /v1/...).
import { call, fetchFile, gateway } from './client'
import type { CallOptions, FetchedFile } from './client'
import { downloadFile } from './files'
import { INSPECTION_BASE, inspection } from './inspectionClient'
import type { InspectionPaths as paths } from './inspectionClient'
import type { paths as GatewayPaths } from './generated/gateway'
import type { BodyJson, OkJson } from './types'

type TaskListOp = paths['/v1/tasks']['get']
type InspectionListOp = paths['/v1/inspections']['get']
type RectificationListOp = paths['/v1/rectifications']['get']

export type TaskQuery = NonNullable<TaskListOp['parameters']['query']>
export type TaskPage = OkJson<TaskListOp>
export type Task = TaskPage['items'][number]
export type TaskStatus = NonNullable<TaskQuery['status']>
export type TaskIn = BodyJson<paths['/v1/tasks']['post']>
export type AssignIn = BodyJson<paths['/v1/tasks/{task_id}/assign']['post']>
export type PlanOut = OkJson<paths['/v1/tasks/plan']['post']>

export type InspectionIn = BodyJson<paths['/v1/inspections/{inspection_id}']['put']>
export type Inspection = OkJson<paths['/v1/inspections/{inspection_id}']['get']>
export type InspectionItem = Inspection['items'][number]
export type ItemResult = NonNullable<InspectionItem['result']>
export type InspectionQuery = NonNullable<InspectionListOp['parameters']['query']>
export type InspectionPage = OkJson<InspectionListOp>
export type InspectionStatus = NonNullable<InspectionQuery['status']>
export type SubmitIn = BodyJson<paths['/v1/inspections/{inspection_id}/submit']['post']>
export type RiskIn = NonNullable<SubmitIn['risks']>[number]
export type Severity = RiskIn['severity']
export type Photo = OkJson<paths['/v1/inspections/{inspection_id}/photos']['get']>[number]

export type RectificationQuery = NonNullable<RectificationListOp['parameters']['query']>
export type RectificationPage = OkJson<RectificationListOp>
export type Rectification = RectificationPage['items'][number]
export type RectificationStatus = NonNullable<RectificationQuery['status']>
export type VerifyIn = BodyJson<paths['/v1/rectifications/{rectification_id}/verify']['post']>

export type RiskPoint = OkJson<paths['/v1/units/{enterprise_id}/risk-points']['get']>[number]
export type Template = OkJson<paths['/v1/templates']['get']>[number]
export type TemplateItem = Template['items'][number]
export type RiskEventIn = BodyJson<paths['/v1/risk-events']['post']>
export type RiskEvent = OkJson<paths['/v1/risk-events']['post']>
export type RiskSource = RiskEventIn['source']

type DrawOutRaw = OkJson<paths['/v1/draws']['post']>
/** A draw; `seed` is kept as its decimal digits (it may exceed JavaScript's safe integers). */
export type Draw = Omit<DrawOutRaw, 'seed'> & { seed: string }
export type DrawIn = Omit<BodyJson<paths['/v1/draws']['post']>, 'seed'> & { seed?: string | null }
export type DrawVerify = OkJson<paths['/v1/draws/{draw_id}/verify']['get']>
export type DrawUnitType = NonNullable<DrawIn['unit_types']>[number]
export type DrawGrade = NonNullable<DrawIn['grades']>[number]

export type Staff = OkJson<GatewayPaths['/api/auth/v1/staff']['get']>[number]

/** Error codes the inspection pages react to. */
export const INSPECTION_ERROR = {
  conflict: 'INSPECTION_CONFLICT',
  submitted: 'INSPECTION_SUBMITTED',
  notFound: 'INSPECTION_NOT_FOUND',
  itemUnknown: 'ITEM_UNKNOWN',
  itemsIncomplete: 'ITEMS_INCOMPLETE',
  remarkRequired: 'FINDING_REMARK_REQUIRED',
  versionConflict: 'VERSION_CONFLICT',
} as const

/** Item numbers under which the two signatures are filed as images. */
export const SIGNATURE_ITEMS = { inspector: 'sig:insp', representative: 'sig:rep' } as const

const inspectionPath = (id: string) => ({ path: { inspection_id: id } })
const unitPath = (id: string) => ({ path: { enterprise_id: id } })

// ── tasks ─────────────────────────────────────────────────────────────────────────────────────

export function listTasks(query: TaskQuery, options?: CallOptions): Promise<TaskPage> {
  return call(inspection.GET('/v1/tasks', { params: { query } }), options)
}

/** An ad hoc task (临时检查); without an assignee it is the caller's own. */
export function createTask(body: TaskIn, options?: CallOptions): Promise<Task> {
  return call(inspection.POST('/v1/tasks', { body }), options)
}

export function assignTask(id: string, body: AssignIn, options?: CallOptions): Promise<Task> {
  return call(inspection.POST('/v1/tasks/{task_id}/assign', { params: { path: { task_id: id } }, body }), options)
}

export function cancelTask(id: string, reason: string, options?: CallOptions): Promise<Task> {
  return call(inspection.POST('/v1/tasks/{task_id}/cancel', { params: { path: { task_id: id } }, body: { reason } }), options)
}

/** This half-year's planned visits of high-risk, 重点 and 特别 units (idempotent). */
export function planTasks(options?: CallOptions): Promise<PlanOut> {
  return call(inspection.POST('/v1/tasks/plan'), options)
}

// ── inspections ───────────────────────────────────────────────────────────────────────────────

/** Create (base_version 0) or save a filled checklist under the id the client made. */
export function saveInspection(id: string, body: InspectionIn, options?: CallOptions): Promise<Inspection> {
  return call(inspection.PUT('/v1/inspections/{inspection_id}', { params: inspectionPath(id), body }), options)
}

export function submitInspection(id: string, body: SubmitIn, options?: CallOptions): Promise<Inspection> {
  return call(inspection.POST('/v1/inspections/{inspection_id}/submit', { params: inspectionPath(id), body }), options)
}

export function getInspection(id: string, options?: CallOptions): Promise<Inspection> {
  return call(inspection.GET('/v1/inspections/{inspection_id}', { params: inspectionPath(id) }), options)
}

export function listInspections(query: InspectionQuery, options?: CallOptions): Promise<InspectionPage> {
  return call(inspection.GET('/v1/inspections', { params: { query } }), options)
}

/** Upload a photo (or a signature) under the id the client made; the same upload again is harmless. */
export function uploadPhoto(
  inspectionId: string,
  photoId: string,
  itemNo: string,
  file: Blob,
  filename: string,
  options?: CallOptions,
): Promise<Photo> {
  return call(
    inspection.PUT('/v1/inspections/{inspection_id}/photos/{photo_id}', {
      params: { path: { inspection_id: inspectionId, photo_id: photoId } },
      body: { item_no: itemNo, file },
      bodySerializer(body) {
        const form = new FormData()
        form.append('item_no', body.item_no)
        form.append('file', body.file, filename)
        return form
      },
    }),
    options,
  )
}

export function listPhotos(id: string, options?: CallOptions): Promise<Photo[]> {
  return call(inspection.GET('/v1/inspections/{inspection_id}/photos', { params: inspectionPath(id) }), options)
}

/** One photo's image (fetched with the session's token). */
export function fetchPhoto(inspectionId: string, photoId: string, options?: CallOptions): Promise<FetchedFile> {
  return fetchFile(`${INSPECTION_BASE}/v1/inspections/${inspectionId}/photos/${photoId}`, options)
}

/** The filled 监管任务清单 as a printable PDF, with both signatures. */
export function exportInspectionPdf(row: Pick<Inspection, 'id' | 'enterprise_name' | 'inspected_on'>, options?: CallOptions): Promise<void> {
  return downloadFile(
    `${INSPECTION_BASE}/v1/inspections/${row.id}/export.pdf`,
    `监管任务清单-${row.enterprise_name}-${row.inspected_on}.pdf`,
    undefined,
    options,
  )
}

export function exportInspectionXlsx(row: Pick<Inspection, 'id' | 'enterprise_name' | 'inspected_on'>, options?: CallOptions): Promise<void> {
  return downloadFile(
    `${INSPECTION_BASE}/v1/inspections/${row.id}/export.xlsx`,
    `监管任务清单-${row.enterprise_name}-${row.inspected_on}.xlsx`,
    undefined,
    options,
  )
}

/** The current checklist templates (附件5-1 producers, 附件5-2 sellers). */
export function listTemplates(options?: CallOptions): Promise<Template[]> {
  return call(inspection.GET('/v1/templates'), options)
}

// ── rectifications ────────────────────────────────────────────────────────────────────────────

export function listRectifications(query: RectificationQuery, options?: CallOptions): Promise<RectificationPage> {
  return call(inspection.GET('/v1/rectifications', { params: { query } }), options)
}

/** The enterprise's answer: what it did (enterprise users only). */
export function answerRectification(id: string, answer: string, baseVersion: number, options?: CallOptions): Promise<Rectification> {
  return call(
    inspection.POST('/v1/rectifications/{rectification_id}/answer', {
      params: { path: { rectification_id: id } },
      body: { answer, base_version: baseVersion },
    }),
    options,
  )
}

/** The regulator's check of an answer: accept (closed) or return it. */
export function verifyRectification(id: string, body: VerifyIn, options?: CallOptions): Promise<Rectification> {
  return call(inspection.POST('/v1/rectifications/{rectification_id}/verify', { params: { path: { rectification_id: id } }, body }), options)
}

// ── a unit's key risk points and risk events ──────────────────────────────────────────────────

export function listRiskPoints(enterpriseId: string, includeRetired = false, options?: CallOptions): Promise<RiskPoint[]> {
  return call(
    inspection.GET('/v1/units/{enterprise_id}/risk-points', {
      params: { ...unitPath(enterpriseId), query: { include_retired: includeRetired || undefined } },
    }),
    options,
  )
}

export function addRiskPoint(enterpriseId: string, text: string, options?: CallOptions): Promise<RiskPoint> {
  return call(inspection.POST('/v1/units/{enterprise_id}/risk-points', { params: unitPath(enterpriseId), body: { text } }), options)
}

export function retireRiskPoint(enterpriseId: string, pointId: string, options?: CallOptions): Promise<RiskPoint> {
  return call(
    inspection.POST('/v1/units/{enterprise_id}/risk-points/{point_id}/retire', {
      params: { path: { enterprise_id: enterpriseId, point_id: pointId } },
    }),
    options,
  )
}

export function listRiskEvents(enterpriseId: string, options?: CallOptions): Promise<RiskEvent[]> {
  return call(inspection.GET('/v1/risk-events', { params: { query: { enterprise_id: enterpriseId } } }), options)
}

export function recordRiskEvent(body: RiskEventIn, options?: CallOptions): Promise<RiskEvent> {
  return call(inspection.POST('/v1/risk-events', { body }), options)
}

// ── 双随机 draws ───────────────────────────────────────────────────────────────────────────────

/**
 * The service writes seeds as JSON integers of up to 62 bits, more than a JavaScript number holds
 * exactly: read them as text so the seed shown (and used to reproduce a draw) is the real one.
 */
function parseDraws(text: string): unknown {
  return JSON.parse(text.replace(/"seed"\s*:\s*(\d+)/g, '"seed":"$1"'))
}

/** Keep a typed seed's digits as they are (a number would be rounded above 2^53). */
function drawBody(body: DrawIn): string {
  const { seed, ...rest } = body
  const json = JSON.stringify(rest)
  const digits = seed?.trim()
  return digits && /^\d{1,19}$/.test(digits) ? `${json.slice(0, -1)},"seed":${digits}}` : json
}

export function createDraw(body: DrawIn, options?: CallOptions): Promise<Draw> {
  return call(
    inspection
      .POST('/v1/draws', {
        body: body as unknown as BodyJson<paths['/v1/draws']['post']>,
        bodySerializer: () => drawBody(body),
        parseAs: 'text',
      })
      .then((result) => (result.data === undefined ? result : { ...result, data: parseDraws(result.data) as Draw })),
    options,
  )
}

export function listDraws(options?: CallOptions): Promise<Draw[]> {
  return call(
    inspection
      .GET('/v1/draws', { parseAs: 'text' })
      .then((result) => (result.data === undefined ? result : { ...result, data: parseDraws(result.data) as Draw[] })),
    options,
  )
}

/** Draw again from the recorded seed: the same pool must give the same units and inspectors. */
export function verifyDraw(id: string, options?: CallOptions): Promise<DrawVerify> {
  return call(inspection.GET('/v1/draws/{draw_id}/verify', { params: { path: { draw_id: id } } }), options)
}

// ── staff (gateway) ───────────────────────────────────────────────────────────────────────────

/** Inspectors who can be assigned in `org` and below (station inspectors and county officers). */
export function listInspectors(org: string, options?: CallOptions): Promise<Staff[]> {
  return call(
    gateway.GET('/api/auth/v1/staff', { params: { query: { org, role: ['station_inspector', 'county_officer'] } } }),
    options,
  )
}
