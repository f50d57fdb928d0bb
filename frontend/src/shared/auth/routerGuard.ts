import type { RouteLocationRaw, Router } from 'vue-router'
import { isAllowed } from '@/shared/auth/access'
import { t } from '@/shared/i18n'
import type { MessageKey } from '@/shared/i18n'
import { useAuthStore } from '@/shared/stores/auth'

export interface AuthGuardOptions {
  /** where a signed-in user goes when the page's access rule refuses them */
  denied: RouteLocationRaw
  /** i18n key of the app name that ends every document title */
  appTitleKey: MessageKey
}

/**
 * The session guard both apps share: pages need a session (restored with ensureMe) unless
 * their meta says `requiresAuth: false`, and must pass their access rule; the document title
 * follows the page.
 */
export function installAuthGuard(router: Router, options: AuthGuardOptions): void {
  router.beforeEach(async (to) => {
    if (to.meta.requiresAuth === false) return true
    const auth = useAuthStore()
    if (!auth.hasSession) return { name: 'login', query: { redirect: to.fullPath } }
    try {
      await auth.ensureMe()
    } catch {
      // Refused session: the client already cleared it. Network trouble: the message is shown
      // and the tokens are kept, so logging in again is the way forward either way.
      return { name: 'login', query: { redirect: to.fullPath } }
    }
    return isAllowed(auth.me, to.meta.access) ? true : options.denied
  })

  router.afterEach((to) => {
    const app = t(options.appTitleKey)
    document.title = to.meta.titleKey ? `${t(to.meta.titleKey)} - ${app}` : app
  })
}
