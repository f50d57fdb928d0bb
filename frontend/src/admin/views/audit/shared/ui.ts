// Element Plus plumbing the 督查考核 pages share: who may do what (the audit service checks it
// again, audit/deps.py), tag colours, the periods of reports and scores.
import type { AccessRule } from '@/shared/auth/access'
import { problemMessage } from '@/shared/api/problem'
import type { Problem } from '@/shared/api/problem'
import { t } from '@/shared/i18n'
import type { TagType } from '../../archive/shared/ui'

export { PAGE_SIZES, queryNumber, queryString } from '../../archive/shared/ui'
export type { TagType } from '../../archive/shared/ui'

/** Reading the 督查考核 pages: bureau staff (audit:read). */
export const AUDIT_ACCESS: AccessRule = { permissions: ['audit:read'] }

/** Audits, follow-up documents, points, activities, the work group and the liaison: bureau staff (deps.py Bureau). */
export const BUREAU_ACCESS: AccessRule = {
  roles: ['region_admin', 'region_officer', 'prefecture_officer', 'county_officer'],
}

/** The delivery log, dispatch meetings, returning reports and briefings: the region's staff (deps.py RegionStaff). */
export const REGION_ACCESS: AccessRule = { roles: ['region_admin', 'region_officer'] }

/** The leading group's members: the region's administrator (deps.py Admin). */
export const ADMIN_ACCESS: AccessRule = { roles: ['region_admin'] }

/** Half-monthly reports are written by the prefecture bureaus' officers (progress/router.py _reporter). */
export const REPORTER_ACCESS: AccessRule = { roles: ['prefecture_officer'] }

const AUDIT_TAG: Record<string, TagType> = { draft: 'warning', submitted: 'success' }
const PUSH_TAG: Record<string, TagType> = { pending: 'warning', delivered: 'success', dead: 'danger' }
const FOLLOWUP_TAG: Record<string, TagType> = { issued: 'warning', answered: 'primary', closed: 'success' }
const KIND_TAG: Record<string, TagType> = {
  reminder_letter: 'primary',
  rectification_notice: 'warning',
  interview: 'danger',
  circular: 'info',
}
const REPORT_TAG: Record<string, TagType> = { missing: 'info', draft: 'warning', submitted: 'success', returned: 'danger' }

export const auditTag = (status: string): TagType => AUDIT_TAG[status] ?? 'info'
export const pushTag = (status: string | null | undefined): TagType => PUSH_TAG[status ?? ''] ?? 'info'
export const followUpTag = (status: string): TagType => FOLLOWUP_TAG[status] ?? 'info'
export const kindTag = (kind: string): TagType => KIND_TAG[kind] ?? 'info'
export const reportTag = (status: string): TagType => REPORT_TAG[status] ?? 'info'

/** A refusal worded for a form: the detail, with the fields' Chinese names where the service gives them. */
export function auditProblemText(problem: Problem): string {
  const errors = problem.errors ?? []
  if (errors.length === 0) return problemMessage(problem)
  return errors
    .slice(0, 3)
    .map((e) => (e.label ? `${e.label}：${e.message}` : e.message))
    .join('；')
}

/** Dates after today are refused (DATE_IN_FUTURE): pickers do not offer them. */
export const afterToday = (d: Date): boolean => d.getTime() > new Date().setHours(23, 59, 59, 999)

/** Dates up to today are refused for a deadline: pickers offer tomorrow on. */
export const notAfterToday = (d: Date): boolean => d.getTime() <= new Date().setHours(23, 59, 59, 999)

// ── periods ─────────────────────────────────────────────────────────────────────────────────────

export interface PeriodOption {
  code: string
  label: string
}

/** 2026-11-H1 → 2026年11月上半月 (the service's half_label). */
export function halfLabel(code: string): string {
  const m = /^(\d{4})-(\d{2})-H([12])$/.exec(code)
  if (!m) return code
  return t(m[3] === '1' ? 'audit.period.firstHalf' : 'audit.period.secondHalf', { year: m[1], month: Number(m[2]) })
}

/** The half-month of a day: 1–15 is H1, 16 to the month's end H2. */
export function halfOf(day: Date): string {
  const month = String(day.getMonth() + 1).padStart(2, '0')
  return `${day.getFullYear()}-${month}-H${day.getDate() <= 15 ? 1 : 2}`
}

/** The current half-month and the `count - 1` before it, newest first. */
export function recentHalves(count = 12, today = new Date()): PeriodOption[] {
  const out: PeriodOption[] = []
  let year = today.getFullYear()
  let month = today.getMonth() + 1
  let half = today.getDate() <= 15 ? 1 : 2
  for (let i = 0; i < count; i += 1) {
    const code = `${year}-${String(month).padStart(2, '0')}-H${half}`
    out.push({ code, label: halfLabel(code) })
    if (half === 2) half = 1
    else {
      half = 2
      month -= 1
      if (month === 0) {
        month = 12
        year -= 1
      }
    }
  }
  return out
}

/** The half-month before the current one: the report most recently due. */
export function previousHalf(today = new Date()): string {
  return recentHalves(2, today)[1]?.code ?? halfOf(today)
}

export const SCORE_PARTS = ['', 'H1', 'H2', 'Q1', 'Q2', 'Q3', 'Q4'] as const
export type ScorePart = (typeof SCORE_PARTS)[number]

const isPart = (value: string): value is ScorePart => (SCORE_PARTS as readonly string[]).includes(value)

/** 年度 / 上半年 / 第三季度. */
export const partLabel = (part: ScorePart): string => t(`audit.period.part.${part || 'Y'}`)

/** 2026 / 2026-H1 / 2026-Q3, as the score service takes an assessment period. */
export const scorePeriod = (year: number, part: ScorePart): string => (part ? `${year}-${part}` : String(year))

/** 2026-Q3 → 2026年第三季度 (the service's score_period_label). */
export function scorePeriodLabel(code: string): string {
  const [year = '', part = ''] = code.split('-')
  if (!part) return t('audit.period.yearLabel', { year })
  return t('audit.period.scoreLabel', { year, part: isPart(part) ? partLabel(part) : part })
}

/** The period a score given today most likely belongs to: this year's current quarter. */
export function currentScorePeriod(today = new Date()): string {
  return scorePeriod(today.getFullYear(), `Q${Math.floor(today.getMonth() / 3) + 1}` as ScorePart)
}

/** This year and the few before it, for year pickers. */
export function recentYears(count = 5, today = new Date()): number[] {
  return Array.from({ length: count }, (_, i) => today.getFullYear() - i)
}

/** The file size a person reads: 12.3 KB, 1.2 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** "2026-11-01 至 2026-11-30". */
export const rangeText = (start: string, end: string): string => t('audit.period.range', { start, end })
