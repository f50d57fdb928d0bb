// A grade-history row as lines for the timeline: what changed, from what to what.
import type { GradeHistoryEntry } from '@/shared/api/grading'
import { formatNumber } from '@/shared/archive/format'
import { categoryShortLabel, gradeLabel, gradingUnitTypeLabel, levelLabel } from '@/shared/grading/labels'
import { t } from '@/shared/i18n'

export interface HistoryChange {
  key: 'grade' | 'level' | 'supervising' | 'category'
  label: string
  before: string | null
  after: string
}

/** Colour of a timeline dot: manual decisions stand out from automatic regrades. */
export function sourceType(source: string): 'primary' | 'success' | 'warning' | 'danger' | 'info' {
  if (source === 'override' || source === 'escalation') return 'danger'
  if (source === 'category' || source === 'credit') return 'warning'
  if (source === 'risk') return 'danger'
  if (source === 'event') return 'primary'
  return 'info'
}

/** The tracked values that changed; the first row (nothing before) lists what was set. */
export function historyChanges(entry: GradeHistoryEntry, orgName: (code: string) => string): HistoryChange[] {
  const first = entry.grade_before === null && entry.level_before === null && entry.supervising_before === null
  const rows: HistoryChange[] = [
    {
      key: 'grade',
      label: t('grading.tab.change.grade'),
      before: entry.grade_before === null ? null : gradeLabel(entry.grade_before),
      after: gradeLabel(entry.grade_after),
    },
    {
      key: 'level',
      label: t('grading.tab.change.level'),
      before: entry.level_before === null ? null : levelLabel(entry.level_before),
      after: entry.level_after === null ? '—' : levelLabel(entry.level_after),
    },
    {
      key: 'supervising',
      label: t('grading.tab.change.supervising'),
      before: entry.supervising_before === null ? null : orgName(entry.supervising_before),
      after: entry.supervising_after === null ? '—' : orgName(entry.supervising_after),
    },
    {
      key: 'category',
      label: t('grading.tab.change.category'),
      before: entry.category_before === null ? null : categoryShortLabel(entry.category_before),
      after: categoryShortLabel(entry.category_after),
    },
  ]
  return rows
    .filter((row) => (first ? row.after !== '—' : row.before !== row.after))
    .map((row) => (first ? { ...row, before: null } : row))
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** "生产单位；从业人员 120 人；营业收入 1,800 万元", from the row's free-form inputs. */
export function inputsText(inputs: GradeHistoryEntry['inputs']): string {
  if (!isRecord(inputs)) return ''
  const parts: string[] = []
  if (Array.isArray(inputs.unit_types)) {
    const types = inputs.unit_types.filter((v): v is string => typeof v === 'string').map(gradingUnitTypeLabel)
    if (types.length) parts.push(types.join('、'))
  }
  const x = inputs.employees
  const y = inputs.revenue_wan
  parts.push(
    typeof x === 'number'
      ? `${t('archive.field.employees')} ${t('grading.common.employees', { count: formatNumber(x) })}`
      : `${t('archive.field.employees')} —`,
  )
  parts.push(
    typeof y === 'string' || typeof y === 'number'
      ? `${t('archive.detail.revenue')} ${t('grading.common.revenue', { value: formatNumber(y) })}`
      : `${t('archive.detail.revenue')} —`,
  )
  return parts.join('；')
}

/** Whether the row's grade basis says something new: the first grading, or the grade or supervisor moved. */
export function showsBasis(entry: GradeHistoryEntry): boolean {
  return (
    entry.grade_before === null ||
    entry.grade_before !== entry.grade_after ||
    entry.level_before !== entry.level_after ||
    entry.supervising_before !== entry.supervising_after
  )
}

/** The category basis explains a category the rules set; a manual change is explained by its reason. */
export function showsCategoryBasis(entry: GradeHistoryEntry): boolean {
  return entry.category_before !== entry.category_after && entry.source !== 'category'
}
