// The left menu as data, gated by the permission codes of /me (gateway/auth/permissions.py).
// Entries whose feature has no API yet are shown, disabled, as 建设中.
import type { Component } from 'vue'
import {
  DataAnalysis,
  DocumentChecked,
  Files,
  HomeFilled,
  OfficeBuilding,
  Stamp,
  TrendCharts,
  User,
} from '@element-plus/icons-vue'
import type { AccessRule } from '@/shared/auth/access'
import type { MessageKey } from '@/shared/i18n'

export interface MenuEntry {
  key: string
  titleKey: MessageKey
  icon: Component
  /** route name; absent while the feature is being built */
  routeName?: string
  access?: AccessRule
  /** page or feature not backed by an API yet */
  underConstruction?: boolean
}

export const MENU: readonly MenuEntry[] = [
  { key: 'dashboard', titleKey: 'menu.dashboard', icon: HomeFilled, routeName: 'dashboard' },
  {
    key: 'org-units',
    titleKey: 'menu.orgUnits',
    icon: OfficeBuilding,
    routeName: 'org-units',
    access: { permissions: ['org:read'] },
  },
  {
    key: 'archive',
    titleKey: 'menu.archive',
    icon: Files,
    access: { permissions: ['archive:read'] },
    underConstruction: true,
  },
  {
    key: 'grading',
    titleKey: 'menu.grading',
    icon: TrendCharts,
    access: { permissions: ['grading:read'] },
    underConstruction: true,
  },
  {
    key: 'inspection',
    titleKey: 'menu.inspection',
    icon: DocumentChecked,
    access: { permissions: ['inspection:read'] },
    underConstruction: true,
  },
  {
    key: 'audit',
    titleKey: 'menu.audit',
    icon: Stamp,
    access: { permissions: ['audit:read'] },
    underConstruction: true,
  },
  {
    key: 'reports',
    titleKey: 'menu.reports',
    icon: DataAnalysis,
    access: { permissions: ['dashboard:view'] },
    underConstruction: true,
  },
  {
    key: 'users',
    titleKey: 'menu.users',
    icon: User,
    routeName: 'users',
    access: { permissions: ['users:manage'] },
    underConstruction: true,
  },
]
