// 待办提醒 (F9): every service answers the caller's own reminders at /v1/reminders and
// /v1/reminders/summary. The bells sum what answers; a service without reminders yet (404) or
// down (502) is left out quietly and named in `failed`, for a small note in the lists.
import { call, serviceClient } from '@/shared/api/client'
import { ApiError } from '@/shared/api/problem'
import { lastActivity } from '@/shared/auth/session'

// Written here until `make openapi` regenerates the services' types; the shape is servicekit's
// ReminderOut / ReminderSummary (libs/servicekit/servicekit/reminders.py).
export interface Reminder {
  id: number
  kind: string
  kind_label: string
  title: string
  detail: string | null
  /** an admin-app path (/audit/followups?open=…) or the phone app's (field:/routines) */
  link: string
  due_on: string | null
  overdue: boolean
  owner_path: string | null
  created_at: string
}

export interface ReminderSummary {
  total: number
  overdue: number
  by_kind: Record<string, number>
}

interface ReminderPage {
  items: Reminder[]
  total: number
  page: number
  size: number
}

/** own: 本单位 (exactly the caller's org unit, or its enterprise); subtree: 本辖区. */
export type ReminderScope = 'own' | 'subtree'

interface ReminderPaths {
  '/v1/reminders': {
    get: {
      parameters: { query?: { scope?: ReminderScope; kind?: string; page?: number; size?: number } }
      responses: { 200: { content: { 'application/json': ReminderPage } } }
    }
  }
  '/v1/reminders/summary': {
    get: {
      parameters: { query?: { scope?: ReminderScope } }
      responses: { 200: { content: { 'application/json': ReminderSummary } } }
    }
  }
}

export const REMINDER_SERVICES = ['registry', 'grading', 'inspection', 'audit'] as const
export type ReminderService = (typeof REMINDER_SERVICES)[number]

const clients = Object.fromEntries(
  REMINDER_SERVICES.map((service) => [service, serviceClient<ReminderPaths>(`/api/${service}`)]),
) as Record<ReminderService, ReturnType<typeof serviceClient<ReminderPaths>>>

/** A reminder with the service it came from (ids are per service). */
export interface ServiceReminder extends Reminder {
  service: ReminderService
  key: string
}

export interface SummaryTotals {
  total: number
  overdue: number
  byKind: Record<string, number>
  /** services that did not answer (no reminders yet, down, or no network) */
  failed: ReminderService[]
  /** no service answered because there is no network or no gateway */
  offline: boolean
}

export interface ReminderList {
  items: ServiceReminder[]
  /** what the services hold, which may exceed what was fetched (`perService` each) */
  total: number
  truncated: boolean
  failed: ReminderService[]
  offline: boolean
}

/** The most one list fetches from each service (the services' page limit). */
export const PER_SERVICE = 200

/** No answer at all (no network, no gateway) rather than a service's refusal. */
function unreachable(err: unknown): boolean {
  return !(err instanceof ApiError) || err.status === 0 || err.status === 408
}

/** Sum the four summaries; failures are left out. */
export async function fetchSummaries(scope: ReminderScope = 'own'): Promise<SummaryTotals> {
  const results = await Promise.allSettled(
    REMINDER_SERVICES.map((service) =>
      call(clients[service].GET('/v1/reminders/summary', { params: { query: { scope } } }), { silent: true }),
    ),
  )
  const totals: SummaryTotals = { total: 0, overdue: 0, byKind: {}, failed: [], offline: false }
  results.forEach((result, i) => {
    const service = REMINDER_SERVICES[i] as ReminderService
    if (result.status === 'rejected') {
      totals.failed.push(service)
      return
    }
    totals.total += result.value.total
    totals.overdue += result.value.overdue
    for (const [kind, n] of Object.entries(result.value.by_kind)) totals.byKind[kind] = (totals.byKind[kind] ?? 0) + n
  })
  totals.offline = results.every((r) => r.status === 'rejected' && unreachable(r.reason))
  return totals
}

/** Up to PER_SERVICE reminders of each service, merged and sorted (overdue first, then by due date). */
export async function fetchReminders(query: { scope?: ReminderScope; kind?: string } = {}): Promise<ReminderList> {
  const params = { query: { scope: query.scope ?? 'own', kind: query.kind || undefined, page: 1, size: PER_SERVICE } }
  const results = await Promise.allSettled(
    REMINDER_SERVICES.map((service) => call(clients[service].GET('/v1/reminders', { params }), { silent: true })),
  )
  const list: ReminderList = { items: [], total: 0, truncated: false, failed: [], offline: false }
  results.forEach((result, i) => {
    const service = REMINDER_SERVICES[i] as ReminderService
    if (result.status === 'rejected') {
      list.failed.push(service)
      return
    }
    list.total += result.value.total
    list.truncated ||= result.value.total > result.value.items.length
    list.items.push(...result.value.items.map((r) => ({ ...r, service, key: `${service}:${r.id}` })))
  })
  list.offline = results.every((r) => r.status === 'rejected' && unreachable(r.reason))
  list.items.sort(byUrgency)
  return list
}

/** Overdue first, then the nearest due date (none last), then the oldest. */
export function byUrgency(a: Reminder, b: Reminder): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1
  if (a.due_on !== b.due_on) {
    if (!a.due_on) return 1
    if (!b.due_on) return -1
    return a.due_on.localeCompare(b.due_on)
  }
  return a.created_at.localeCompare(b.created_at)
}

const FIELD_PREFIX = 'field:'

/** The phone app's link (field:/routines → /routines, a path inside the field app), or null. */
export function fieldPath(link: string): string | null {
  if (!link.startsWith(FIELD_PREFIX)) return null
  const path = link.slice(FIELD_PREFIX.length)
  return path.startsWith('/field/') ? path.slice('/field'.length) : path
}

/** An admin-app path (the services' links without the field: prefix), or null. */
export function adminPath(link: string): string | null {
  return link.startsWith('/') && !link.startsWith('//') ? link : null
}

const DAY_MS = 86_400_000

/** Whole days from `due` (YYYY-MM-DD) to today: positive when past due. */
export function daysPast(due: string, today = new Date()): number {
  const [y, m, d] = due.slice(0, 10).split('-').map(Number)
  const dueUtc = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate())
  return Math.round((todayUtc - dueUtc) / DAY_MS)
}

/** Fired when something may have ended or started a reminder; the bells fetch their counts again. */
export const REMINDERS_CHANGED = 'qsrp:reminders-changed'

export function notifyRemindersChanged(): void {
  window.dispatchEvent(new Event(REMINDERS_CHANGED))
}

/**
 * Whether the user did something in the last `ms`. A bell polls only then: a request with an
 * expired token refreshes the session, and the server's idle limit must see only the user's work.
 */
export function activeWithin(ms: number): boolean {
  const last = lastActivity()
  return last !== null && Date.now() - last < ms
}
