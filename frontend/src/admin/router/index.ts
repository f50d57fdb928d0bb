import { createRouter, createWebHistory } from 'vue-router'
import type { RouteRecordRaw } from 'vue-router'
import { installAuthGuard } from '@/shared/auth/routerGuard'
import BasicLayout from '../layouts/BasicLayout.vue'
import { API_KEYS_ACCESS } from '../views/system/api-keys/access'
import {
  AUDIT_ACCESS,
  FILING_ACCESS,
  GRADING_ACCESS,
  INSPECTION_ACCESS,
  NATIONAL_ACCESS,
  QUESTION_READ_ACCESS,
  REMINDER_ACCESS,
} from './menu'

const ARCHIVE_READ = { permissions: ['archive:read'] }

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../views/auth/login.vue'),
    meta: { requiresAuth: false, titleKey: 'login.heading' },
  },
  {
    path: '/',
    component: BasicLayout,
    redirect: { name: 'dashboard' },
    children: [
      {
        path: 'dashboard',
        name: 'dashboard',
        component: () => import('../views/dashboard/index.vue'),
        meta: { titleKey: 'menu.dashboard' },
      },
      {
        path: 'reminders',
        name: 'reminders',
        component: () => import('../views/reminders/index.vue'),
        meta: { titleKey: 'menu.reminders', access: REMINDER_ACCESS },
      },
      {
        path: 'org/units',
        name: 'org-units',
        component: () => import('../views/org/units.vue'),
        meta: { titleKey: 'menu.orgUnits', access: { permissions: ['org:read'] } },
      },
      {
        path: 'archive/enterprises',
        name: 'archive-enterprises',
        component: () => import('../views/archive/enterprises/list.vue'),
        meta: { titleKey: 'menu.archiveEnterprises', access: ARCHIVE_READ },
      },
      {
        path: 'archive/enterprises/:id',
        name: 'archive-enterprise-detail',
        component: () => import('../views/archive/enterprises/detail.vue'),
        props: true,
        meta: { titleKey: 'archive.detail.title', access: ARCHIVE_READ, menuKey: 'archive-enterprises' },
      },
      {
        path: 'archive/imports',
        name: 'archive-imports',
        component: () => import('../views/archive/imports/index.vue'),
        meta: { titleKey: 'menu.archiveImports', access: { permissions: ['archive:write'] } },
      },
      {
        path: 'archive/overdue',
        name: 'archive-overdue',
        component: () => import('../views/archive/overdue/list.vue'),
        meta: { titleKey: 'menu.archiveOverdue', access: ARCHIVE_READ },
      },
      {
        path: 'archive/personnel',
        name: 'archive-personnel',
        component: () => import('../views/archive/personnel/list.vue'),
        meta: { titleKey: 'menu.archivePersonnel', access: ARCHIVE_READ },
      },
      {
        path: 'archive/filings',
        name: 'archive-filings',
        component: () => import('../views/archive/filings/index.vue'),
        meta: { titleKey: 'menu.archiveFilings', access: FILING_ACCESS },
      },
      {
        path: 'grading/overview',
        name: 'grading-overview',
        component: () => import('../views/grading/overview/index.vue'),
        meta: { titleKey: 'menu.gradingOverview', access: GRADING_ACCESS },
      },
      {
        path: 'grading/lists',
        name: 'grading-lists',
        component: () => import('../views/grading/lists/index.vue'),
        meta: { titleKey: 'menu.gradingLists', access: GRADING_ACCESS },
      },
      {
        path: 'grading/high-risk',
        name: 'grading-high-risk',
        component: () => import('../views/grading/high-risk/index.vue'),
        meta: { titleKey: 'menu.gradingHighRisk', access: GRADING_ACCESS },
      },
      {
        path: 'grading/responsibility',
        name: 'grading-responsibility',
        component: () => import('../views/grading/responsibility/index.vue'),
        meta: { titleKey: 'menu.gradingResponsibility', access: GRADING_ACCESS },
      },
      {
        path: 'grading/calculator',
        name: 'grading-calculator',
        component: () => import('../views/grading/calculator/index.vue'),
        meta: { titleKey: 'menu.gradingCalculator', access: GRADING_ACCESS },
      },
      {
        path: 'grading/rules',
        name: 'grading-rules',
        component: () => import('../views/grading/rules/index.vue'),
        meta: { titleKey: 'menu.gradingRules', access: GRADING_ACCESS },
      },
      {
        path: 'inspection/tasks',
        name: 'inspection-tasks',
        component: () => import('../views/inspection/tasks/index.vue'),
        meta: { titleKey: 'menu.inspectionTasks', access: INSPECTION_ACCESS },
      },
      {
        path: 'inspection/draws',
        name: 'inspection-draws',
        component: () => import('../views/inspection/draws/index.vue'),
        meta: { titleKey: 'menu.inspectionDraws', access: INSPECTION_ACCESS },
      },
      {
        path: 'inspection/records',
        name: 'inspection-records',
        component: () => import('../views/inspection/records/list.vue'),
        meta: { titleKey: 'menu.inspectionRecords', access: INSPECTION_ACCESS },
      },
      {
        path: 'inspection/records/:id',
        name: 'inspection-record-detail',
        component: () => import('../views/inspection/records/detail.vue'),
        props: true,
        meta: { titleKey: 'inspection.admin.records.detail', access: INSPECTION_ACCESS, menuKey: 'inspection-records' },
      },
      {
        path: 'inspection/rectifications',
        name: 'inspection-rectifications',
        component: () => import('../views/inspection/rectifications/list.vue'),
        meta: { titleKey: 'menu.inspectionRectifications', access: INSPECTION_ACCESS },
      },
      {
        path: 'inspection/assessments',
        name: 'inspection-assessments',
        component: () => import('../views/inspection/assessments/index.vue'),
        meta: { titleKey: 'menu.inspectionAssessments', access: INSPECTION_ACCESS },
      },
      {
        path: 'inspection/assessments/:id',
        name: 'inspection-assessment-detail',
        component: () => import('../views/inspection/assessments/detail.vue'),
        props: true,
        meta: { titleKey: 'inspection.admin.assessments.detail', access: INSPECTION_ACCESS, menuKey: 'inspection-assessments' },
      },
      {
        path: 'inspection/questions',
        name: 'inspection-questions',
        component: () => import('../views/inspection/questions/index.vue'),
        meta: { titleKey: 'menu.inspectionQuestions', access: QUESTION_READ_ACCESS },
      },
      {
        path: 'inspection/followups',
        name: 'inspection-followups',
        component: () => import('../views/inspection/followups/index.vue'),
        meta: { titleKey: 'menu.inspectionFollowups', access: INSPECTION_ACCESS },
      },
      {
        path: 'routines/rates',
        name: 'routine-rates',
        component: () => import('../views/routines/rates/index.vue'),
        meta: { titleKey: 'menu.routineRates', access: INSPECTION_ACCESS },
      },
      {
        path: 'routines/lapsed',
        name: 'routine-lapsed',
        component: () => import('../views/routines/lapsed/index.vue'),
        meta: { titleKey: 'menu.routineLapsed', access: INSPECTION_ACCESS },
      },
      {
        path: 'audit/audits',
        name: 'audit-audits',
        component: () => import('../views/audit/audits/index.vue'),
        meta: { titleKey: 'menu.auditAudits', access: AUDIT_ACCESS },
      },
      {
        path: 'audit/audits/:id',
        name: 'audit-audit-detail',
        component: () => import('../views/audit/audits/detail.vue'),
        props: true,
        meta: { titleKey: 'audit.detail.title', access: AUDIT_ACCESS, menuKey: 'audit-audits' },
      },
      {
        path: 'audit/followups',
        name: 'audit-followups',
        component: () => import('../views/audit/followups/index.vue'),
        meta: { titleKey: 'menu.auditFollowups', access: AUDIT_ACCESS },
      },
      {
        path: 'audit/scores',
        name: 'audit-scores',
        component: () => import('../views/audit/scores/index.vue'),
        meta: { titleKey: 'menu.auditScores', access: AUDIT_ACCESS },
      },
      {
        path: 'audit/progress',
        name: 'audit-progress',
        component: () => import('../views/audit/progress/index.vue'),
        meta: { titleKey: 'menu.auditProgress', access: AUDIT_ACCESS },
      },
      {
        path: 'audit/bureau',
        name: 'audit-bureau',
        component: () => import('../views/audit/bureau/index.vue'),
        meta: { titleKey: 'menu.auditBureau', access: AUDIT_ACCESS },
      },
      {
        path: 'audit/national',
        name: 'audit-national',
        component: () => import('../views/audit/national/index.vue'),
        meta: { titleKey: 'menu.auditNational', access: NATIONAL_ACCESS },
      },
      {
        path: 'system/users',
        name: 'users',
        component: () => import('../views/users/index.vue'),
        meta: { titleKey: 'menu.users', access: { permissions: ['users:manage'] } },
      },
      {
        path: 'system/api-keys',
        name: 'api-keys',
        component: () => import('../views/system/api-keys/index.vue'),
        meta: { titleKey: 'menu.apiKeys', access: API_KEYS_ACCESS },
      },
      {
        path: 'forbidden',
        name: 'forbidden',
        component: () => import('../views/errors/forbidden.vue'),
        meta: { titleKey: 'errors.forbiddenTitle' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('../views/errors/not-found.vue'),
        meta: { titleKey: 'errors.notFoundTitle' },
      },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

installAuthGuard(router, { denied: { name: 'forbidden' }, appTitleKey: 'app.title' })
