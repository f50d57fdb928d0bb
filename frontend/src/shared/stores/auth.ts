import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authApi from '@/shared/api/auth'
import type { LoginRequest, Me } from '@/shared/api/auth'
import { clearSession, markActivity, readTokens, saveTokens } from '@/shared/auth/session'

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
    } catch (err) {
      reset()
      throw err
    }
    return me.value
  }

  /** The current user, loaded once per page load. */
  async function ensureMe(): Promise<Me> {
    me.value ??= await authApi.fetchMe()
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
