// 机构与宣贯 (audit /v1/bureau): a bureau's publicity and training activities (宣贯培训), its working
// group (工作专班), its liaison (联络员, 附件2), and the region's leading group (领导小组, 附件1).
import { call } from '@/shared/api/client'
import type { CallOptions } from '@/shared/api/client'
import { audit } from '@/shared/api/auditClient'
import type { AuditPaths as paths } from '@/shared/api/auditClient'
import type { BodyJson, OkJson } from '@/shared/api/types'
import { downloadAuditFile, multipart } from '../shared/api'
import type { StoredFile } from '../shared/api'

type ActivityListOp = paths['/v1/bureau/activities']['get']

export type ActivityQuery = NonNullable<ActivityListOp['parameters']['query']>
export type ActivityPage = OkJson<ActivityListOp>
export type Activity = ActivityPage['items'][number]
export type ActivityIn = BodyJson<paths['/v1/bureau/activities']['post']>
export type WorkGroup = NonNullable<OkJson<paths['/v1/bureau/work-group']['get']>>
export type WorkGroupIn = BodyJson<paths['/v1/bureau/work-group']['put']>
export type Liaison = OkJson<paths['/v1/bureau/liaisons']['get']>[number]
export type LiaisonIn = BodyJson<paths['/v1/bureau/liaison']['put']>
export type LeadingGroup = OkJson<paths['/v1/bureau/leading-group']['get']>
export type LeadingGroupMember = LeadingGroup['members'][number]

export function listActivities(query: ActivityQuery, options?: CallOptions): Promise<ActivityPage> {
  return call(audit.GET('/v1/bureau/activities', { params: { query } }), options)
}

export function addActivity(body: ActivityIn, options?: CallOptions): Promise<Activity> {
  return call(audit.POST('/v1/bureau/activities', { body }), options)
}

export function uploadMaterial(id: string, file: File, options?: CallOptions): Promise<StoredFile> {
  return call(
    audit.POST('/v1/bureau/activities/{activity_id}/materials', {
      params: { path: { activity_id: id } },
      body: { file },
      bodySerializer: () => multipart(file),
    }),
    options,
  )
}

export function downloadMaterial(id: string, file: StoredFile): Promise<void> {
  return downloadAuditFile(`/v1/bureau/activities/${id}/materials/${file.id}`, file.filename)
}

/** The work group of `orgCode` (default: the caller's own); null while none is registered. */
export async function getWorkGroup(orgCode?: string, options?: CallOptions): Promise<WorkGroup | null> {
  let none = false
  const pending = audit.GET('/v1/bureau/work-group', { params: { query: { org_code: orgCode || undefined } } }).then((result) => {
    if (!result.response.ok || result.data) return result
    none = true // 200 with null: the shared client takes an empty body for a failure
    return { data: {} as WorkGroup, response: result.response }
  })
  const group = await call(pending, options)
  return none ? null : group
}

export function saveWorkGroup(body: WorkGroupIn, options?: CallOptions): Promise<WorkGroup> {
  return call(audit.PUT('/v1/bureau/work-group', { body }), options)
}

export function listLiaisons(includePast = false, options?: CallOptions): Promise<Liaison[]> {
  return call(audit.GET('/v1/bureau/liaisons', { params: { query: { include_past: includePast } } }), options)
}

export function setLiaison(body: LiaisonIn, options?: CallOptions): Promise<Liaison> {
  return call(audit.PUT('/v1/bureau/liaison', { body }), options)
}

/** The liaison's full phone number; the service writes an audit record of who looked. */
export async function liaisonPhone(id: string, options?: CallOptions): Promise<string> {
  return (await call(audit.GET('/v1/bureau/liaisons/{liaison_id}/phone', { params: { path: { liaison_id: id } } }), options)).phone
}

export function getLeadingGroup(options?: CallOptions): Promise<LeadingGroup> {
  return call(audit.GET('/v1/bureau/leading-group'), options)
}

export function saveLeadingGroup(members: LeadingGroupMember[], options?: CallOptions): Promise<LeadingGroup> {
  return call(audit.PUT('/v1/bureau/leading-group', { body: { members } }), options)
}
