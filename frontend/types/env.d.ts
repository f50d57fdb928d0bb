/// <reference types="vite/client" />

import 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title */
    titleKey?: import('@/shared/i18n').MessageKey
    /** false for pages reachable without a session (login) */
    requiresAuth?: boolean
    /** who may open the page; see shared/auth/access.ts */
    access?: import('@/shared/auth/access').AccessRule
    /** the menu entry to highlight when the page is not in the menu itself (a detail page) */
    menuKey?: string
  }
}
