// 总局归集 (audit /v1/national): what was sent to the national platform (市场监管总局监管督查信息化
// 平台), one row per record version, and resending a row that failed.
import { call } from '@/shared/api/client'
import type { CallOptions } from '@/shared/api/client'
import { audit } from '@/shared/api/auditClient'
import type { AuditPaths as paths } from '@/shared/api/auditClient'
import type { OkJson } from '@/shared/api/types'

type DeliveryListOp = paths['/v1/national/deliveries']['get']

export type DeliveryStats = OkJson<paths['/v1/national/deliveries/stats']['get']>
export type DeliveryQuery = NonNullable<DeliveryListOp['parameters']['query']>
export type DeliveryPage = OkJson<DeliveryListOp>
export type Delivery = DeliveryPage['items'][number]
export type DeliveryStatus = NonNullable<DeliveryQuery['status']>
export type RecordType = NonNullable<DeliveryQuery['record_type']>

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'dead']
export const RECORD_TYPES: readonly RecordType[] = ['audit', 'followup', 'score', 'progress_report', 'briefing']

export function getStats(options?: CallOptions): Promise<DeliveryStats> {
  return call(audit.GET('/v1/national/deliveries/stats'), options)
}

export function listDeliveries(query: DeliveryQuery, options?: CallOptions): Promise<DeliveryPage> {
  return call(audit.GET('/v1/national/deliveries', { params: { query } }), options)
}

export function resend(id: number, options?: CallOptions): Promise<Delivery> {
  return call(audit.POST('/v1/national/deliveries/{delivery_id}/resend', { params: { path: { delivery_id: id } } }), options)
}
