// Days as the service counts them: the business date is China's (Asia/Shanghai), whatever the
// phone's own time zone, and periods are the day, the week (Monday–Sunday) and the month.
import type { RoutineKind } from './api'

const pad = (n: number): string => String(n).padStart(2, '0')

const CHINA_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })

/** Today in China, YYYY-MM-DD (the service's "today", so today's record is never a future one). */
export function chinaToday(): string {
  return CHINA_DAY.format(new Date())
}

/** YYYY-MM-DD → a Date at noon UTC (no time-zone or DST edge moves it to another day). */
function parse(day: string): Date {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12))
}

function iso(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
}

export function addDays(day: string, days: number): string {
  const d = parse(day)
  d.setUTCDate(d.getUTCDate() + days)
  return iso(d)
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayIndex(day: string): number {
  return (parse(day).getUTCDay() + 6) % 7
}

export function monthOf(day: string): string {
  return day.slice(0, 7)
}

export function addMonths(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number)
  const d = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1 + months, 1, 12))
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`
}

export function lastDayOfMonth(month: string): string {
  return addDays(`${addMonths(month, 1)}-01`, -1)
}

/** First and last day of the period of `kind` holding `day` (as the service's period_of). */
export function periodOf(kind: RoutineKind, day: string): { start: string; end: string } {
  if (kind === 'daily') return { start: day, end: day }
  if (kind === 'weekly') {
    const start = addDays(day, -weekdayIndex(day))
    return { start, end: addDays(start, 6) }
  }
  const month = monthOf(day)
  return { start: `${month}-01`, end: lastDayOfMonth(month) }
}

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日']

/** 11月28日 周六 / 11月23日–11月29日 / 2026年11月 */
export function periodText(kind: RoutineKind | string, start: string, end?: string): string {
  const md = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`
  if (kind === 'daily') return `${md(start)} 周${WEEKDAYS[weekdayIndex(start)]}`
  if (kind === 'weekly') return `${md(start)}–${md(end ?? addDays(start, 6))}`
  return `${start.slice(0, 4)}年${Number(start.slice(5, 7))}月`
}

export function monthText(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`
}
