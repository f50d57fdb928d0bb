// The 新增/编辑主体 form as data: its model, its rules (the API's, checked before sending) and the
// request bodies built from it. An edit sends only what changed, with the version read.
import type { FormItemRule, FormRules } from 'element-plus'
import type { OrgUnitNode } from '@/shared/api/orgUnits'
import type {
  EnterpriseCreate,
  EnterpriseDetail,
  EnterpriseStatus,
  EnterpriseUpdate,
  UnitType,
} from '@/shared/api/enterprises'
import { todayIso } from '@/shared/archive/format'
import { isStatus, isUnitType } from '@/shared/archive/labels'
import { pathToPlace, placeFromPath } from '@/shared/archive/places'
import type { PlaceOption } from '@/shared/archive/places'
import { t } from '@/shared/i18n'

type CodeIndex = ReadonlyMap<string, OrgUnitNode>

export interface EnterpriseFormModel {
  credit_code: string
  name: string
  unit_types: UnitType[]
  is_individual: boolean
  /** cascader path: [prefecture,] county [, station] */
  place: string[]
  registered_on: string
  principal_name: string
  registered_address: string
  operating_address: string
  contact_name: string
  /** on edit: empty keeps the number on file (the API only returns it masked) */
  contact_phone: string
  employees: number | undefined
  revenue_wan: number | undefined
  /** YYYY, as the year picker gives it */
  size_year: string
  key_tags: string[]
  entry_reason: string
  status: EnterpriseStatus
  status_note: string
  status_changed_on: string
  complete_archive: boolean
}

/** GB 32100-2015 alphabet: digits and capitals without I O S V Z. */
const CREDIT_CODE_ALPHABET = /^[0-9A-HJ-NP-RTUW-Y]*$/
const PHONE = /^[0-9\-+ ]{7,20}$/

export function normaliseCreditCode(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase()
}

export function emptyModel(): EnterpriseFormModel {
  return {
    credit_code: '',
    name: '',
    unit_types: [],
    is_individual: false,
    place: [],
    registered_on: '',
    principal_name: '',
    registered_address: '',
    operating_address: '',
    contact_name: '',
    contact_phone: '',
    employees: undefined,
    revenue_wan: undefined,
    size_year: '',
    key_tags: [],
    entry_reason: '',
    status: 'normal',
    status_note: '',
    status_changed_on: '',
    complete_archive: false,
  }
}

export function modelFromDetail(d: EnterpriseDetail, places: readonly PlaceOption[]): EnterpriseFormModel {
  return {
    ...emptyModel(),
    credit_code: d.credit_code,
    name: d.name,
    unit_types: d.unit_types.filter(isUnitType),
    is_individual: d.is_individual,
    place: pathToPlace(places, d.division_code, d.station_code),
    registered_on: d.registered_on ?? '',
    principal_name: d.principal_name ?? '',
    registered_address: d.registered_address ?? '',
    operating_address: d.operating_address ?? '',
    contact_name: d.contact_name ?? '',
    employees: d.employees ?? undefined,
    revenue_wan: d.revenue_wan === null ? undefined : Number(d.revenue_wan),
    size_year: d.size_year ? String(d.size_year) : '',
    key_tags: [...d.key_tags],
    entry_reason: d.entry_reason,
    status: isStatus(d.status) ? d.status : 'other',
    status_note: d.status_note ?? '',
    status_changed_on: d.status_changed_on ?? '',
  }
}

const text = (value: string): string | null => value.trim() || null

function sizeYear(m: EnterpriseFormModel): number | null {
  return m.size_year ? Number.parseInt(m.size_year, 10) : null
}

export function toCreateBody(m: EnterpriseFormModel, byCode: CodeIndex): EnterpriseCreate {
  const { divisionCode, stationCode } = placeFromPath(byCode, m.place)
  return {
    credit_code: normaliseCreditCode(m.credit_code),
    name: m.name.trim(),
    unit_types: m.unit_types,
    is_individual: m.is_individual,
    division_code: divisionCode ?? '',
    station_code: stationCode,
    registered_on: m.registered_on || null,
    principal_name: text(m.principal_name),
    registered_address: text(m.registered_address),
    operating_address: text(m.operating_address),
    contact_name: text(m.contact_name),
    contact_phone: text(m.contact_phone),
    employees: m.employees ?? null,
    revenue_wan: m.revenue_wan ?? null,
    size_year: sizeYear(m),
    key_tags: m.key_tags,
    entry_reason: m.entry_reason.trim(),
    pending: false,
  }
}

type Changes = Omit<EnterpriseUpdate, 'version' | 'complete_archive'>

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('|') === [...b].sort().join('|')
}

