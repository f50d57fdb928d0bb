// 监管责任人: the regulator person answerable for a unit, and its changes (5-working-day rule).
import { call, callNoContent } from './client'
import type { CallOptions } from './client'
import { registry } from './registryClient'
import type { RegistryPaths as paths } from './registryClient'
import type { BodyJson, OkJson } from './types'

type Collection = paths['/v1/enterprises/{enterprise_id}/responsible-persons']

export type ResponsiblePerson = OkJson<Collection['get']>[number]
export type ResponsibleAssign = BodyJson<Collection['post']>
export type ResponsibleEnd = BodyJson<paths['/v1/enterprises/{enterprise_id}/responsible-persons/end']['post']>

const path = (id: string) => ({ path: { enterprise_id: id } })

/** Current and past responsible persons, newest first. */
export function listResponsibles(enterpriseId: string, options?: CallOptions): Promise<ResponsiblePerson[]> {
  return call(registry.GET('/v1/enterprises/{enterprise_id}/responsible-persons', { params: path(enterpriseId) }), options)
}

export function assignResponsible(
  enterpriseId: string,
  body: ResponsibleAssign,
  options?: CallOptions,
): Promise<ResponsiblePerson> {
  return call(
    registry.POST('/v1/enterprises/{enterprise_id}/responsible-persons', { params: path(enterpriseId), body }),
    options,
  )
}

export function endResponsible(enterpriseId: string, body: ResponsibleEnd, options?: CallOptions): Promise<void> {
  return callNoContent(
    registry.POST('/v1/enterprises/{enterprise_id}/responsible-persons/end', { params: path(enterpriseId), body }),
    options,
  )
}
