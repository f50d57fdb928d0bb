// 变更历史 rows: which fields changed, from what to what, in words (labels, names, 是/否).
import type { HistoryEntry } from '@/shared/api/enterprises'
import { formatDate, formatNumber } from '@/shared/archive/format'
import { scopeLabel, statusLabel, unitTypeLabel } from '@/shared/archive/labels'
import { t } from '@/shared/i18n'
import type { MessageKey } from '@/shared/i18n'

export interface FieldChange {
  field: string
  label: string
  before: string
  after: string
}

export interface Lookups {
  placeName: (code: string) => string
  tagName: (code: string) => string
}

/** Bookkeeping columns nobody edits; their changes say nothing to a reader. */
const HIDDEN = new Set([
  'id', 'version', 'created_at', 'updated_at', 'created_by', 'search_vector', 'contact_phone_enc',
  'archive_deadline_fallback', 'credit_code_check_ok', 'org_path', 'enterprise_id', 'person_user_id',
])
/** What a record made from nothing (a new entry, a first responsible person) is summed up by. */
const SUMMARIES: Record<string, string[]> = {
  create: ['credit_code', 'name', 'unit_types', 'division_code', 'station_code', 'status'],
  import: ['credit_code', 'name', 'unit_types', 'division_code', 'station_code', 'status'],
  assign_responsible: ['person_name', 'org_unit_code', 'effective_on', 'deadline', 'recorded_late'],
}

const FIELD_LABELS: Record<string, MessageKey> = {
  credit_code: 'archive.field.credit_code',
  name: 'archive.field.name',
  unit_types: 'archive.field.unit_types',
  is_individual: 'archive.field.is_individual',
  registered_address: 'archive.field.registered_address',
  operating_address: 'archive.field.operating_address',
  division_code: 'archive.field.division_code',
  station_code: 'archive.field.station_code',
  principal_name: 'archive.field.principal_name',
  contact_name: 'archive.field.contact_name',
  contact_phone_masked: 'archive.field.contact_phone_masked',
  employees: 'archive.field.employees',
  revenue_wan: 'archive.field.revenue_wan',
  size_year: 'archive.field.size_year',
  key_tags: 'archive.field.key_tags',
  registered_on: 'archive.field.registered_on',
  entry_reason: 'archive.field.entry_reason',
  status: 'archive.field.status',
  status_note: 'archive.field.status_note',
  status_changed_on: 'archive.field.status_changed_on',
  archive_status: 'archive.field.archive_status',
  archive_deadline: 'archive.field.archive_deadline',
  archived_on: 'archive.field.archived_on',
  grade: 'archive.field.grade',
  director_required: 'archive.field.director_required',
  director_count: 'archive.field.director_count',
  officer_count: 'archive.field.officer_count',
  product: 'archive.field.product',
  person_name: 'archive.responsible.personName',
  org_unit_code: 'archive.responsible.orgUnit',
  effective_on: 'archive.responsible.effectiveOn',
  recorded_on: 'archive.responsible.recordedOn',
  deadline: 'archive.responsible.deadline',
  recorded_late: 'archive.responsible.late',
  ended_on: 'archive.responsible.endedOn',
  reason: 'archive.responsible.reason',
}

const ACTION_LABELS: Record<string, MessageKey> = {
  create: 'archive.history.actions.create',
  update: 'archive.history.actions.update',
  product_add: 'archive.history.actions.product_add',
  product_remove: 'archive.history.actions.product_remove',
  import: 'archive.history.actions.import',
  assign_responsible: 'archive.history.actions.assign_responsible',
  end_responsible: 'archive.history.actions.end_responsible',
}

export function actionLabel(action: string): string {
  const key = ACTION_LABELS[action]
  return key ? t(key) : action
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : []
}

/** One stored value as a reader would say it. */
export function describe(field: string, value: unknown, lookups: Lookups): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'boolean') return value ? t('archive.common.yes') : t('archive.common.no')
  if (field === 'unit_types') return strings(value).map(unitTypeLabel).join('、') || '—'
  if (field === 'key_tags') return strings(value).map(lookups.tagName).join('、') || '—'
  if (field === 'status') return statusLabel(String(value))
  if (field === 'revenue_wan' || field === 'employees') return formatNumber(String(value))
  if (field === 'archive_status') return t(value === 'pending' ? 'archive.archiveStatus.pending' : 'archive.archiveStatus.archived')
  if (field === 'division_code' || field === 'station_code' || field === 'org_unit_code') {
    return lookups.placeName(String(value))
  }
  if (field === 'product' && isRecord(value)) {
    return t('archive.history.productValue', { category: String(value.category ?? ''), scope: scopeLabel(String(value.scope ?? '')) })
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return formatDate(value)
  if (Array.isArray(value)) return value.map(String).join('、')
  if (isRecord(value)) return JSON.stringify(value)
  return String(value)
}

function labelOf(field: string): string {
  const key = FIELD_LABELS[field]
  return key ? t(key) : field
}

/** Whether an entry made something new (nothing before it): it shows values, not changes. */
export function isCreation(entry: HistoryEntry): boolean {
  return entry.before === null && entry.after !== null
}

/** The fields an entry changed, for display; a creation is summed up by its key fields. */
export function fieldChanges(entry: HistoryEntry, lookups: Lookups): FieldChange[] {
  const before = entry.before ?? {}
  const after = entry.after ?? {}
  const summary = SUMMARIES[entry.action]
  const fields = isCreation(entry) && summary ? summary.filter((f) => f in after) : entry.changed_fields
  return fields
    .filter((field) => !HIDDEN.has(field))
    .map((field) => ({
      field,
      label: labelOf(field),
      before: describe(field, before[field], lookups),
      after: describe(field, after[field], lookups),
    }))
}
