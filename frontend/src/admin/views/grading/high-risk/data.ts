// 高风险主体: the status tabs and their URL query.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { HighRisk } from '@/shared/api/grading'
import type { MessageKey } from '@/shared/i18n'
import { queryFlag, queryString } from '../shared/ui'

export type HighRiskTab = 'all' | 'overdue' | 'due' | 'done'

export const HIGH_RISK_TABS: readonly { key: HighRiskTab; labelKey: MessageKey }[] = [
  { key: 'all', labelKey: 'grading.highRisk.tabAll' },
  { key: 'overdue', labelKey: 'grading.highRisk.tabOverdue' },
  { key: 'due', labelKey: 'grading.highRisk.tabDue' },
  { key: 'done', labelKey: 'grading.highRisk.tabDone' },
]

export interface HighRiskState {
  tab: HighRiskTab
  includeEnded: boolean
}

const isTab = (value: string): value is HighRiskTab => HIGH_RISK_TABS.some((tab) => tab.key === value)

export function stateFromQuery(query: LocationQuery): HighRiskState {
  const tab = queryString(query, 'status')
  return { tab: isTab(tab) ? tab : 'all', includeEnded: queryFlag(query, 'include_ended') }
}

export function stateToQuery(state: HighRiskState): LocationQueryRaw {
  const raw: LocationQueryRaw = {
    status: state.tab !== 'all' ? state.tab : undefined,
    include_ended: state.includeEnded ? '1' : undefined,
  }
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined))
}

/** The rows a tab shows: all of them, or those of one status (the list is loaded once, then split). */
export function rowsOf(rows: readonly HighRisk[], tab: HighRiskTab): HighRisk[] {
  return tab === 'all' ? [...rows] : rows.filter((row) => row.status === tab)
}

/** Fewer days than this left in the half-year without a visit is shown as urgent. */
export const URGENT_DAYS = 30
