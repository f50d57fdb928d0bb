// Who may see a page, a menu entry or a button: roles and permission codes from /me.
import type { Directive } from 'vue'
import { useAuthStore } from '@/shared/stores/auth'
import type { Role } from './roles'

export interface AccessRule {
  /** any one of these roles */
  roles?: readonly Role[]
  /** any one of these permission codes */
  permissions?: readonly string[]
}

export interface Principal {
  roles: readonly string[]
  permissions: readonly string[]
}

/** Every list the rule names must be met; within a list, one match is enough. */
export function isAllowed(principal: Principal | null, rule: AccessRule | undefined): boolean {
  if (!rule) return true
  if (!principal) return false
  const roleOk = !rule.roles?.length || rule.roles.some((role) => principal.roles.includes(role))
  const permissionOk =
    !rule.permissions?.length || rule.permissions.some((code) => principal.permissions.includes(code))
  return roleOk && permissionOk
}

export function useAccess() {
  const auth = useAuthStore()
  return {
    can: (rule: AccessRule | undefined): boolean => isAllowed(auth.me, rule),
    hasRole: (role: Role): boolean => isAllowed(auth.me, { roles: [role] }),
    hasPermission: (code: string): boolean => isAllowed(auth.me, { permissions: [code] }),
  }
}

/** v-access="{ permissions: ['org:read'] }" removes the element when the rule is not met. */
export const vAccess: Directive<HTMLElement, AccessRule> = {
  mounted(el, binding) {
    if (!isAllowed(useAuthStore().me, binding.value)) el.remove()
  },
}
