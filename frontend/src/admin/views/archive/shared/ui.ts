// Element Plus renderings of the archive's shared codes, and the admin's list plumbing.
import type { LocationQuery } from 'vue-router'
import { problemMessage } from '@/shared/api/problem'
import type { Problem } from '@/shared/api/problem'
import type { Tone } from '@/shared/archive/labels'
import { statusTone } from '@/shared/archive/labels'
import { t } from '@/shared/i18n'
import type { MessageKey } from '@/shared/i18n'

export type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary'

const TONE_TAG: Record<Tone, TagType> = { ok: 'success', warn: 'warning', bad: 'danger', muted: 'info' }

export const statusTagType = (status: string): TagType => TONE_TAG[statusTone(status)]

/** Grade A (region supervises) to D (station): warmer colours for higher levels. */
export function gradeTagType(grade: string | null): TagType {
  if (grade === 'A') return 'danger'
  if (grade === 'B') return 'warning'
  if (grade === 'C') return 'primary'
  return 'info'
}

/** A table column as data; cells without a `format` are drawn by the page's slot of that key. */
export interface ColumnDef<Row> {
  key: string
  labelKey: MessageKey
  width?: number
  minWidth?: number
  align?: 'left' | 'center' | 'right'
  /** server-side sort key (el-table sortable="custom") */
  sortKey?: string
  fixed?: 'left' | 'right'
  format?: (row: Row) => string
}

export const PAGE_SIZES = [20, 50, 100] as const

/** One string value of a route query parameter. */
export function queryString(query: LocationQuery, key: string): string {
  const value = query[key]
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first : ''
}

export function queryNumber(query: LocationQuery, key: string, fallback: number, max = 100_000): number {
  const n = Number.parseInt(queryString(query, key), 10)
  return Number.isFinite(n) && n >= 1 && n <= max ? n : fallback
}

export function queryFlag(query: LocationQuery, key: string): boolean {
  return queryString(query, key) === '1'
}

type SortOrder = 'ascending' | 'descending' | null

/** el-table's sort-change → the API's sort parameter ("-name" descending). */
export function toSortParam(sortKey: string | undefined, order: SortOrder, fallback: string): string {
  if (!sortKey || !order) return fallback
  return order === 'descending' ? `-${sortKey}` : sortKey
}

/** Roles the registry lets see an ID number or phone in clear (personnel/service.py UNMASK_ROLES). */
export const PII_ACCESS = { roles: ['region_admin', 'region_officer', 'prefecture_officer', 'county_officer'] } as const

/** Chinese names of the request fields a 422 may name (the API reports them by their JSON name). */
const FIELD_NAMES: Record<string, MessageKey> = {
  credit_code: 'archive.field.credit_code',
  name: 'archive.field.name',
  unit_types: 'archive.field.unit_types',
  registered_address: 'archive.field.registered_address',
  operating_address: 'archive.field.operating_address',
  division_code: 'archive.field.division_code',
  station_code: 'archive.field.station_code',
  principal_name: 'archive.field.principal_name',
  contact_name: 'archive.field.contact_name',
  contact_phone: 'archive.form.contactPhone',
  employees: 'archive.field.employees',
  revenue_wan: 'archive.field.revenue_wan',
  size_year: 'archive.field.size_year',
  key_tags: 'archive.field.key_tags',
  registered_on: 'archive.field.registered_on',
  entry_reason: 'archive.field.entry_reason',
  status_note: 'archive.field.status_note',
  id_number: 'archive.personnel.idNumber',
  phone: 'archive.personnel.phone',
  appointment_doc: 'archive.personnel.appointmentDoc',
  training: 'archive.personnel.training',
  assessment_score: 'archive.personnel.score',
  end_reason: 'archive.personnel.endReason',
  category: 'archive.product.category',
  licence_no: 'archive.product.licenceNo',
  certificate_no: 'archive.product.certificateNo',
  standard_no: 'archive.product.standardNo',
  person_name: 'archive.responsible.personName',
  org_unit_code: 'archive.responsible.orgUnit',
  reason: 'archive.responsible.reason',
  note: 'archive.filings.reviewNote',
}

/** For a form: a 422's field messages under the fields' Chinese names; otherwise the server's text. */
export function formProblemText(problem: Problem): string {
  const errors = problem.errors ?? []
  if (errors.length === 0) return problemMessage(problem)
  return errors
    .slice(0, 3)
    .map((e) => {
      const field = e.field.split('.').filter((part) => !/^\d+$/.test(part)).pop() ?? ''
      const key = FIELD_NAMES[field]
      if (key) return `${t(key)}：${e.message}`
      return e.label ? `${e.label}：${e.message}` : e.message
    })
    .join('；')
}
