// 督办文书 (audit /v1/followups): one document with its answer, the issuer's review (退回 / 办结),
// attachments, the docx / PDF, and the issuing bureau's 发文字号 prefix.
import { call } from '@/shared/api/client'
import type { CallOptions } from '@/shared/api/client'
import { audit } from '@/shared/api/auditClient'
import { downloadAuditFile, multipart } from '../shared/api'
import type { FollowUp, StoredFile } from '../shared/api'

const byId = (id: string) => ({ path: { followup_id: id } })

export function getFollowUp(id: string, options?: CallOptions): Promise<FollowUp> {
  return call(audit.GET('/v1/followups/{followup_id}', { params: byId(id) }), options)
}

export function answerFollowUp(id: string, answer: string, options?: CallOptions): Promise<FollowUp> {
  return call(audit.POST('/v1/followups/{followup_id}/answer', { params: byId(id), body: { answer } }), options)
}

export function returnFollowUp(id: string, comment: string, options?: CallOptions): Promise<FollowUp> {
  return call(audit.POST('/v1/followups/{followup_id}/return', { params: byId(id), body: { comment } }), options)
}

export function closeFollowUp(id: string, comment: string, options?: CallOptions): Promise<FollowUp> {
  return call(audit.POST('/v1/followups/{followup_id}/close', { params: byId(id), body: { comment } }), options)
}

export function uploadAttachment(id: string, file: File, options?: CallOptions): Promise<StoredFile> {
  return call(
    audit.POST('/v1/followups/{followup_id}/files', { params: byId(id), body: { file }, bodySerializer: () => multipart(file) }),
    options,
  )
}

export function downloadAttachment(id: string, file: StoredFile): Promise<void> {
  return downloadAuditFile(`/v1/followups/${id}/files/${file.id}`, file.filename)
}

/** The document as Word (docx) or PDF, as the service renders it from the stored record. */
export function downloadDocument(row: Pick<FollowUp, 'id' | 'number' | 'kind_label'>, fmt: 'docx' | 'pdf'): Promise<void> {
  return downloadAuditFile(`/v1/followups/${row.id}/document.${fmt}`, `${row.kind_label}-${row.number}.${fmt}`)
}

export async function getPrefix(options?: CallOptions): Promise<string> {
  return (await call(audit.GET('/v1/document-prefix'), options)).prefix
}

export async function setPrefix(prefix: string, options?: CallOptions): Promise<string> {
  return (await call(audit.PUT('/v1/document-prefix', { body: { prefix } }), options)).prefix
}
