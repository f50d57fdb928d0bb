// 检查记录: the list's filters and their URL query.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { InspectionQuery, InspectionStatus } from '@/shared/api/inspection'
import { PAGE_SIZES, queryNumber, queryString } from '../shared/ui'

export interface RecordListState {
  status: InspectionStatus | ''
  enterpriseId: string
  page: number
  size: number
}

const DEFAULT_SIZE = PAGE_SIZES[0]
export const INSPECTION_STATUSES: readonly InspectionStatus[] = ['submitted', 'draft']
const isStatus = (value: string): value is InspectionStatus => (INSPECTION_STATUSES as readonly string[]).includes(value)

export function stateFromQuery(query: LocationQuery): RecordListState {
  const status = queryString(query, 'status')
  return {
    status: isStatus(status) ? status : '',
    enterpriseId: queryString(query, 'enterprise_id'),
    page: queryNumber(query, 'page', 1),
    size: queryNumber(query, 'size', DEFAULT_SIZE, 200),
  }
}

export function stateToQuery(state: RecordListState): LocationQueryRaw {
  const raw: LocationQueryRaw = {
    status: state.status || undefined,
    enterprise_id: state.enterpriseId || undefined,
    page: state.page > 1 ? String(state.page) : undefined,
    size: state.size !== DEFAULT_SIZE ? String(state.size) : undefined,
  }
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined))
}

export function toListQuery(state: RecordListState): InspectionQuery {
  return { status: state.status || undefined, enterprise_id: state.enterpriseId || undefined, page: state.page, size: state.size }
}
