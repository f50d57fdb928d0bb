// 待办提醒: the filters (scope, kind, overdue only) and the page, kept in the URL query.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { ReminderScope } from '@/shared/reminders/api'
import { PAGE_SIZES, queryNumber, queryString } from '../archive/shared/ui'

export interface ReminderListState {
  scope: ReminderScope
  kind: string
  overdue: boolean
  page: number
  size: number
}

const DEFAULT_SIZE = PAGE_SIZES[0]

export function stateFromQuery(query: LocationQuery): ReminderListState {
  return {
    scope: queryString(query, 'scope') === 'subtree' ? 'subtree' : 'own',
    kind: queryString(query, 'kind').slice(0, 40),
    overdue: queryString(query, 'overdue') === '1',
    page: queryNumber(query, 'page', 1),
    size: queryNumber(query, 'size', DEFAULT_SIZE, 200),
  }
}

export function stateToQuery(state: ReminderListState): LocationQueryRaw {
  const raw: LocationQueryRaw = {
    scope: state.scope === 'subtree' ? 'subtree' : undefined,
    kind: state.kind || undefined,
    overdue: state.overdue ? '1' : undefined,
    page: state.page > 1 ? String(state.page) : undefined,
    size: state.size !== DEFAULT_SIZE ? String(state.size) : undefined,
  }
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined))
}

/** kind → its Chinese label, as the services last named it (the summaries give codes only). */
export const kindLabels = new Map<string, string>()
