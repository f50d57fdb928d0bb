// Labels and tag colours of the assessment pages.
import { t } from '@/shared/i18n'
import type { TagType } from '../shared/ui'
import type { AssessmentPerson } from './api'

export const roleLabel = (role: string): string =>
  role === 'director' || role === 'officer' ? t(`inspection.admin.assessments.roleLabel.${role}`) : role

export const modeLabel = (mode: string | null): string =>
  mode === 'online' || mode === 'paper' ? t(`inspection.admin.assessments.modeLabel.${mode}`) : '—'

export const statusTag = (status: string): TagType => (status === 'published' ? 'success' : 'warning')

export type ResultKind = 'passed' | 'failed' | 'notTaken'

export function resultOf(person: Pick<AssessmentPerson, 'score' | 'passed'>): ResultKind {
  if (person.score === null) return 'notTaken'
  return person.passed ? 'passed' : 'failed'
}

const RESULT_TAG: Record<ResultKind, TagType> = { passed: 'success', failed: 'danger', notTaken: 'info' }

export const resultTag = (kind: ResultKind): TagType => RESULT_TAG[kind]
export const resultLabel = (kind: ResultKind): string => t(`inspection.admin.assessments.${kind}`)
