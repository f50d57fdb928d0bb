import { t } from '@/shared/i18n'

export const ROLES = [
  'region_admin',
  'region_officer',
  'prefecture_officer',
  'county_officer',
  'station_inspector',
  'enterprise_user',
  'api_client',
] as const
export type Role = (typeof ROLES)[number]

export const ORG_LEVELS = ['region', 'prefecture', 'county', 'station'] as const
export type OrgLevel = (typeof ORG_LEVELS)[number]

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}

export function isOrgLevel(value: string): value is OrgLevel {
  return (ORG_LEVELS as readonly string[]).includes(value)
}

/** Chinese label of a role; an unknown code is shown as is rather than hidden. */
export function roleLabel(role: string): string {
  return isRole(role) ? t(`role.${role}`) : role
}

/** Short level label for tags: 自治区 / 地市 / 县区 / 所. */
export function levelLabel(level: string): string {
  return isOrgLevel(level) ? t(`level.${level}`) : level
}

/** Level as a kind of bureau: 自治区局 / 地（市）局 / 县（区）局 / 市场监管所. */
export function levelUnitLabel(level: string): string {
  return isOrgLevel(level) ? t(`levelUnit.${level}`) : level
}
