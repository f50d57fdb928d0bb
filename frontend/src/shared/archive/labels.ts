// Codes of the archive and their Chinese labels (the locale's `archive.*`), for selects and tags.
import type { AssessmentResult, PersonnelRole } from '@/shared/api/personnel'
import type { EnterpriseStatus, ProductScope, UnitType } from '@/shared/api/enterprises'
import { t } from '@/shared/i18n'

export const UNIT_TYPES: readonly UnitType[] = ['production', 'wholesale', 'retail']
export const STATUSES: readonly EnterpriseStatus[] = [
  'normal',
  'suspended',
  'deregistered',
  'revoked',
  'moved_out',
  'lost_contact',
  'other',
]
export const SCOPES: readonly ProductScope[] = ['licence', 'ccc', 'mandatory_standard']
export const PERSON_ROLES: readonly PersonnelRole[] = ['director', 'officer']
export const ASSESSMENTS: readonly AssessmentResult[] = ['passed', 'failed', 'none']

function member<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value)
}

export const isUnitType = (value: string): value is UnitType => member(UNIT_TYPES, value)
export const isStatus = (value: string): value is EnterpriseStatus => member(STATUSES, value)
export const isScope = (value: string): value is ProductScope => member(SCOPES, value)
export const isPersonRole = (value: string): value is PersonnelRole => member(PERSON_ROLES, value)
export const isAssessment = (value: string): value is AssessmentResult => member(ASSESSMENTS, value)

/** Label of a code, or the code itself when the server sends one this build does not know. */
export const unitTypeLabel = (code: string): string => (isUnitType(code) ? t(`archive.unitType.${code}`) : code)
export const statusLabel = (code: string): string => (isStatus(code) ? t(`archive.status.${code}`) : code)
export const scopeLabel = (code: string): string => (isScope(code) ? t(`archive.scope.${code}`) : code)
export const scopeShortLabel = (code: string): string => (isScope(code) ? t(`archive.scopeShort.${code}`) : code)
export const roleLabel = (code: string): string => (isPersonRole(code) ? t(`archive.role.${code}`) : code)
export const assessmentLabel = (code: string | null): string =>
  code && isAssessment(code) ? t(`archive.assessment.${code}`) : '—'

/** How alarming an operating status is: normal, paused, gone. */
export type Tone = 'ok' | 'warn' | 'bad' | 'muted'

export function statusTone(status: string): Tone {
  if (status === 'normal') return 'ok'
  if (status === 'suspended' || status === 'other') return 'warn'
  if (status === 'lost_contact' || status === 'revoked') return 'bad'
  return 'muted'
}

/** The number a product is known by, whichever its scope uses. */
export function productNumber(p: {
  licence_no?: string | null
  certificate_no?: string | null
  standard_no?: string | null
}): string {
  return p.licence_no || p.certificate_no || p.standard_no || '—'
}
