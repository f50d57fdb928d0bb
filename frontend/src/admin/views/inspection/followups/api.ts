// 召回、质量技术帮扶、案件移送 (inspection /v1/recalls, /v1/assistance, /v1/referrals).
import { call } from '@/shared/api/client'
import type { CallOptions } from '@/shared/api/client'
import { inspection } from '@/shared/api/inspectionClient'
import type { InspectionPaths as paths } from '@/shared/api/inspectionClient'
import type { BodyJson, OkJson } from '@/shared/api/types'

type RecallListOp = paths['/v1/recalls']['get']
type ReferralListOp = paths['/v1/referrals']['get']

export type RecallQuery = NonNullable<RecallListOp['parameters']['query']>
export type Recall = OkJson<RecallListOp>[number]
export type RecallStatus = NonNullable<RecallQuery['status']>
export type RecallIn = BodyJson<paths['/v1/recalls']['post']>
export type ProgressIn = BodyJson<paths['/v1/recalls/{recall_id}/progress']['post']>
export type CloseIn = BodyJson<paths['/v1/recalls/{recall_id}/close']['post']>

export type Assistance = OkJson<paths['/v1/assistance']['get']>[number]
export type AssistanceIn = BodyJson<paths['/v1/assistance']['post']>

export type ReferralQuery = NonNullable<ReferralListOp['parameters']['query']>
export type Referral = OkJson<ReferralListOp>[number]
export type ReferralStatus = NonNullable<ReferralQuery['status']>
export type ReferralIn = BodyJson<paths['/v1/referrals']['post']>
export type ReferralUpdate = BodyJson<paths['/v1/referrals/{referral_id}']['patch']>

export const RECALL_STATUSES: readonly RecallStatus[] = ['ordered', 'in_progress', 'closed']
export const REFERRAL_STATUSES: readonly ReferralStatus[] = ['referred', 'filed', 'concluded']

/** One entry of a recall's progress, as the service stores it. */
export interface RecallProgress {
  on: string
  text: string
  by: string
  recovered: number | null
}

export function progressEntries(recall: Recall): RecallProgress[] {
  return recall.progress.map((p) => ({
    on: String(p.on ?? ''),
    text: String(p.text ?? ''),
    by: String(p.by ?? ''),
    recovered: typeof p.recovered === 'number' ? p.recovered : null,
  }))
}

// ── recalls ───────────────────────────────────────────────────────────────────────────────────

export function listRecalls(query: RecallQuery, options?: CallOptions): Promise<Recall[]> {
  return call(inspection.GET('/v1/recalls', { params: { query } }), options)
}

export function orderRecall(body: RecallIn, options?: CallOptions): Promise<Recall> {
  return call(inspection.POST('/v1/recalls', { body }), options)
}

export function addRecallProgress(id: string, body: ProgressIn, options?: CallOptions): Promise<Recall> {
  return call(inspection.POST('/v1/recalls/{recall_id}/progress', { params: { path: { recall_id: id } }, body }), options)
}

export function closeRecall(id: string, body: CloseIn, options?: CallOptions): Promise<Recall> {
  return call(inspection.POST('/v1/recalls/{recall_id}/close', { params: { path: { recall_id: id } }, body }), options)
}

// ── technical assistance ─────────────────────────────────────────────────────────────────────

export function listAssistance(enterpriseId?: string, options?: CallOptions): Promise<Assistance[]> {
  return call(inspection.GET('/v1/assistance', { params: { query: { enterprise_id: enterpriseId } } }), options)
}

export function recordAssistance(body: AssistanceIn, options?: CallOptions): Promise<Assistance> {
  return call(inspection.POST('/v1/assistance', { body }), options)
}

// ── referrals ────────────────────────────────────────────────────────────────────────────────

export function listReferrals(query: ReferralQuery, options?: CallOptions): Promise<Referral[]> {
  return call(inspection.GET('/v1/referrals', { params: { query } }), options)
}

export function createReferral(body: ReferralIn, options?: CallOptions): Promise<Referral> {
  return call(inspection.POST('/v1/referrals', { body }), options)
}

export function updateReferral(id: string, body: ReferralUpdate, options?: CallOptions): Promise<Referral> {
  return call(inspection.PATCH('/v1/referrals/{referral_id}', { params: { path: { referral_id: id } }, body }), options)
}
