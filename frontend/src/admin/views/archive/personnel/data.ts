// 名录库: filters (as URL query), the API query, and the table's columns.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { Personnel, PersonnelRole, RosterQuery } from '@/shared/api/personnel'
import { formatDate } from '@/shared/archive/format'
import { assessmentLabel, isPersonRole } from '@/shared/archive/labels'
import { t } from '@/shared/i18n'
import type { ColumnDef } from '../shared/ui'
import { PAGE_SIZES, queryNumber, queryString } from '../shared/ui'

export type ActiveFilter = 'active' | 'ended' | ''

export interface RosterFilters {
  role: PersonnelRole | ''
  active: ActiveFilter
  q: string
  id_number: string
}

export interface RosterState {
  filters: RosterFilters
  page: number
  size: number
}

export const ID_NUMBER_EXACT = /^\d{17}[\dXx]$/
/** "在任" is the default and stays out of the address bar; "全部" is spelled `all` there. */
const ACTIVE_FROM_QUERY: Record<string, ActiveFilter> = { ended: 'ended', all: '' }

export function emptyRosterFilters(): RosterFilters {
  return { role: '', active: 'active', q: '', id_number: '' }
}

export function rosterFromQuery(query: LocationQuery): RosterState {
  const role = queryString(query, 'role')
  const active = queryString(query, 'active')
  return {
    filters: {
      role: isPersonRole(role) ? role : '',
      active: ACTIVE_FROM_QUERY[active] ?? 'active',
      q: queryString(query, 'q'),
      id_number: queryString(query, 'id_number'),
    },
    page: queryNumber(query, 'page', 1),
    size: queryNumber(query, 'size', PAGE_SIZES[0], 200),
  }
}

export function rosterToQuery(state: RosterState): LocationQueryRaw {
  const f = state.filters
  const raw: LocationQueryRaw = {
    role: f.role || undefined,
    active: f.active === 'active' ? undefined : f.active || 'all',
    q: f.q.trim() || undefined,
    id_number: f.id_number.trim() || undefined,
    page: state.page > 1 ? String(state.page) : undefined,
    size: state.size !== PAGE_SIZES[0] ? String(state.size) : undefined,
  }
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined))
}

export function toRosterQuery(state: RosterState): RosterQuery {
  const f = state.filters
  return {
    role: f.role || undefined,
    active: f.active === '' ? undefined : f.active === 'active',
    q: f.q.trim() || undefined,
    id_number: f.id_number.trim().toUpperCase() || undefined,
    page: state.page,
    size: state.size,
  }
}

export const ROSTER_COLUMNS: readonly ColumnDef<Personnel>[] = [
  { key: 'name', labelKey: 'archive.personnel.name', width: 110, format: (p) => p.name },
  { key: 'role', labelKey: 'archive.personnel.role', width: 130 },
  { key: 'enterprise', labelKey: 'archive.personnel.enterprise', minWidth: 230 },
  { key: 'id_number', labelKey: 'archive.personnel.idNumber', width: 190 },
  { key: 'phone', labelKey: 'archive.personnel.phone', width: 130 },
  { key: 'appointed_on', labelKey: 'archive.personnel.appointedOn', width: 115, format: (p) => formatDate(p.appointed_on) },
  {
    key: 'full_time',
    labelKey: 'archive.personnel.fullTime',
    width: 80,
    align: 'center',
    format: (p) => (p.full_time ? t('archive.personnel.fullTimeYes') : t('archive.personnel.fullTimeNo')),
  },
  {
    key: 'assessment',
    labelKey: 'archive.personnel.assessment',
    width: 110,
    format: (p) => assessmentLabel(p.assessment_result) + (p.assessment_score !== null ? `（${p.assessment_score}）` : ''),
  },
  { key: 'state', labelKey: 'archive.personnel.state', width: 150 },
]