/** The fields the user changed; null when there is nothing to save. */
export function toUpdateBody(m: EnterpriseFormModel, d: EnterpriseDetail, byCode: CodeIndex): EnterpriseUpdate | null {
  const changes: Changes = {}
  const { divisionCode, stationCode } = placeFromPath(byCode, m.place)
  const textFields = ['principal_name', 'registered_address', 'operating_address', 'contact_name'] as const
  if (m.name.trim() !== d.name) changes.name = m.name.trim()
  if (!sameList(m.unit_types, d.unit_types)) changes.unit_types = m.unit_types
  if (m.is_individual !== d.is_individual) changes.is_individual = m.is_individual
  if (divisionCode && (divisionCode !== d.division_code || stationCode !== d.station_code)) {
    changes.division_code = divisionCode
    changes.station_code = stationCode
  }
  if ((m.registered_on || null) !== d.registered_on) changes.registered_on = m.registered_on || null
  for (const field of textFields) {
    if (text(m[field]) !== d[field]) changes[field] = text(m[field])
  }
  if (m.contact_phone.trim()) changes.contact_phone = m.contact_phone.trim()
  if ((m.employees ?? null) !== d.employees) changes.employees = m.employees ?? null
  const revenueBefore = d.revenue_wan === null ? null : Number(d.revenue_wan)
  if ((m.revenue_wan ?? null) !== revenueBefore) changes.revenue_wan = m.revenue_wan ?? null
  if (sizeYear(m) !== d.size_year) changes.size_year = sizeYear(m)
  if (!sameList(m.key_tags, d.key_tags)) changes.key_tags = m.key_tags
  if (m.status !== d.status) {
    changes.status = m.status
    changes.status_changed_on = m.status_changed_on || todayIso()
  }
  if ((text(m.status_note) ?? null) !== d.status_note) changes.status_note = text(m.status_note)
  if (Object.keys(changes).length === 0 && !m.complete_archive) return null
  return { ...changes, version: d.version, complete_archive: m.complete_archive }
}

type Validator = (rule: unknown, value: unknown, callback: (error?: Error) => void) => void

function check(test: (model: EnterpriseFormModel) => string | null, model: () => EnterpriseFormModel): Validator {
  return (_rule, _value, callback) => {
    const message = test(model())
    callback(message ? new Error(message) : undefined)
  }
}

function creditCodeProblem(m: EnterpriseFormModel): string | null {
  const code = normaliseCreditCode(m.credit_code)
  if (!code) return t('archive.common.required', { field: t('archive.form.creditCode') })
  if (!CREDIT_CODE_ALPHABET.test(code)) return t('archive.form.creditCodeAlphabet')
  if (code.length !== 18) return t('archive.form.creditCodeLength', { count: code.length })
  return null
}

/** `required` only draws the asterisk: the validator decides, with a Chinese message. */
function rule(validator: Validator, trigger: 'blur' | 'change' = 'blur', required = false): FormItemRule {
  return { validator, trigger, required }
}

/** Rules mirroring the API's; `model` is read at validation time (and for the status asterisk). */
export function enterpriseRules(model: () => EnterpriseFormModel, byCode: () => CodeIndex, creating: boolean): FormRules {
  const required = (field: string): FormItemRule => ({
    required: true,
    message: t('archive.common.required', { field }),
    trigger: 'blur',
  })
  const rules: FormRules = {
    name: [
      required(t('archive.form.name')),
      { min: 2, max: 200, message: t('archive.form.nameLength'), trigger: 'blur' },
    ],
    unit_types: [
      rule(check((m) => (m.unit_types.length > 0 ? null : t('archive.form.unitTypesRequired')), model), 'change', true),
    ],
    place: [
      rule(
        check((m) => {
          if (m.place.length === 0) return t('archive.form.placeRequired')
          return placeFromPath(byCode(), m.place).divisionCode ? null : t('archive.form.placeCounty')
        }, model),
        'change',
        true,
      ),
    ],
    contact_phone: [
      rule(check((m) => (!m.contact_phone.trim() || PHONE.test(m.contact_phone.trim()) ? null : t('archive.form.contactPhoneFormat')), model)),
    ],
    size_year: [
      rule(
        check((m) => {
          const hasSize = m.employees !== undefined || m.revenue_wan !== undefined
          return hasSize && !m.size_year ? t('archive.form.sizeYearRequired') : null
        }, model),
        'change',
      ),
    ],
    status_note: [
      rule(
        check((m) => (m.status === 'other' && !m.status_note.trim() ? t('archive.form.statusNoteRequired') : null), model),
        'blur',
        model().status === 'other',
      ),
    ],
  }
  if (creating) {
    rules.credit_code = [rule(check(creditCodeProblem, model), 'blur', true)]
    rules.entry_reason = [
      required(t('archive.form.entryReason')),
      { min: 2, max: 500, message: t('archive.form.entryReasonLength'), trigger: 'blur' },
    ]
  }
  return rules
}
