import { createRouter, createWebHistory } from 'vue-router'
import type { RouteRecordRaw } from 'vue-router'
import { isAllowed } from '@/shared/auth/access'
import { t } from '@/shared/i18n'
import { useAuthStore } from '@/shared/stores/auth'
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

router.beforeEach(async (to) => {
  if (to.meta.requiresAuth === false) return true
  const auth = useAuthStore()
  if (!auth.hasSession) return { name: 'login', query: { redirect: to.fullPath } }
  try {
    await auth.ensureMe()
  } catch {
    return { name: 'login', query: { redirect: to.fullPath } }
  }
  return isAllowed(auth.me, to.meta.access) ? true : { name: 'tasks' }
})

router.afterEach((to) => {
  const app = t('app.fieldTitle')
  document.title = to.meta.titleKey ? `${t(to.meta.titleKey)} - ${app}` : app
})
