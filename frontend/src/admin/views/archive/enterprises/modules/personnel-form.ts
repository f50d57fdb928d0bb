// The 质量安全人员 form as data: appoint (create), change (edit) or end an appointment.
import type { FormRules } from 'element-plus'
import type { AssessmentResult, Personnel, PersonnelIn, PersonnelRole, PersonnelUpdate } from '@/shared/api/personnel'
import { todayIso } from '@/shared/archive/format'
import { isAssessment, isPersonRole } from '@/shared/archive/labels'
import { t } from '@/shared/i18n'

export type PersonnelFormMode = 'create' | 'edit' | 'end'

export interface PersonnelFormModel {
  role: PersonnelRole
  name: string
  id_number: string
  /** on edit: empty keeps the number on file */
  phone: string
  appointed_on: string
  appointment_doc: string
  full_time: boolean
  training: string
  assessment_result: AssessmentResult | ''
  assessment_score: number | undefined
  ended_on: string
  end_reason: string
}

const ID_NUMBER = /^\d{17}[\dXx]$/
const PHONE = /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/

export function personnelModel(person?: Personnel | null): PersonnelFormModel {
  return {
    role: person && isPersonRole(person.role) ? person.role : 'director',
    name: person?.name ?? '',
    id_number: '',
    phone: '',
    appointed_on: person?.appointed_on ?? '',
    appointment_doc: person?.appointment_doc ?? '',
    full_time: person?.full_time ?? true,
    training: person?.training ?? '',
    assessment_result: person?.assessment_result && isAssessment(person.assessment_result) ? person.assessment_result : '',
    assessment_score: person?.assessment_score ?? undefined,
    ended_on: todayIso(),
    end_reason: '',
  }
}

const text = (value: string): string | null => value.trim() || null

export function toAppointBody(m: PersonnelFormModel): PersonnelIn {
  return {
    role: m.role,
    name: m.name.trim(),
    id_number: text(m.id_number)?.toUpperCase() ?? null,
    phone: text(m.phone),
    appointed_on: m.appointed_on || null,
    appointment_doc: text(m.appointment_doc),
    full_time: m.full_time,
    training: text(m.training),
    assessment_result: m.assessment_result || null,
    assessment_score: m.assessment_score ?? null,
  }
}

/** Changed fields with the version read; null when nothing changed. */
export function toChangeBody(m: PersonnelFormModel, p: Personnel): PersonnelUpdate | null {
  const body: Omit<PersonnelUpdate, 'version'> = {}
  if (m.name.trim() !== p.name) body.name = m.name.trim()
  if (m.phone.trim()) body.phone = m.phone.trim()
  if ((m.appointed_on || null) !== p.appointed_on) body.appointed_on = m.appointed_on || null
  if (text(m.appointment_doc) !== p.appointment_doc) body.appointment_doc = text(m.appointment_doc)
  if (m.full_time !== p.full_time) body.full_time = m.full_time
  if (text(m.training) !== p.training) body.training = text(m.training)
  if ((m.assessment_result || null) !== p.assessment_result) body.assessment_result = m.assessment_result || null
  if ((m.assessment_score ?? null) !== p.assessment_score) body.assessment_score = m.assessment_score ?? null
  return Object.keys(body).length > 0 ? { ...body, version: p.version } : null
}

export function toEndBody(m: PersonnelFormModel, p: Personnel): PersonnelUpdate {
  return { version: p.version, ended_on: m.ended_on, end_reason: m.end_reason.trim() }
}

type Validator = (rule: unknown, value: unknown, callback: (error?: Error) => void) => void

function pattern(re: RegExp, message: string): Validator {
  return (_rule, value, callback) => {
    const s = typeof value === 'string' ? value.trim() : ''
    callback(s && !re.test(s) ? new Error(message) : undefined)
  }
}

export function personnelRules(mode: PersonnelFormMode): FormRules {
  const required = (field: string, trigger: 'blur' | 'change' = 'blur') => ({
    required: true,
    message: t('archive.common.required', { field }),
    trigger,
  })
  if (mode === 'end') {
    return {
      ended_on: [required(t('archive.personnel.endedOn'), 'change')],
      end_reason: [required(t('archive.personnel.endReason')), { min: 2, message: t('archive.common.minTwo', { field: t('archive.personnel.endReason') }), trigger: 'blur' }],
    }
  }
  return {
    role: [required(t('archive.personnel.role'), 'change')],
    name: [required(t('archive.personnel.name')), { min: 2, max: 60, message: t('archive.common.minTwo', { field: t('archive.personnel.name') }), trigger: 'blur' }],
    id_number: [{ validator: pattern(ID_NUMBER, t('archive.personnel.idNumberFormat')), trigger: 'blur' }],
    phone: [{ validator: pattern(PHONE, t('archive.personnel.phoneFormat')), trigger: 'blur' }],
  }
}
