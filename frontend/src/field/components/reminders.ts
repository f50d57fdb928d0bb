// 待办提醒 on the phone: who gets the bell, and what is kept for use without a network (the last
// counts in localStorage for the bell, the last list in the offline store for the list page).
import type { Me } from '@/shared/api/auth'

/** Enterprise users and the inspectors who work from the phone. */
export function hasReminders(me: Me | null): boolean {
  return !!me && (me.roles.includes('enterprise_user') || me.permissions.includes('inspection:execute'))
}

export interface KeptCounts {
  total: number
  overdue: number
  savedAt: string
}

const countsKey = (owner: string): string => `qsrp.reminders.counts:${owner}`
export const listCacheKey = (owner: string): string => `reminders:${owner}`

export function readCounts(owner: string): KeptCounts | null {
  try {
    const raw = localStorage.getItem(countsKey(owner))
    const value: unknown = raw ? JSON.parse(raw) : null
    if (typeof value !== 'object' || value === null) return null
    const v = value as Record<string, unknown>
    return typeof v.total === 'number' && typeof v.overdue === 'number' && typeof v.savedAt === 'string'
      ? { total: v.total, overdue: v.overdue, savedAt: v.savedAt }
      : null
  } catch {
    return null
  }
}

export function keepCounts(owner: string, total: number, overdue: number): void {
  try {
    localStorage.setItem(countsKey(owner), JSON.stringify({ total, overdue, savedAt: new Date().toISOString() }))
  } catch {
    // private mode or full storage: the bell just starts empty next time
  }
}
