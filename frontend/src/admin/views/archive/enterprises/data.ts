// 档案列表: filters as URL query, the API query built from them, and the table's columns.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type {
  EnterpriseExportQuery,
  EnterpriseQuery,
  EnterpriseStatus,
  EnterpriseSummary,
  UnitType,
} from '@/shared/api/enterprises'
import { isStatus, isUnitType } from '@/shared/archive/labels'
import type { ColumnDef } from '../shared/ui'
import { PAGE_SIZES, queryFlag, queryNumber, queryString } from '../shared/ui'

export interface EnterpriseFilters {
  q: string
  division_code: string
  unit_type: UnitType | ''
  tag: string
  status: EnterpriseStatus | ''
  overdue: boolean
  director_missing: boolean
}

export interface ListState {
  filters: EnterpriseFilters
  page: number
  size: number
  sort: string
}

/** No sort parameter: the server's order (newest first; by relevance while searching). */
export const DEFAULT_SORT = ''
const DEFAULT_SIZE = PAGE_SIZES[0]

export function emptyFilters(): EnterpriseFilters {
  return { q: '', division_code: '', unit_type: '', tag: '', status: '', overdue: false, director_missing: false }
}

/** The list's state from the address bar, so going back to the list restores it. */
export function stateFromQuery(query: LocationQuery): ListState {
  const unitType = queryString(query, 'unit_type')
  const status = queryString(query, 'status')
  return {
    filters: {
      q: queryString(query, 'q'),
      division_code: queryString(query, 'division_code'),
      unit_type: isUnitType(unitType) ? unitType : '',
      tag: queryString(query, 'tag'),
      status: isStatus(status) ? status : '',
      overdue: queryFlag(query, 'overdue'),
      director_missing: queryFlag(query, 'director_missing'),
    },
    page: queryNumber(query, 'page', 1),
    size: queryNumber(query, 'size', DEFAULT_SIZE, 200),
    sort: /^-?[a-z_]+$/.test(queryString(query, 'sort')) ? queryString(query, 'sort') : DEFAULT_SORT,
  }
}

/** The address-bar query for a state; defaults are left out to keep links short. */
export function stateToQuery(state: ListState): LocationQueryRaw {
  const f = state.filters
  const raw: LocationQueryRaw = {
    q: f.q.trim() || undefined,
    division_code: f.division_code || undefined,
    unit_type: f.unit_type || undefined,
    tag: f.tag || undefined,
    status: f.status || undefined,
    overdue: f.overdue ? '1' : undefined,
    director_missing: f.director_missing ? '1' : undefined,
    page: state.page > 1 ? String(state.page) : undefined,
    size: state.size !== DEFAULT_SIZE ? String(state.size) : undefined,
    sort: state.sort !== DEFAULT_SORT ? state.sort : undefined,
  }
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined))
}

/** The filters as the API takes them (the export uses the same ones). */
export function toExportQuery(f: EnterpriseFilters): EnterpriseExportQuery {
  return {
    q: f.q.trim() || undefined,
    division_code: f.division_code || undefined,
    unit_type: f.unit_type || undefined,
    tag: f.tag || undefined,
    status: f.status || undefined,
    overdue: f.overdue || undefined,
    director_missing: f.director_missing || undefined,
  }
}

export function toListQuery(state: ListState): EnterpriseQuery {
  return { ...toExportQuery(state.filters), page: state.page, size: state.size, sort: state.sort || undefined }
}

export const ENTERPRISE_COLUMNS: readonly ColumnDef<EnterpriseSummary>[] = [
  { key: 'credit_code', labelKey: 'archive.list.creditCode', width: 196, sortKey: 'credit_code' },
  { key: 'name', labelKey: 'archive.list.name', minWidth: 190, sortKey: 'name' },
  { key: 'unit_types', labelKey: 'archive.list.unitTypes', width: 120 },
  { key: 'place', labelKey: 'archive.list.place', minWidth: 110 },
  { key: 'status', labelKey: 'archive.list.status', width: 96, align: 'center' },
  { key: 'grade', labelKey: 'archive.list.grade', width: 60, align: 'center' },
  { key: 'size', labelKey: 'archive.list.size', width: 124, align: 'right', sortKey: 'employees' },
  { key: 'staffing', labelKey: 'archive.list.staffing', width: 160 },
]
