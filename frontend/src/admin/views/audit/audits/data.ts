// 督查记录: the list's filters and their URL query.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { AuditQuery } from '../shared/api'
import { PAGE_SIZES, queryNumber, queryString } from '../shared/ui'

export type AuditStatus = NonNullable<AuditQuery['status']>

export interface AuditListState {
  status: AuditStatus | ''
  year: number | null
  page: number
  size: number
}

const DEFAULT_SIZE = PAGE_SIZES[0]
export const AUDIT_STATUSES: readonly AuditStatus[] = ['draft', 'submitted']
const isStatus = (value: string): value is AuditStatus => (AUDIT_STATUSES as readonly string[]).includes(value)

export function stateFromQuery(query: LocationQuery): AuditListState {
  const status = queryString(query, 'status')
  const year = queryNumber(query, 'year', 0, 2099)
  return {
    status: isStatus(status) ? status : '',
    year: year >= 2000 ? year : null,
    page: queryNumber(query, 'page', 1),
    size: queryNumber(query, 'size', DEFAULT_SIZE, 200),
  }
}

export function stateToQuery(state: AuditListState): LocationQueryRaw {
  const raw: LocationQueryRaw = {
    status: state.status || undefined,
    year: state.year ? String(state.year) : undefined,
    page: state.page > 1 ? String(state.page) : undefined,
    size: state.size !== DEFAULT_SIZE ? String(state.size) : undefined,
  }
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined))
}

export function toListQuery(state: AuditListState): AuditQuery {
  return { status: state.status || undefined, year: state.year ?? undefined, page: state.page, size: state.size }
}
