// The left menu as data, gated by the permission codes of /me (gateway/auth/permissions.py).
// Entries whose feature has no API yet are shown, disabled, as 建设中. An entry with children is
// a group; pages below an entry (a detail page) name it in their route's meta.menuKey.
import type { Component } from 'vue'
import {
  AlarmClock,
  Bell,
  BellFilled,
  Calendar,
  Checked,
  Connection,
  DataLine,
  DocumentChecked,
  Files,
  Finished,
  Histogram,
  HomeFilled,
  Key,
  List,
  MagicStick,
  Medal,
  Memo,
  Message,
  MuteNotification,
  Notebook,
  Odometer,
  OfficeBuilding,
  PieChart,
  Postcard,
  Promotion,
  School,
  SetUp,
  Setting,
  Stamp,
  Tickets,
  Timer,
  TrendCharts,
  Trophy,
  Upload,
  User,
  UserFilled,
  WarnTriangleFilled,
} from '@element-plus/icons-vue'
import type { AccessRule } from '@/shared/auth/access'
import type { MessageKey } from '@/shared/i18n'
import { AUDIT_ACCESS, REGION_ACCESS as NATIONAL_ACCESS } from '../views/audit/shared/ui'
import { QUESTION_READ_ACCESS } from '../views/inspection/questions/access'
import { API_KEYS_ACCESS } from '../views/system/api-keys/access'

export interface MenuEntry {
  key: string
  titleKey: MessageKey
  icon: Component
  /** route name; absent while the feature is being built */
  routeName?: string
  access?: AccessRule
  /** page or feature not backed by an API yet */
  underConstruction?: boolean
  /** sub-pages, shown as a group */
  children?: readonly MenuEntry[]
}

/** Who files with the region (prefecture officers) and who sees the filings (region staff). */
export const FILING_ACCESS: AccessRule = { roles: ['prefecture_officer', 'region_admin', 'region_officer'] }

/** 分层分级 is for regulators (grading:read); its decisions are checked per button (grading/shared/ui.ts). */
export const GRADING_ACCESS: AccessRule = { permissions: ['grading:read'] }

/** 监督检查 is for regulators (inspection:read); what they may do is checked per button (inspection/shared/ui.ts). */
export const INSPECTION_ACCESS: AccessRule = { permissions: ['inspection:read'] }

/** The assessment question bank is read by bureau staff only (inspection/assessments/router.py, Bureau). */
export { QUESTION_READ_ACCESS }

/** 督查考核 is for bureau staff (audit:read); what they may do is checked per button (audit/shared/ui.ts). */
export { AUDIT_ACCESS }

/** 总局归集 (the delivery log) is the region's staff's (audit/deps.py RegionStaff). */
export { NATIONAL_ACCESS }

/** 待办提醒 (F9): every regulator has its own (the services answer per org unit). */
export const REMINDER_ACCESS: AccessRule = {
  roles: ['region_admin', 'region_officer', 'prefecture_officer', 'county_officer', 'station_inspector'],
}

