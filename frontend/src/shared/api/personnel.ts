// 名录库: quality-safety directors and officers, masked unless unmasked on purpose (audited).
import { call } from './client'
import type { CallOptions } from './client'
import { downloadFile } from './files'
import { REGISTRY_BASE, registry } from './registryClient'
import type { RegistryPaths as paths } from './registryClient'
import type { BodyJson, OkJson } from './types'

export type Personnel = OkJson<paths['/v1/personnel/{personnel_id}']['patch']>
export type PersonnelIn = BodyJson<paths['/v1/enterprises/{enterprise_id}/personnel']['post']>
export type PersonnelUpdate = BodyJson<paths['/v1/personnel/{personnel_id}']['patch']>
export type PersonnelRole = PersonnelIn['role']
export type AssessmentResult = NonNullable<PersonnelIn['assessment_result']>
export type RosterQuery = NonNullable<paths['/v1/personnel']['get']['parameters']['query']>
export type RosterPage = OkJson<paths['/v1/personnel']['get']>

export const PERSONNEL_ERROR = { versionConflict: 'VERSION_CONFLICT' } as const

export function listEnterprisePersonnel(enterpriseId: string, options?: CallOptions): Promise<Personnel[]> {
  return call(
    registry.GET('/v1/enterprises/{enterprise_id}/personnel', { params: { path: { enterprise_id: enterpriseId } } }),
    options,
  )
}

export function appointPersonnel(enterpriseId: string, body: PersonnelIn, options?: CallOptions): Promise<Personnel> {
  return call(
    registry.POST('/v1/enterprises/{enterprise_id}/personnel', {
      params: { path: { enterprise_id: enterpriseId } },
      body,
    }),
    options,
  )
}

/** Change a person or end the appointment (`ended_on`); needs the version read. */
export function changePersonnel(id: string, body: PersonnelUpdate, options?: CallOptions): Promise<Personnel> {
  return call(registry.PATCH('/v1/personnel/{personnel_id}', { params: { path: { personnel_id: id } }, body }), options)
}

/** The full ID number and phone; the server records who looked and why. */
export function unmaskPersonnel(id: string, reason: string, options?: CallOptions): Promise<Personnel> {
  return call(
    registry.POST('/v1/personnel/{personnel_id}/unmask', { params: { path: { personnel_id: id } }, body: { reason } }),
    options,
  )
}

export function listRoster(query: RosterQuery, options?: CallOptions): Promise<RosterPage> {
  return call(registry.GET('/v1/personnel', { params: { query } }), options)
}

/** The roster as xlsx, personal information masked. */
export function exportRoster(options?: CallOptions): Promise<void> {
  return downloadFile(`${REGISTRY_BASE}/v1/exports/personnel.xlsx`, '名录库.xlsx', {}, options)
}
