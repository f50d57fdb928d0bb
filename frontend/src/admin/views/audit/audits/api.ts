// 督查记录 (audit /v1/audits): one audit of a direct subordinate with its checklist (附件6), the
// figures pre-filled from the other services, the auditor's answers, evidence and conclusion.
import { call, callNoContent } from '@/shared/api/client'
import type { CallOptions } from '@/shared/api/client'
import { audit } from '@/shared/api/auditClient'
import type { AuditPaths as paths } from '@/shared/api/auditClient'
import type { BodyJson, OkJson } from '@/shared/api/types'
import { downloadAuditFile, multipart } from '../shared/api'
import type { StoredFile } from '../shared/api'

export type AuditIn = BodyJson<paths['/v1/audits']['post']>
export type Audit = OkJson<paths['/v1/audits/{audit_id}']['get']>
export type AuditItem = Audit['items'][number]
export type AuditPatch = BodyJson<paths['/v1/audits/{audit_id}']['patch']>
export type ItemIn = BodyJson<paths['/v1/audits/{audit_id}/items/{code}']['put']>

const byId = (id: string) => ({ path: { audit_id: id } })

export function createAudit(body: AuditIn, options?: CallOptions): Promise<Audit> {
  return call(audit.POST('/v1/audits', { body }), options)
}

export function getAudit(id: string, options?: CallOptions): Promise<Audit> {
  return call(audit.GET('/v1/audits/{audit_id}', { params: byId(id) }), options)
}

export function updateAudit(id: string, body: AuditPatch, options?: CallOptions): Promise<Audit> {
  return call(audit.PATCH('/v1/audits/{audit_id}', { params: byId(id), body }), options)
}

export function setItem(id: string, code: string, body: ItemIn, options?: CallOptions): Promise<Audit> {
  return call(audit.PUT('/v1/audits/{audit_id}/items/{code}', { params: { path: { audit_id: id, code } }, body }), options)
}

/** 重新取数: the figures and suggestions again from the services (answers are kept). */
export function refreshAudit(id: string, options?: CallOptions): Promise<Audit> {
  return call(audit.POST('/v1/audits/{audit_id}/refresh', { params: byId(id) }), options)
}

export function submitAudit(id: string, options?: CallOptions): Promise<Audit> {
  return call(audit.POST('/v1/audits/{audit_id}/submit', { params: byId(id) }), options)
}

/** Evidence for one item (`itemCode`) or for the audit as a whole (none). */
export function uploadEvidence(id: string, file: File, itemCode: string | null, options?: CallOptions): Promise<StoredFile> {
  return call(
    audit.POST('/v1/audits/{audit_id}/files', {
      params: byId(id),
      body: { file, item_code: itemCode },
      bodySerializer: () => multipart(file, { item_code: itemCode }),
    }),
    options,
  )
}

export function deleteEvidence(id: string, fileId: string, options?: CallOptions): Promise<void> {
  return callNoContent(audit.DELETE('/v1/audits/{audit_id}/files/{file_id}', { params: { path: { audit_id: id, file_id: fileId } } }), options)
}

export function downloadEvidence(id: string, file: StoredFile): Promise<void> {
  return downloadAuditFile(`/v1/audits/${id}/files/${file.id}`, file.filename)
}

/** The filled checklist in the layout of 附件6 (xlsx). */
export function exportAudit(row: Pick<Audit, 'id' | 'number' | 'target_name'>): Promise<void> {
  return downloadAuditFile(`/v1/audits/${row.id}/export.xlsx`, `督查清单-${row.target_name}-${row.number}.xlsx`)
}
