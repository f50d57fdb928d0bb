import { createRouter, createWebHistory } from 'vue-router'
import type { RouteRecordRaw } from 'vue-router'
import { installAuthGuard } from '@/shared/auth/routerGuard'
import TabLayout from '../layouts/TabLayout.vue'

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
  { path: '/:pathMatch(.*)*', redirect: { name: 'tasks' } },
]

// Served by the gateway under /field/ with its own history fallback.
export const router = createRouter({
  history: createWebHistory('/field/'),
  routes,
})

installAuthGuard(router, { denied: { name: 'tasks' }, appTitleKey: 'app.fieldTitle' })
