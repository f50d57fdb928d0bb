import { createRouter, createWebHistory } from 'vue-router'
import type { RouteRecordRaw } from 'vue-router'
import { isAllowed } from '@/shared/auth/access'
import { installAuthGuard } from '@/shared/auth/routerGuard'
import { useAuthStore } from '@/shared/stores/auth'
import TabLayout from '../layouts/TabLayout.vue'
// Part of the entry, not a lazy chunk: a first visit (no session) lands here, and on a slow mobile
// network a lazy chunk costs one more round trip after the entry (2 s on Chrome's Slow 3G;
// bench/field_bench.py), for about 9 KB gzipped.
import LoginView from '../views/auth/login.vue'

const ENTERPRISE = { roles: ['enterprise_user'] } as const
const INSPECTOR = { permissions: ['inspection:execute'] }

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: LoginView,
    meta: { requiresAuth: false, titleKey: 'login.fieldHeading' },
  },
  {
    path: '/',
    component: TabLayout,
    redirect: { name: 'tasks' },
    children: [
      {
        path: 'tasks',
        name: 'tasks',
        component: () => import('../views/tasks/index.vue'),
        meta: { titleKey: 'field.tasksTitle' },
        // An enterprise user has no inspection tasks: its home is its routine (日管控、周排查、月调度).
        beforeEnter: () => (isAllowed(useAuthStore().me, ENTERPRISE) ? { name: 'routines' } : true),
      },
      {
        // 日管控、周排查、月调度: what the unit owes, quick filling, its month's calendar.
        path: 'routines',
        name: 'routines',
        component: () => import('../views/routines/index.vue'),
        meta: { titleKey: 'routines.field.homeTitle', access: ENTERPRISE },
      },
      {
        path: 'notices',
        name: 'notices',
        component: () => import('../views/notices/index.vue'),
        meta: { titleKey: 'inspection.field.noticesTitle', access: ENTERPRISE },
      },
      {
        // 监督抽查考核 of the unit's drawn directors and officers, taken on the phone.
        path: 'exams',
        name: 'exams',
        component: () => import('../views/exams/index.vue'),
        meta: { titleKey: 'inspection.field.exam.listTitle', access: ENTERPRISE },
      },
      {
        path: 'enterprises',
        name: 'enterprises',
        component: () => import('../views/enterprises/index.vue'),
        meta: { titleKey: 'field.enterprisesTitle' },
      },
      {
        path: 'me',
        name: 'me',
        component: () => import('../views/me/index.vue'),
        meta: { titleKey: 'field.meTitle' },
      },
    ],
  },
  {
    // 待办提醒: the bell of the home pages opens it; its items open the pages to act on.
    path: '/reminders',
    name: 'reminders',
    component: () => import('../views/reminders/index.vue'),
    meta: { titleKey: 'reminders.field.title' },
  },
  {
    path: '/enterprises/:id',
    name: 'enterprise-detail',
    component: () => import('../views/enterprises/detail.vue'),
    props: true,
    meta: { titleKey: 'field.enterpriseTitle', access: { permissions: ['archive:read'] } },
  },
  {
    path: '/inspections/:id',
    name: 'inspection',
    component: () => import('../views/inspection/index.vue'),
    props: true,
    meta: { titleKey: 'inspection.field.inspectionTitle', access: INSPECTOR },
  },
  {
    // The exam link a regulator gives the unit; the service decides whose paper may be opened
    // (the unit's own people, or any in a regulator's jurisdiction when recording on their behalf).
    path: '/exams/:assessmentId/:personId',
    name: 'exam',
    component: () => import('../views/exams/paper.vue'),
    props: true,
    meta: { titleKey: 'inspection.field.exam.title' },
  },
  {
    path: '/routines/risk-list',
    name: 'routine-risk-list',
    component: () => import('../views/routines/risk-list.vue'),
    meta: { titleKey: 'routines.field.list.title', access: ENTERPRISE },
  },
  {
    path: '/routines/records',
    name: 'routine-records',
    component: () => import('../views/routines/records.vue'),
    meta: { titleKey: 'routines.field.records.title', access: ENTERPRISE },
  },
  {
    // One record: the form while it is a draft on this phone, read-only once filed.
    path: '/routines/records/:id',
    name: 'routine-record',
    component: () => import('../views/routines/record.vue'),
    props: true,
    meta: { titleKey: 'routines.field.record.title', access: ENTERPRISE },
  },
  {
    path: '/routines/people',
    name: 'routine-people',
    component: () => import('../views/routines/people.vue'),
    meta: { titleKey: 'routines.field.people.title', access: ENTERPRISE },
  },
  { path: '/:pathMatch(.*)*', redirect: { name: 'tasks' } },
]

// Served by the gateway under /field/ with its own history fallback.
export const router = createRouter({
  history: createWebHistory('/field/'),
  routes,
})

installAuthGuard(router, { denied: { name: 'tasks' }, appTitleKey: 'app.fieldTitle' })
