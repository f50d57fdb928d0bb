// 分级总览: the distribution's org, the unit list's filters as URL query, the API query, columns.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type {
  Category,
  Distribution,
  Grade,
  GradingUnit,
  GradingUnitQuery,
  SupervisingLevel,
} from '@/shared/api/grading'
import { CATEGORIES, GRADES, LEVELS, isCategory, isGrade, isLevel } from '@/shared/grading/labels'
import type { GradingTone } from '@/shared/grading/labels'
import type { MessageKey } from '@/shared/i18n'
import type { ColumnDef } from '../../archive/shared/ui'
import { PAGE_SIZES, orgFromQuery, queryFlag, queryNumber, queryString } from '../shared/ui'

export interface UnitFilters {
  q: string
  grade: Grade | ''
  level: SupervisingLevel | ''
  category: Category | ''
  supervising_org: string
  needs_completion: boolean
  escalated: boolean
  listed: boolean
  overridden: boolean
  include_closed: boolean
}

export interface OverviewState {
  /** the org unit whose jurisdiction the distribution shows */
  org: string
  filters: UnitFilters
  page: number
  size: number
}

const DEFAULT_SIZE = PAGE_SIZES[0]
const FLAGS = ['needs_completion', 'escalated', 'listed', 'overridden', 'include_closed'] as const

export function emptyFilters(): UnitFilters {
  return {
    q: '',
    grade: '',
    level: '',
    category: '',
    supervising_org: '',
    needs_completion: false,
    escalated: false,
    listed: false,
    overridden: false,
    include_closed: false,
  }
}

export function stateFromQuery(query: LocationQuery): OverviewState {
  const grade = queryString(query, 'grade')
  const level = queryString(query, 'level')
  const category = queryString(query, 'category')
  const filters: UnitFilters = {
    ...emptyFilters(),
    q: queryString(query, 'q'),
    grade: isGrade(grade) ? grade : '',
    level: isLevel(level) ? level : '',
    category: isCategory(category) ? category : '',
    supervising_org: queryString(query, 'supervising_org'),
  }
  for (const flag of FLAGS) filters[flag] = queryFlag(query, flag)
  return {
    org: orgFromQuery(query),
    filters,
    page: queryNumber(query, 'page', 1),
    size: queryNumber(query, 'size', DEFAULT_SIZE, 200),
  }
}

/** The address-bar query; the user's own unit and other defaults are left out. */
export function stateToQuery(state: OverviewState, ownOrg: string): LocationQueryRaw {
  const f = state.filters
  const raw: LocationQueryRaw = {
    org: state.org && state.org !== ownOrg ? state.org : undefined,
    q: f.q.trim() || undefined,
    grade: f.grade || undefined,
    level: f.level || undefined,
    category: f.category || undefined,
    supervising_org: f.supervising_org || undefined,
    page: state.page > 1 ? String(state.page) : undefined,
    size: state.size !== DEFAULT_SIZE ? String(state.size) : undefined,
  }
  for (const flag of FLAGS) raw[flag] = f[flag] ? '1' : undefined
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined))
}

export function toListQuery(state: OverviewState): GradingUnitQuery {
  const f = state.filters
  return {
    q: f.q.trim() || undefined,
    grade: f.grade || undefined,
    level: f.level || undefined,
    category: f.category || undefined,
    supervising_org: f.supervising_org || undefined,
    needs_completion: f.needs_completion || undefined,
    escalated: f.escalated || undefined,
    listed: f.listed || undefined,
    overridden: f.overridden || undefined,
    include_closed: f.include_closed || undefined,
    org: state.org || undefined,
    page: state.page,
    size: state.size,
  }
}

/** One bar of a distribution panel. */
export interface Bar {
  key: string
  label: string
  count: number
  tone: GradingTone | 'none'
  grade?: string | null
}

export interface BarGroup {
  key: 'grade' | 'level' | 'category'
  titleKey: MessageKey
  bars: Bar[]
}

const LEVEL_TONE: Record<SupervisingLevel, GradingTone> = {
  region: 'danger',
  prefecture: 'warning',
  county: 'primary',
  station: 'info',
}
const CATEGORY_TONE: Record<Category, GradingTone> = { routine: 'success', key: 'warning', special: 'danger' }

/** The three bar panels of a distribution, every code present even at zero. */
export function barGroups(d: Distribution, label: {
  grade: (g: Grade | null) => string
  level: (l: SupervisingLevel) => string
  category: (c: Category) => string
}): BarGroup[] {
  return [
    {
      key: 'grade',
      titleKey: 'grading.overview.byGrade',
      bars: [
        ...GRADES.map((g) => ({ key: g, label: label.grade(g), count: d.by_grade[g] ?? 0, tone: 'primary' as const, grade: g })),
        { key: 'none', label: label.grade(null), count: d.by_grade.none ?? 0, tone: 'none' as const, grade: null },
      ],
    },
    {
      key: 'level',
      titleKey: 'grading.overview.byLevel',
      bars: LEVELS.map((l) => ({ key: l, label: label.level(l), count: d.by_level[l] ?? 0, tone: LEVEL_TONE[l] })),
    },
    {
      key: 'category',
      titleKey: 'grading.overview.byCategory',
      bars: CATEGORIES.map((c) => ({ key: c, label: label.category(c), count: d.by_category[c] ?? 0, tone: CATEGORY_TONE[c] })),
    },
  ]
}

export const UNIT_COLUMNS: readonly ColumnDef<GradingUnit>[] = [
  { key: 'name', labelKey: 'grading.common.name', minWidth: 200 },
  { key: 'unit_types', labelKey: 'grading.common.unitTypes', width: 106 },
  { key: 'size', labelKey: 'grading.common.size', width: 108, align: 'right' },
  { key: 'grade', labelKey: 'grading.common.grade', width: 84, align: 'center' },
  { key: 'level', labelKey: 'grading.common.level', width: 120 },
  { key: 'supervising', labelKey: 'grading.common.supervisingOrg', minWidth: 150 },
  { key: 'category', labelKey: 'grading.common.category', width: 156 },
  { key: 'credit', labelKey: 'grading.common.credit', width: 84, align: 'center' },
]
