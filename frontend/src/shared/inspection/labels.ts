// Codes of the inspection service and their Chinese labels (the locale's `inspection.*`), for both apps.
import type { DrawGrade, DrawUnitType, ItemResult, RectificationStatus, RiskSource, Severity, TaskStatus } from '@/shared/api/inspection'
import { t } from '@/shared/i18n'

export const RESULTS: readonly ItemResult[] = ['yes', 'no', 'na']
export const SEVERITIES: readonly Severity[] = ['general', 'larger', 'major']
export const RISK_SOURCES: readonly RiskSource[] = ['inspection', 'sampling', 'complaint', 'accident', 'other']
export const RECTIFICATION_STATUSES: readonly RectificationStatus[] = ['open', 'answered', 'returned', 'closed']
export const TASK_STATUSES: readonly TaskStatus[] = ['open', 'submitted', 'cancelled']
export const TASK_KINDS = ['planned', 'random', 'adhoc'] as const
export const DRAW_UNIT_TYPES: readonly DrawUnitType[] = ['production', 'wholesale', 'retail']
export const DRAW_GRADES: readonly DrawGrade[] = ['A', 'B', 'C', 'D']

export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'muted'

function member<T extends string>(list: readonly T[], value: string | null | undefined): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value)
}

export const isSeverity = (value: string | null | undefined): value is Severity => member(SEVERITIES, value)
export const isRectificationStatus = (value: string | null | undefined): value is RectificationStatus =>
  member(RECTIFICATION_STATUSES, value)
export const isTaskStatus = (value: string | null | undefined): value is TaskStatus => member(TASK_STATUSES, value)

/** 是 / 否 / 不适用 as on the paper form (√ × 不适用). */
export const resultLabel = (result: string | null | undefined): string =>
  member(RESULTS, result) ? t(`inspection.result.${result}`) : t('inspection.result.none')
export const resultMark = (result: string | null | undefined): string =>
  member(RESULTS, result) ? t(`inspection.resultMark.${result}`) : ''
export const severityLabel = (severity: string | null | undefined): string =>
  isSeverity(severity) ? t(`inspection.severity.${severity}`) : (severity ?? '—')
export const sourceLabel = (source: string | null | undefined): string =>
  member(RISK_SOURCES, source) ? t(`inspection.source.${source}`) : (source ?? '—')
export const taskStatusLabel = (status: string | null | undefined): string =>
  isTaskStatus(status) ? t(`inspection.taskStatus.${status}`) : (status ?? '—')
export const drawUnitTypeLabel = (type: string): string => (member(DRAW_UNIT_TYPES, type) ? t(`grading.unitType.${type}`) : type)

export function severityTone(severity: string | null | undefined): Tone {
  if (severity === 'major') return 'bad'
  if (severity === 'larger') return 'warn'
  return 'info'
}

export function rectificationTone(status: string, overdue = false): Tone {
  if (overdue) return 'bad'
  if (status === 'closed') return 'ok'
  if (status === 'answered') return 'info'
  if (status === 'returned') return 'bad'
  return 'warn'
}

export function taskKindTone(kind: string): Tone {
  if (kind === 'random') return 'warn'
  if (kind === 'planned') return 'info'
  return 'muted'
}

export function taskStatusTone(status: string, overdue = false): Tone {
  if (status === 'open') return overdue ? 'bad' : 'warn'
  if (status === 'submitted') return 'ok'
  return 'muted'
}

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

/** 1 → 一, 12 → 十二: the form numbers its sections in Chinese. */
export function chineseNumber(n: number): string {
  if (n <= 10) return CN_DIGITS[n] ?? String(n)
  if (n < 20) return `十${CN_DIGITS[n - 10] ?? ''}`
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return n < 100 ? `${CN_DIGITS[tens] ?? ''}十${ones ? (CN_DIGITS[ones] ?? '') : ''}` : String(n)
}

/** 一、建立安全管理体系 */
export const sectionHeading = (no: number, title: string): string => `${chineseNumber(no)}、${title}`

export interface Section<T> {
  no: number
  title: string
  items: T[]
}

/** Items grouped by their section, in the checklist's order. */
export function sectionsOf<T extends { section_no: number; section_title: string }>(items: readonly T[]): Section<T>[] {
  const sections: Section<T>[] = []
  for (const item of items) {
    const last = sections[sections.length - 1]
    if (last && last.no === item.section_no) last.items.push(item)
    else sections.push({ no: item.section_no, title: item.section_title, items: [item] })
  }
  return sections
}

/** Days from today (local calendar) to an ISO date; negative when past. */
export function daysUntil(date: string, today = new Date()): number {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number)
  const due = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)
  const now = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate())
  return Math.round((due - now) / 86_400_000)
}

/** 今日到期 / 剩 3 天 / 已逾期 2 天 */
export function dueText(days: number): string {
  if (days === 0) return t('inspection.due.today')
  return days > 0 ? t('inspection.due.left', { days }) : t('inspection.due.overdue', { days: -days })
}
