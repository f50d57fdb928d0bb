// 督办文书: the list's tab and filters, kept in the URL query.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { FOLLOWUP_KINDS } from '../shared/api'
import type { FollowUpKind, FollowUpQuery } from '../shared/api'
import { PAGE_SIZES, queryNumber, queryString } from '../shared/ui'

export type Direction = 'issued' | 'received'
export type FollowUpStatus = NonNullable<FollowUpQuery['status']>

export interface FollowUpListState {
  direction: Direction
  kind: FollowUpKind | ''
  status: FollowUpStatus | ''
  overdue: boolean
  /** only the documents issued on one audit (from the audits list's 督办数) */
  audit: string
  page: number
  size: number
}

const DEFAULT_SIZE = PAGE_SIZES[0]
export const FOLLOWUP_STATUSES: readonly FollowUpStatus[] = ['issued', 'answered', 'closed']
const isKind = (v: string): v is FollowUpKind => (FOLLOWUP_KINDS as readonly string[]).includes(v)
const isStatus = (v: string): v is FollowUpStatus => (FOLLOWUP_STATUSES as readonly string[]).includes(v)

/** `fallback` is the tab a unit starts on: the region issues, the others mostly receive. */
export function stateFromQuery(query: LocationQuery, fallback: Direction): FollowUpListState {
  const direction = queryString(query, 'tab')
  const kind = queryString(query, 'kind')
  const status = queryString(query, 'status')
  return {
    direction: direction === 'issued' || direction === 'received' ? direction : fallback,
    kind: isKind(kind) ? kind : '',
    status: isStatus(status) ? status : '',
    overdue: queryString(query, 'overdue') === '1',
    audit: queryString(query, 'audit'),
    page: queryNumber(query, 'page', 1),
    size: queryNumber(query, 'size', DEFAULT_SIZE, 200),
  }
}

export function stateToQuery(state: FollowUpListState): LocationQueryRaw {
  const raw: LocationQueryRaw = {
    tab: state.direction,
    kind: state.kind || undefined,
    status: state.status || undefined,
    overdue: state.overdue ? '1' : undefined,
    audit: state.audit || undefined,
    page: state.page > 1 ? String(state.page) : undefined,
    size: state.size !== DEFAULT_SIZE ? String(state.size) : undefined,
  }
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined))
}

export function toListQuery(state: FollowUpListState): FollowUpQuery {
  return {
    direction: state.direction,
    kind: state.kind || undefined,
    status: state.status || undefined,
    overdue: state.overdue || undefined,
    audit_id: state.audit || undefined,
    page: state.page,
    size: state.size,
  }
}
