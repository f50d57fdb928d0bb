import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authApi from '@/shared/api/auth'
import type { LoginRequest, Me } from '@/shared/api/auth'
import { ApiError } from '@/shared/api/problem'
import { clearSession, markActivity, readSessionUser, readTokens, saveSessionUser, saveTokens } from '@/shared/auth/session'

function isMe(value: unknown): value is Me {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.id === 'string' && typeof v.username === 'string' && Array.isArray(v.roles) && Array.isArray(v.permissions)
}

/** No answer from the server at all (no network, gateway down): not a verdict on the session. */
function unreachable(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 0 || err.status === 408 || err.status === 502 || err.status === 503 || err.status === 504)
}

export const useAuthStore = defineStore('auth', () => {
  const me = ref<Me | null>(null)
  const hasSession = ref(readTokens() !== null)
  /** The server says the password is past its age limit or still the initial one. */
  const passwordExpired = ref(false)

  const roles = computed(() => me.value?.roles ?? [])
  const orgUnit = computed(() => me.value?.org_unit ?? null)

  /** Log in (errors are thrown silently for the form to show) and load the user. */
  async function login(credentials: LoginRequest): Promise<Me> {
    const tokens = await authApi.login(credentials, { silent: true })
    saveTokens(tokens)
    passwordExpired.value = tokens.password_expired ?? false
    markActivity()
    hasSession.value = true
    try {
      me.value = await authApi.fetchMe({ silent: true })
      saveSessionUser(me.value)
    } catch (err) {
      reset()
      throw err
    }
    return me.value
  }

  /**
   * The current user, loaded once per page load. Without a network (the phone on site), the
   * session's user as last loaded is used, so work kept on the device stays reachable.
   */
  async function ensureMe(): Promise<Me> {
    if (me.value) return me.value
    const known = readSessionUser(isMe)
    if (known && !navigator.onLine) {
      me.value = known
      return known
    }
    try {
      me.value = await authApi.fetchMe({ silent: known !== null })
      saveSessionUser(me.value)
    } catch (err) {
      if (!known || !unreachable(err)) throw err
      me.value = known
    }
    return me.value
  }

  /** Forget the session locally (after the server refused it, or on logout). */
  function reset(): void {
    clearSession()
    me.value = null
    hasSession.value = false
    passwordExpired.value = false
  }

  /** End the session on the server too; local state goes first so the UI never waits. */
  async function logout(): Promise<void> {
    const tokens = readTokens()
    reset()
    if (tokens) await authApi.logout(tokens.refreshToken).catch(() => undefined)
  }

  return { me, hasSession, passwordExpired, roles, orgUnit, login, ensureMe, reset, logout }
})
