// Login logic shared by the admin (Element Plus) and field (Vant) forms.
import { reactive, ref } from 'vue'
import { LOGIN_ERROR } from '@/shared/api/auth'
import type { LoginRequest } from '@/shared/api/auth'
import { ApiError, problemMessage } from '@/shared/api/problem'
import { t } from '@/shared/i18n'
import { useAuthStore } from '@/shared/stores/auth'

export const TOTP_PATTERN = /^\d{6}$/

export function useLoginForm() {
  const auth = useAuthStore()
  const form = reactive({ username: '', password: '', totpCode: '' })
  /** The server asked for a second factor; the TOTP field is shown from then on. */
  const totpRequired = ref(false)
  const submitting = ref(false)
  /** Message shown above the form. */
  const formError = ref('')
  /** Message shown at the TOTP field. */
  const totpError = ref('')

  function showError(err: ApiError): void {
    const { code } = err
    if (code === LOGIN_ERROR.totpRequired || code === LOGIN_ERROR.totpInvalid) {
      const wasShown = totpRequired.value
      totpRequired.value = true
      // The first AUTH_TOTP_REQUIRED only reveals the field; later ones are real errors.
      if (wasShown || code === LOGIN_ERROR.totpInvalid) totpError.value = err.problem.detail
      form.totpCode = ''
    } else if (code === LOGIN_ERROR.passwordExpired) {
      formError.value = `${err.problem.detail} ${t('login.passwordExpiredHint')}`
    } else {
      formError.value = problemMessage(err.problem)
    }
  }

  /** Returns true when logged in. */
  async function submit(): Promise<boolean> {
    submitting.value = true
    formError.value = ''
    totpError.value = ''
    const body: LoginRequest = { username: form.username.trim(), password: form.password }
    if (totpRequired.value) body.totp_code = form.totpCode.trim()
    try {
      await auth.login(body)
      form.password = ''
      form.totpCode = ''
      return true
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      showError(err)
      return false
    } finally {
      submitting.value = false
    }
  }

  return { form, totpRequired, submitting, formError, totpError, submit }
}

/** Where to go after login: the page that sent us here, if it is one of ours. */
export function safeRedirect(target: unknown, fallback: string): string {
  return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//') ? target : fallback
}

/** Message for the reason=… query the apps add when they send the user back to login. */
export function loginReasonMessage(reason: unknown): string {
  if (reason === 'idle') return t('login.reasonIdle')
  if (reason === 'expired') return t('login.reasonExpired')
  if (reason === 'logout') return t('login.reasonLogout')
  return ''
}
