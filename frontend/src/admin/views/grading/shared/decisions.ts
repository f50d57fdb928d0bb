// The four manual decisions on a unit, as data: their options, current value and API call.
import type { GradingUnit, GradingUnitDetail } from '@/shared/api/grading'
import { overrideGrade, setCategory, setCreditRisk, setEscalation } from '@/shared/api/grading'
import {
  CATEGORIES,
  CREDIT_CLASSES,
  ESCALATION_MODES,
  GRADES,
  categoryLabel,
  creditLabel,
  gradeLabel,
  gradeLevelLabel,
  isCategory,
  isCreditClass,
  isEscalationMode,
  isGrade,
} from '@/shared/grading/labels'
import { t } from '@/shared/i18n'
import type { MessageKey } from '@/shared/i18n'

export type DecisionKind = 'grade' | 'escalation' | 'category' | 'credit'

export const DECISION_KINDS: readonly DecisionKind[] = ['grade', 'escalation', 'category', 'credit']

/** What a decision dialog needs to know of a unit (a list row or a unit's detail). */
export type DecisionTarget = Pick<
  GradingUnit,
  | 'enterprise_id'
  | 'name'
  | 'grade'
  | 'computed_grade'
  | 'grade_overridden'
  | 'escalated'
  | 'listed'
  | 'category'
  | 'credit_risk_class'
>

/** The option that sends null: cancel the override / back to the rules / clear the class. */
export const CLEAR = '__clear__'

export interface DecisionOption {
  value: string
  label: string
}

export const DECISION_TITLE: Record<DecisionKind, MessageKey> = {
  grade: 'grading.decision.grade',
  escalation: 'grading.decision.escalation',
  category: 'grading.decision.category',
  credit: 'grading.decision.credit',
}

export const DECISION_HINT: Record<DecisionKind, MessageKey> = {
  grade: 'grading.decision.hintGrade',
  escalation: 'grading.decision.hintEscalation',
  category: 'grading.decision.hintCategory',
  credit: 'grading.decision.hintCredit',
}

export const DECISION_CHOICE: Record<DecisionKind, MessageKey> = {
  grade: 'grading.decision.choice',
  escalation: 'grading.decision.escalationChoice',
  category: 'grading.decision.categoryChoice',
  credit: 'grading.decision.creditChoice',
}

/** The unit's escalation as a mode: 挂牌督办, 升级监管 or neither. */
export function currentEscalation(unit: DecisionTarget): 'listed' | 'up' | 'none' {
  if (unit.listed) return 'listed'
  return unit.escalated ? 'up' : 'none'
}

export function decisionOptions(kind: DecisionKind, unit: DecisionTarget): DecisionOption[] {
  switch (kind) {
    case 'grade':
      return [
        ...GRADES.map((g) => ({
          value: g,
          label: t('grading.decision.gradeOption', { grade: gradeLabel(g), level: gradeLevelLabel(g) }),
        })),
        ...(unit.grade_overridden ? [{ value: CLEAR, label: t('grading.decision.clearGrade') }] : []),
      ]
    case 'escalation':
      return [
        ...ESCALATION_MODES.map((m) => ({ value: m, label: t(`grading.escalation.${m}`) })),
        { value: CLEAR, label: t('grading.escalation.auto') },
      ]
    case 'category':
      return [
        ...CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c) })),
        { value: CLEAR, label: t('grading.decision.clearCategory') },
      ]
    case 'credit':
      return [
        ...CREDIT_CLASSES.map((c) => ({ value: c, label: creditLabel(c) })),
        ...(unit.credit_risk_class ? [{ value: CLEAR, label: t('grading.decision.clearCredit') }] : []),
      ]
  }
}

/** The current value in the dialog's own terms (preselected). */
export function currentValue(kind: DecisionKind, unit: DecisionTarget): string {
  switch (kind) {
    case 'grade':
      return unit.grade ?? ''
    case 'escalation':
      return currentEscalation(unit) === 'none' ? '' : currentEscalation(unit)
    case 'category':
      return unit.category
    case 'credit':
      return unit.credit_risk_class ?? ''
  }
}

/** The current state as text, for the dialog's 当前 line. */
export function currentText(kind: DecisionKind, unit: DecisionTarget): string {
  switch (kind) {
    case 'grade':
      return unit.grade ? `${gradeLabel(unit.grade)}（${gradeLevelLabel(unit.grade)}）` : gradeLabel(null)
    case 'escalation':
      return t(`grading.decision.currentEscalation.${currentEscalation(unit)}`)
    case 'category':
      return categoryLabel(unit.category)
    case 'credit':
      return unit.credit_risk_class ? creditLabel(unit.credit_risk_class) : t('grading.tab.creditNone')
  }
}

/** Send the decision (CLEAR, or anything not a code, sends null); the answer is the unit as it now stands. */
export function sendDecision(
  kind: DecisionKind,
  id: string,
  value: string,
  reason: string,
): Promise<GradingUnitDetail> {
  const options = { silent: true }
  switch (kind) {
    case 'grade':
      return overrideGrade(id, { grade: isGrade(value) ? value : null, reason }, options)
    case 'escalation':
      return setEscalation(id, { mode: isEscalationMode(value) ? value : null, reason }, options)
    case 'category':
      return setCategory(id, { category: isCategory(value) ? value : null, reason }, options)
    case 'credit':
      return setCreditRisk(id, { credit_risk_class: isCreditClass(value) ? value : null, reason }, options)
  }
}
