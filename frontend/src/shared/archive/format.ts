// Display formats shared by the archive's pages: dates, times, sizes.

const pad = (n: number): string => String(n).padStart(2, '0')

/** Today in the browser's calendar, as the API writes dates (YYYY-MM-DD). */
export function todayIso(): string {
  const now = new Date()
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

/** The day `days` after today, as the API writes dates (YYYY-MM-DD). */
export function daysFromTodayIso(days: number): string {
  const d = new Date()
  d.setDate(d.getDate() + days)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** This month as a filing period (YYYY-MM). */
export function currentPeriod(): string {
  return todayIso().slice(0, 7)
}

/** A date or date-time from the API as YYYY-MM-DD; '—' when absent. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—'
  return value.length > 10 ? formatDateTime(value).slice(0, 10) : value
}

/** A date-time from the API in local time, YYYY-MM-DD HH:mm. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—'
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`
}

const numberFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 })

/** 1234.5 → "1,234.5"; the API sends decimals as strings. */
export function formatNumber(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  const n = typeof value === 'number' ? value : Number(value)
  return Number.isFinite(n) ? numberFormat.format(n) : String(value)
}

/** Whether an ISO date lies before today. */
export function isPast(value: string | null | undefined): boolean {
  return !!value && value.slice(0, 10) < todayIso()
}
