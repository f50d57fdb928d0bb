// Tokens and the last-activity time live in sessionStorage: they die with the tab.

const TOKENS_KEY = 'qsrp.tokens'
const ACTIVITY_KEY = 'qsrp.lastActivity'
/** The signed-in user as /me last described it: the phone app starts from it without a network. */
const ME_KEY = 'qsrp.me'

export interface SessionTokens {
  accessToken: string
  refreshToken: string
  /** epoch milliseconds when the access token expires */
  expiresAt: number
}

export interface IssuedTokens {
  access_token: string
  refresh_token: string
  expires_in: number
}

function isSessionTokens(value: unknown): value is SessionTokens {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.accessToken === 'string' &&
    typeof v.refreshToken === 'string' &&
    typeof v.expiresAt === 'number'
  )
}

export function readTokens(): SessionTokens | null {
  const raw = sessionStorage.getItem(TOKENS_KEY)
  if (!raw) return null
  try {
    const parsed: unknown = JSON.parse(raw)
    return isSessionTokens(parsed) ? parsed : null
  } catch {
    return null
  }
}

export function saveTokens(issued: IssuedTokens): SessionTokens {
  const tokens: SessionTokens = {
    accessToken: issued.access_token,
    refreshToken: issued.refresh_token,
    expiresAt: Date.now() + issued.expires_in * 1000,
  }
  sessionStorage.setItem(TOKENS_KEY, JSON.stringify(tokens))
  return tokens
}

export function clearSession(): void {
  sessionStorage.removeItem(TOKENS_KEY)
  sessionStorage.removeItem(ACTIVITY_KEY)
  sessionStorage.removeItem(ME_KEY)
}

/** Remember the session's user (same lifetime as the tokens). */
export function saveSessionUser(user: unknown): void {
  sessionStorage.setItem(ME_KEY, JSON.stringify(user))
}

/** The session's user as last loaded, for starting without a network; null if none. */
export function readSessionUser<T>(isUser: (value: unknown) => value is T): T | null {
  const raw = sessionStorage.getItem(ME_KEY)
  if (!raw) return null
  try {
    const parsed: unknown = JSON.parse(raw)
    return isUser(parsed) ? parsed : null
  } catch {
    return null
  }
}

export function markActivity(now: number = Date.now()): void {
  sessionStorage.setItem(ACTIVITY_KEY, String(now))
}

export function lastActivity(): number | null {
  const value = Number(sessionStorage.getItem(ACTIVITY_KEY))
  return Number.isFinite(value) && value > 0 ? value : null
}
