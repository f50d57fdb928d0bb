// 进展调度 (audit /v1/progress): the prefecture bureaus' half-monthly reports, the region's dispatch
// meetings and their agreed items, the work ledger that tracks those items and the follow-up
// documents, and the briefings compiled from the reports.
import { call } from '@/shared/api/client'
import type { CallOptions } from '@/shared/api/client'
import { audit } from '@/shared/api/auditClient'
import type { AuditPaths as paths } from '@/shared/api/auditClient'
import type { BodyJson, OkJson } from '@/shared/api/types'
import { downloadAuditFile } from '../shared/api'

export type Report = OkJson<paths['/v1/progress/reports']['get']>[number]
export type ReportIn = BodyJson<paths['/v1/progress/reports/{period_code}']['put']>
export type Meeting = OkJson<paths['/v1/progress/meetings']['get']>[number]
export type MeetingIn = BodyJson<paths['/v1/progress/meetings']['post']>
export type Decision = OkJson<paths['/v1/progress/decisions/{decision_id}/done']['post']>
export type LedgerStatus = NonNullable<NonNullable<paths['/v1/progress/ledger']['get']['parameters']['query']>['status']>
export type LedgerRow = OkJson<paths['/v1/progress/ledger']['get']>[number]
export type Briefing = OkJson<paths['/v1/progress/briefings']['get']>[number]
export type BriefingPatch = BodyJson<paths['/v1/progress/briefings/{briefing_id}']['patch']>

// ── half-monthly reports ──────────────────────────────────────────────────────────────────────

export function listReports(periodCode: string, options?: CallOptions): Promise<Report[]> {
  return call(audit.GET('/v1/progress/reports', { params: { query: { period_code: periodCode } } }), options)
}

export function saveReport(periodCode: string, body: ReportIn, options?: CallOptions): Promise<Report> {
  return call(audit.PUT('/v1/progress/reports/{period_code}', { params: { path: { period_code: periodCode } }, body }), options)
}

export function submitReport(periodCode: string, options?: CallOptions): Promise<Report> {
  return call(audit.POST('/v1/progress/reports/{period_code}/submit', { params: { path: { period_code: periodCode } } }), options)
}

export function returnReport(periodCode: string, orgCode: string, comment: string, options?: CallOptions): Promise<Report> {
  return call(
    audit.POST('/v1/progress/reports/{period_code}/{org_code}/return', {
      params: { path: { period_code: periodCode, org_code: orgCode } },
      body: { comment },
    }),
    options,
  )
}

// ── meetings and their agreed items ───────────────────────────────────────────────────────────

export function listMeetings(year?: number, options?: CallOptions): Promise<Meeting[]> {
  return call(audit.GET('/v1/progress/meetings', { params: { query: { year } } }), options)
}

export function addMeeting(body: MeetingIn, options?: CallOptions): Promise<Meeting> {
  return call(audit.POST('/v1/progress/meetings', { body }), options)
}

export function markDone(id: string, note: string, options?: CallOptions): Promise<Decision> {
  return call(audit.POST('/v1/progress/decisions/{decision_id}/done', { params: { path: { decision_id: id } }, body: { note } }), options)
}

// ── the work ledger ───────────────────────────────────────────────────────────────────────────

export function getLedger(status?: LedgerStatus, options?: CallOptions): Promise<LedgerRow[]> {
  return call(audit.GET('/v1/progress/ledger', { params: { query: { status } } }), options)
}

export function exportLedger(status?: LedgerStatus): Promise<void> {
  return downloadAuditFile('/v1/progress/ledger.xlsx', '工作台账.xlsx', { status })
}

// ── briefings ─────────────────────────────────────────────────────────────────────────────────

export function listBriefings(options?: CallOptions): Promise<Briefing[]> {
  return call(audit.GET('/v1/progress/briefings'), options)
}

export function compileBriefing(periodCode: string, title: string | null, options?: CallOptions): Promise<Briefing> {
  return call(audit.POST('/v1/progress/briefings', { body: { period_code: periodCode, title } }), options)
}

export function updateBriefing(id: string, body: BriefingPatch, options?: CallOptions): Promise<Briefing> {
  return call(audit.PATCH('/v1/progress/briefings/{briefing_id}', { params: { path: { briefing_id: id } }, body }), options)
}

export function publishBriefing(id: string, options?: CallOptions): Promise<Briefing> {
  return call(audit.POST('/v1/progress/briefings/{briefing_id}/publish', { params: { path: { briefing_id: id } } }), options)
}

export function downloadBriefing(row: Pick<Briefing, 'id' | 'year' | 'issue_no'>, fmt: 'docx' | 'pdf'): Promise<void> {
  return downloadAuditFile(`/v1/progress/briefings/${row.id}/document.${fmt}`, `工作简报-${row.year}-${row.issue_no}.${fmt}`)
}
