// Codes of the grading service and their Chinese labels (the locale's `grading.*`), for both apps.
import type {
  Category,
  CreditClass,
  EscalationMode,
  Grade,
  GradingUnitType,
  HighRiskStatus,
  SupervisingLevel,
} from '@/shared/api/grading'
import { t } from '@/shared/i18n'

export const GRADES: readonly Grade[] = ['A', 'B', 'C', 'D']
export const LEVELS: readonly SupervisingLevel[] = ['region', 'prefecture', 'county', 'station']
export const CATEGORIES: readonly Category[] = ['routine', 'key', 'special']
export const CREDIT_CLASSES: readonly CreditClass[] = ['low', 'ordinary', 'higher', 'high']
export const ESCALATION_MODES: readonly EscalationMode[] = ['up', 'listed', 'none']
export const GRADING_UNIT_TYPES: readonly GradingUnitType[] = ['production', 'wholesale', 'retail']
export const HIGH_RISK_STATUSES: readonly HighRiskStatus[] = ['overdue', 'due', 'done', 'ended']

/** The grade each supervising level takes (附件4: A 自治区局 … D 所（分局）). */
export const GRADE_OF_LEVEL: Record<SupervisingLevel, Grade> = { region: 'A', prefecture: 'B', county: 'C', station: 'D' }

const HISTORY_SOURCES = ['event', 'override', 'escalation', 'category', 'credit', 'risk', 'recompute'] as const
const SIZES = ['large', 'medium', 'small', 'micro'] as const

function member<T extends string>(list: readonly T[], value: string | null | undefined): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value)
}

export const isGrade = (value: string | null | undefined): value is Grade => member(GRADES, value)
export const isLevel = (value: string | null | undefined): value is SupervisingLevel => member(LEVELS, value)
export const isCategory = (value: string | null | undefined): value is Category => member(CATEGORIES, value)
export const isCreditClass = (value: string | null | undefined): value is CreditClass => member(CREDIT_CLASSES, value)
export const isEscalationMode = (value: string | null | undefined): value is EscalationMode =>
  member(ESCALATION_MODES, value)
export const isHighRiskStatus = (value: string | null | undefined): value is HighRiskStatus =>
  member(HIGH_RISK_STATUSES, value)
export const isGradingUnitType = (value: string | null | undefined): value is GradingUnitType =>
  member(GRADING_UNIT_TYPES, value)

/** "B级", or 待定级 when the unit has none. */
export const gradeLabel = (grade: string | null | undefined): string =>
  isGrade(grade) ? t(`grading.grade.${grade}`) : t('grading.grade.none')
/** 地（市）局监管 for B. */
export const gradeLevelLabel = (grade: string | null | undefined): string =>
  isGrade(grade) ? t(`grading.gradeLevel.${grade}`) : t('grading.grade.none')
export const levelLabel = (level: string | null | undefined): string =>
  isLevel(level) ? t(`grading.level.${level}`) : (level ?? '—')
export const categoryLabel = (category: string | null | undefined): string =>
  isCategory(category) ? t(`grading.category.${category}`) : (category ?? '—')
export const categoryShortLabel = (category: string | null | undefined): string =>
  isCategory(category) ? t(`grading.categoryShort.${category}`) : (category ?? '—')
export const creditLabel = (credit: string | null | undefined): string =>
  isCreditClass(credit) ? t(`grading.credit.${credit}`) : '—'
export const gradingUnitTypeLabel = (type: string): string =>
  isGradingUnitType(type) ? t(`grading.unitType.${type}`) : type
export const sizeLabel = (size: string | null | undefined): string =>
  member(SIZES, size) ? t(`grading.size.${size}`) : t('grading.sideFigures.unknown')
export const historySourceLabel = (source: string): string =>
  member(HISTORY_SOURCES, source) ? t(`grading.source.${source}`) : source
export const highRiskStatusLabel = (status: string): string =>
  isHighRiskStatus(status) ? t(`grading.highRisk.status.${status}`) : status

/** How alarming a category, credit class or grade is (for tag colours in both apps). */
export type GradingTone = 'primary' | 'success' | 'warning' | 'danger' | 'info'

export function categoryTone(category: string | null | undefined): GradingTone {
  if (category === 'special') return 'danger'
  if (category === 'key') return 'warning'
  return 'success'
}

export function creditTone(credit: string | null | undefined): GradingTone {
  if (credit === 'high') return 'danger'
  if (credit === 'higher') return 'warning'
  if (credit === 'low') return 'success'
  return 'info'
}

export function highRiskTone(status: string): GradingTone {
  if (status === 'overdue') return 'danger'
  if (status === 'due') return 'warning'
  if (status === 'done') return 'success'
  return 'info'
}
