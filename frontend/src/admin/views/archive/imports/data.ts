// 摸底调查导入: the wizard's steps, the counts it shows, and the issue table's columns.
import type { ImportIssue, ImportJob, ImportJobStatus } from '@/shared/api/imports'
import type { MessageKey } from '@/shared/i18n'
import type { ColumnDef, TagType } from '../shared/ui'

export const ACCEPTED_EXTENSIONS = ['.xlsx', '.csv'] as const
/** The server keeps at most this many issues in a job's answer; the report has them all. */
export const ISSUES_SHOWN = 200
export const POLL_INTERVAL_MS = 1000

export function acceptedFile(name: string): boolean {
  const lower = name.toLowerCase()
  return ACCEPTED_EXTENSIONS.some((ext) => lower.endsWith(ext))
}

export type Step = 'upload' | 'preview' | 'result'
export const STEPS: readonly { step: Step; titleKey: MessageKey }[] = [
  { step: 'upload', titleKey: 'archive.imports.stepUpload' },
  { step: 'preview', titleKey: 'archive.imports.stepPreview' },
  { step: 'result', titleKey: 'archive.imports.stepResult' },
]

export interface Count {
  key: string
  labelKey: MessageKey
  value: number
  tone: 'primary' | 'success' | 'muted' | 'danger' | 'warning'
}

/** 将新增 / 将更新 / 无变化 / 将拒绝 for a dry run; 已新增 … after the real import. */
export function jobCounts(job: ImportJob): Count[] {
  const dry = job.dry_run
  return [
    { key: 'created', labelKey: dry ? 'archive.imports.willCreate' : 'archive.imports.created', value: job.created_count, tone: 'success' },
    { key: 'updated', labelKey: dry ? 'archive.imports.willUpdate' : 'archive.imports.updated', value: job.updated_count, tone: 'primary' },
    { key: 'unchanged', labelKey: 'archive.imports.unchanged', value: job.unchanged_count, tone: 'muted' },
    { key: 'rejected', labelKey: dry ? 'archive.imports.willReject' : 'archive.imports.rejected', value: job.rejected_count, tone: 'danger' },
    { key: 'warnings', labelKey: 'archive.imports.warnings', value: job.warning_count, tone: 'warning' },
  ]
}

/** Progress in percent; a job that has not counted its rows yet is at 0. */
export function progressPercent(job: Pick<ImportJob, 'processed_rows' | 'total_rows' | 'status'>): number {
  if (job.status === 'succeeded') return 100
  if (job.total_rows <= 0) return 0
  return Math.min(100, Math.floor((job.processed_rows / job.total_rows) * 100))
}

export const JOB_STATUS_TAG: Record<ImportJobStatus, TagType> = {
  queued: 'info',
  running: 'primary',
  succeeded: 'success',
  failed: 'danger',
  rejected: 'danger',
}

export const ISSUE_COLUMNS: readonly ColumnDef<ImportIssue>[] = [
  { key: 'row', labelKey: 'archive.imports.row', width: 110 },
  { key: 'column', labelKey: 'archive.imports.column', width: 180 },
  { key: 'message', labelKey: 'archive.imports.message', minWidth: 360 },
  { key: 'severity', labelKey: 'archive.imports.severity', width: 90, align: 'center' },
]