export const MENU: readonly MenuEntry[] = [
  { key: 'dashboard', titleKey: 'menu.dashboard', icon: HomeFilled, routeName: 'dashboard' },
  { key: 'reminders', titleKey: 'menu.reminders', icon: BellFilled, routeName: 'reminders', access: REMINDER_ACCESS },
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
    children: [
      {
        key: 'archive-enterprises',
        titleKey: 'menu.archiveEnterprises',
        icon: List,
        routeName: 'archive-enterprises',
        access: { permissions: ['archive:read'] },
      },
      {
        key: 'archive-imports',
        titleKey: 'menu.archiveImports',
        icon: Upload,
        routeName: 'archive-imports',
        access: { permissions: ['archive:write'] },
      },
      {
        key: 'archive-overdue',
        titleKey: 'menu.archiveOverdue',
        icon: AlarmClock,
        routeName: 'archive-overdue',
        access: { permissions: ['archive:read'] },
      },
      {
        key: 'archive-personnel',
        titleKey: 'menu.archivePersonnel',
        icon: UserFilled,
        routeName: 'archive-personnel',
        access: { permissions: ['archive:read'] },
      },
      {
        key: 'archive-filings',
        titleKey: 'menu.archiveFilings',
        icon: Postcard,
        routeName: 'archive-filings',
        access: FILING_ACCESS,
      },
    ],
  },
  {
    key: 'grading',
    titleKey: 'menu.grading',
    icon: TrendCharts,
    access: GRADING_ACCESS,
    children: [
      { key: 'grading-overview', titleKey: 'menu.gradingOverview', icon: PieChart, routeName: 'grading-overview', access: GRADING_ACCESS },
      { key: 'grading-lists', titleKey: 'menu.gradingLists', icon: Tickets, routeName: 'grading-lists', access: GRADING_ACCESS },
      {
        key: 'grading-high-risk',
        titleKey: 'menu.gradingHighRisk',
        icon: WarnTriangleFilled,
        routeName: 'grading-high-risk',
        access: GRADING_ACCESS,
      },
      {
        key: 'grading-responsibility',
        titleKey: 'menu.gradingResponsibility',
        icon: Memo,
        routeName: 'grading-responsibility',
        access: GRADING_ACCESS,
      },
      {
        key: 'grading-calculator',
        titleKey: 'menu.gradingCalculator',
        icon: Odometer,
        routeName: 'grading-calculator',
        access: GRADING_ACCESS,
      },
      { key: 'grading-rules', titleKey: 'menu.gradingRules', icon: SetUp, routeName: 'grading-rules', access: GRADING_ACCESS },
    ],
  },
  {
    key: 'inspection',
    titleKey: 'menu.inspection',
    icon: DocumentChecked,
    access: INSPECTION_ACCESS,
    children: [
      { key: 'inspection-tasks', titleKey: 'menu.inspectionTasks', icon: Calendar, routeName: 'inspection-tasks', access: INSPECTION_ACCESS },
      { key: 'inspection-draws', titleKey: 'menu.inspectionDraws', icon: MagicStick, routeName: 'inspection-draws', access: INSPECTION_ACCESS },
      {
        key: 'inspection-records',
        titleKey: 'menu.inspectionRecords',
        icon: Finished,
        routeName: 'inspection-records',
        access: INSPECTION_ACCESS,
      },
      {
        key: 'inspection-rectifications',
        titleKey: 'menu.inspectionRectifications',
        icon: Bell,
        routeName: 'inspection-rectifications',
        access: INSPECTION_ACCESS,
      },
      {
        key: 'inspection-followups',
        titleKey: 'menu.inspectionFollowups',
        icon: Promotion,
        routeName: 'inspection-followups',
        access: INSPECTION_ACCESS,
      },
      {
        key: 'inspection-assessments',
        titleKey: 'menu.inspectionAssessments',
        icon: Medal,
        routeName: 'inspection-assessments',
        access: INSPECTION_ACCESS,
      },
      {
        key: 'inspection-questions',
        titleKey: 'menu.inspectionQuestions',
        icon: Notebook,
        routeName: 'inspection-questions',
        access: QUESTION_READ_ACCESS,
      },
    ],
  },
  {
    key: 'routines',
    titleKey: 'menu.routines',
    icon: Histogram,
    access: INSPECTION_ACCESS,
    children: [
      { key: 'routine-rates', titleKey: 'menu.routineRates', icon: DataLine, routeName: 'routine-rates', access: INSPECTION_ACCESS },
      { key: 'routine-lapsed', titleKey: 'menu.routineLapsed', icon: MuteNotification, routeName: 'routine-lapsed', access: INSPECTION_ACCESS },
    ],
  },
  {
    key: 'audit',
    titleKey: 'menu.audit',
    icon: Stamp,
    access: AUDIT_ACCESS,
    children: [
      { key: 'audit-audits', titleKey: 'menu.auditAudits', icon: Checked, routeName: 'audit-audits', access: AUDIT_ACCESS },
      { key: 'audit-followups', titleKey: 'menu.auditFollowups', icon: Message, routeName: 'audit-followups', access: AUDIT_ACCESS },
      { key: 'audit-scores', titleKey: 'menu.auditScores', icon: Trophy, routeName: 'audit-scores', access: AUDIT_ACCESS },
      { key: 'audit-progress', titleKey: 'menu.auditProgress', icon: Timer, routeName: 'audit-progress', access: AUDIT_ACCESS },
      { key: 'audit-bureau', titleKey: 'menu.auditBureau', icon: School, routeName: 'audit-bureau', access: AUDIT_ACCESS },
      { key: 'audit-national', titleKey: 'menu.auditNational', icon: Connection, routeName: 'audit-national', access: NATIONAL_ACCESS },
    ],
  },
  {
    // 系统管理: shown to whoever may open one of its pages (region administrators)
    key: 'system',
    titleKey: 'menu.system',
    icon: Setting,
    children: [
      {
        key: 'users',
        titleKey: 'menu.users',
        icon: User,
        routeName: 'users',
        access: { permissions: ['users:manage'] },
        underConstruction: true,
      },
      { key: 'api-keys', titleKey: 'menu.apiKeys', icon: Key, routeName: 'api-keys', access: API_KEYS_ACCESS },
    ],
  },
]
