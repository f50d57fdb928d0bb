import { createRouter, createWebHistory } from 'vue-router'
import type { RouteRecordRaw } from 'vue-router'
import { isAllowed } from '@/shared/auth/access'
import { installAuthGuard } from '@/shared/auth/routerGuard'
import { useAuthStore } from '@/shared/stores/auth'
import TabLayout from '../layouts/TabLayout.vue'

const ENTERPRISE = { roles: ['enterprise_user'] } as const
const INSPECTOR = { permissions: ['inspection:execute'] }

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../views/auth/login.vue'),
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
        // An enterprise user has no inspection tasks: its home is its rectification notices.
        beforeEnter: () => (isAllowed(useAuthStore().me, ENTERPRISE) ? { name: 'notices' } : true),
      },
      {
        path: 'notices',
        name: 'notices',
        component: () => import('../views/notices/index.vue'),
        meta: { titleKey: 'inspection.field.noticesTitle', access: ENTERPRISE },
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
  { path: '/:pathMatch(.*)*', redirect: { name: 'tasks' } },
]

// Served by the gateway under /field/ with its own history fallback.
export const router = createRouter({
  history: createWebHistory('/field/'),
  routes,
})

installAuthGuard(router, { denied: { name: 'tasks' }, appTitleKey: 'app.fieldTitle' })
