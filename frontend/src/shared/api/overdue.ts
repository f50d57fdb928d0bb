// 超期清单: units not archived, or whose responsible person was not recorded, within 5 working days.
import { call } from './client'
import type { CallOptions } from './client'
import { registry } from './registryClient'
import type { RegistryPaths as paths } from './registryClient'
import type { OkJson } from './types'

type ListOp = paths['/v1/overdue']['get']

export type OverdueQuery = NonNullable<ListOp['parameters']['query']>
export type OverdueKind = NonNullable<OverdueQuery['kind']>
export type OverduePage = OkJson<ListOp>
export type OverdueItem = OverduePage['items'][number]

export function listOverdue(query: OverdueQuery, options?: CallOptions): Promise<OverduePage> {
  return call(registry.GET('/v1/overdue', { params: { query } }), options)
}
