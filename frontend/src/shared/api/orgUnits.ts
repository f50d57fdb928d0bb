import { call, gateway } from './client'
import type { CallOptions } from './client'
import type { paths } from './generated/gateway'
import type { OkJson } from './types'

export type OrgUnitTree = OkJson<paths['/api/auth/v1/org-units']['get']>
export type OrgUnitNode = OrgUnitTree['items'][number]

/** The caller's own unit(s) with every unit below, as a tree. */
export async function fetchOrgUnitTree(options?: CallOptions): Promise<OrgUnitNode[]> {
  const tree = await call(gateway.GET('/api/auth/v1/org-units'), options)
  return tree.items
}
