// What the 日常管控 pages share: the three kinds, rate formatting and colours, calendar states.
import type { AccessRule } from '@/shared/auth/access'
import type { CalendarState, RoutineKind } from './api'

/** 日常管控 pages and the 退回 button: regulators (inspection:read; the API's Regulator). */
export const ROUTINE_ACCESS: AccessRule = { permissions: ['inspection:read'] }

export const KINDS: readonly RoutineKind[] = ['daily', 'weekly', 'monthly']

export const isKind = (value: string): value is RoutineKind => (KINDS as readonly string[]).includes(value)

/** 0.8667 → "86.7%"; '—' where nothing was expected. */
export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—'
  const p = Math.round(value * 1000) / 10
  return `${Number.isInteger(p) ? p.toFixed(0) : p.toFixed(1)}%`
}

export type RateTone = 'good' | 'fair' | 'poor' | 'none'

/** ≥ 90 % good (green), ≥ 60 % fair (amber), below poor (red). */
export function rateTone(value: number | null | undefined): RateTone {
  if (value === null || value === undefined) return 'none'
  if (value >= 0.9) return 'good'
  if (value >= 0.6) return 'fair'
  return 'poor'
}

export const CALENDAR_STATES: readonly CalendarState[] = ['on_time', 'late', 'missing', 'pending', 'not_expected', 'filed_extra', 'before_archive']

/** A YYYY-MM-DD date in the browser's calendar. */
export function isoDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** The first day of this month and today (the rates page's default range). */
export function thisMonth(): [string, string] {
  const now = new Date()
  return [isoDate(new Date(now.getFullYear(), now.getMonth(), 1)), isoDate(now)]
}

/** "11月23日" / "11月23日—29日" / "2026年11月": a period in words, as the form's header says it. */
export function periodText(kind: string, start: string, end: string): string {
  const [y, m, d] = start.split('-').map(Number)
  const [, m2, d2] = end.split('-').map(Number)
  if (kind === 'monthly') return `${y}年${m}月`
  if (kind === 'weekly') return m === m2 ? `${m}月${d}日—${d2}日` : `${m}月${d}日—${m2}月${d2}日`
  return `${y}年${m}月${d}日`
}

type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary'

/** 已提交 green, 已退回 red, 已被更正版本替代 grey, 草稿 amber. */
export function statusTag(status: string): TagType {
  if (status === 'submitted') return 'success'
  if (status === 'returned') return 'danger'
  if (status === 'draft') return 'warning'
  return 'info'
}

const STATE_TAG: Record<CalendarState, TagType> = {
  on_time: 'success',
  late: 'warning',
  missing: 'danger',
  pending: 'primary',
  not_expected: 'info',
  filed_extra: 'primary',
  before_archive: 'info',
}

export const stateTag = (state: CalendarState): TagType => STATE_TAG[state]
