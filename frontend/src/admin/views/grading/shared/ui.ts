// Element Plus plumbing the grading pages share: who decides, how refusals read, org choices.
import type { LocationQuery } from 'vue-router'
import { problemMessage } from '@/shared/api/problem'
import type { Problem } from '@/shared/api/problem'
import type { AccessRule } from '@/shared/auth/access'
import type { OrgUnitNode } from '@/shared/api/orgUnits'
import { formatNumber } from '@/shared/archive/format'
import { ORG_LEVELS, levelUnitLabel } from '@/shared/auth/roles'
import { t } from '@/shared/i18n'
import { useAuthStore } from '@/shared/stores/auth'
import { queryString } from '../../archive/shared/ui'

export { gradeTagType, PAGE_SIZES, queryFlag, queryNumber, queryString } from '../../archive/shared/ui'
export type { TagType } from '../../archive/shared/ui'

/**
 * Who may make grading decisions (overrides, escalations, categories, credit classes, high-risk
 * designations, freezing lists): bureau staff, not station inspectors (grading/deps.py DECIDER_ROLES).
 */
export const DECIDER_ACCESS: AccessRule = {
  roles: ['region_admin', 'region_officer', 'prefecture_officer', 'county_officer'],
}

/** Rule sets and the full regrade: the region's administrator only (grading/deps.py Admin). */
export const RULES_ADMIN_ACCESS: AccessRule = { roles: ['region_admin'] }

/** A refusal worded for a dialog: the grading service names its fields in `label`. */
export function gradingProblemText(problem: Problem): string {
  const errors = problem.errors ?? []
  if (errors.length === 0 || errors.some((e) => e.row !== undefined)) return problemMessage(problem)
  return errors
    .slice(0, 3)
    .map((e) => (e.label ? `${e.label}：${e.message}` : e.message))
    .join('；')
}

/** The org unit a page shows: `org` from the address bar, or the user's own unit. */
export function orgFromQuery(query: LocationQuery): string {
  return queryString(query, 'org') || useAuthStore().orgUnit?.code || ''
}

/** "120 人 / 1,800 万元" for a unit's size; '—' for what is not filled in. */
export function sizeText(employees: number | null, revenueWan: string | null): { x: string; y: string } {
  return {
    x: employees === null ? '—' : t('grading.common.employees', { count: formatNumber(employees) }),
    y: revenueWan === null ? '—' : t('grading.common.revenue', { value: formatNumber(revenueWan) }),
  }
}

/**
 * The name of the org unit supervising a unit: the name the grading service gives, else the
 * user's org tree, else (a unit above the user's own) 上级地（市）局（540100）, the level found
 * from the code's place on the unit's org path (region / prefecture / county / station).
 */
export function supervisingName(
  byCode: ReadonlyMap<string, OrgUnitNode>,
  code: string | null,
  orgPath: string,
  givenName?: string | null,
): string {
  if (!code) return '—'
  if (givenName) return givenName
  const node = byCode.get(code)
  if (node) return node.name
  const level = ORG_LEVELS[orgPath.split('/').indexOf(code)]
  return level ? t('grading.common.superiorOrg', { level: levelUnitLabel(level), code }) : code
}
