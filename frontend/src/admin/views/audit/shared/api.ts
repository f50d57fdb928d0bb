// What the 督查考核 pages share of the audit service (/api/audit/v1): the bureaus the caller may
// audit, issue documents to and score (its direct subordinates), the follow-up and score entries
// the audit page starts, and the uploads and downloads every page uses.
import { call } from '@/shared/api/client'
import type { CallOptions } from '@/shared/api/client'
import { AUDIT_BASE, audit } from '@/shared/api/auditClient'
import type { AuditPaths as paths } from '@/shared/api/auditClient'
import { downloadFile } from '@/shared/api/files'
import type { QueryValue } from '@/shared/api/files'
import type { BodyJson, OkJson } from '@/shared/api/types'

type AuditListOp = paths['/v1/audits']['get']
type FollowUpListOp = paths['/v1/followups']['get']

export type Target = OkJson<paths['/v1/audits/targets']['get']>[number]
export type AuditQuery = NonNullable<AuditListOp['parameters']['query']>
export type AuditPage = OkJson<AuditListOp>
export type AuditSummary = AuditPage['items'][number]
export type FollowUpQuery = NonNullable<FollowUpListOp['parameters']['query']>
export type FollowUpPage = OkJson<FollowUpListOp>
export type FollowUp = FollowUpPage['items'][number]
export type FollowUpIn = BodyJson<paths['/v1/followups']['post']>
export type FollowUpKind = FollowUpIn['kind']
export type ScoreIn = BodyJson<paths['/v1/scores']['post']>
export type Score = OkJson<paths['/v1/scores']['post']>
export type StoredFile = OkJson<paths['/v1/audits/{audit_id}/files']['post']>

export const FOLLOWUP_KINDS: readonly FollowUpKind[] = ['reminder_letter', 'rectification_notice', 'interview', 'circular']
/** 提醒函、整改通知书 ask for a written answer by a date (followups/router.py NEEDS_DUE). */
export const NEEDS_DUE: readonly FollowUpKind[] = ['reminder_letter', 'rectification_notice']

let targets: { owner: string; pending: Promise<Target[]> } | null = null

/** The caller's direct subordinates (with their last audit), loaded once per signed-in unit. */
export function listTargets(owner: string, options?: CallOptions): Promise<Target[]> {
  if (targets?.owner !== owner) {
    const pending = call(audit.GET('/v1/audits/targets'), options)
    targets = { owner, pending }
    pending.catch(() => {
      targets = null
    })
  }
  return targets.pending
}

/** After an audit is created the targets' last audit dates change. */
export function forgetTargets(): void {
  targets = null
}

export function listAudits(query: AuditQuery, options?: CallOptions): Promise<AuditPage> {
  return call(audit.GET('/v1/audits', { params: { query } }), options)
}

export function listFollowUps(query: FollowUpQuery, options?: CallOptions): Promise<FollowUpPage> {
  return call(audit.GET('/v1/followups', { params: { query } }), options)
}

export function issueFollowUp(body: FollowUpIn, options?: CallOptions): Promise<FollowUp> {
  return call(audit.POST('/v1/followups', { body }), options)
}

export function addScore(body: ScoreIn, options?: CallOptions): Promise<Score> {
  return call(audit.POST('/v1/scores', { body }), options)
}

/** Download a file of the audit service under the server's name (or `fallbackName`). */
export function downloadAuditFile(path: string, fallbackName: string, query?: Readonly<Record<string, QueryValue>>): Promise<void> {
  return downloadFile(`${AUDIT_BASE}${path}`, fallbackName, query)
}

/** The multipart body of an upload: the file under `file`, with the form's other fields. */
export function multipart(file: File, fields: Readonly<Record<string, string | null | undefined>> = {}): FormData {
  const form = new FormData()
  form.append('file', file, file.name)
  for (const [key, value] of Object.entries(fields)) if (value) form.append(key, value)
  return form
}
