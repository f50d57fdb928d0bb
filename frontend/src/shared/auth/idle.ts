// Log out after 30 minutes without input. The server enforces the same limit on refresh;
// refreshing only while the user is active keeps both clocks telling the same story.
import { refreshTokens } from '@/shared/api/client'
import { lastActivity, markActivity, readTokens } from './session'

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000
const CHECK_EVERY_MS = 15_000
const MARK_AT_MOST_EVERY_MS = 5_000
const REFRESH_BEFORE_EXPIRY_MS = 60_000
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll'] as const

function keepTokensFresh(now: number): void {
  const tokens = readTokens()
  if (tokens && tokens.expiresAt - now < REFRESH_BEFORE_EXPIRY_MS) {
    // Failures surface on the next real request, which ends the session properly.
    refreshTokens().catch(() => undefined)
  }
}

/** Watch for user activity; call onIdle once the session has been idle too long. Returns a stop function. */
export function startIdleWatch(onIdle: () => void): () => void {
  let lastMarked = 0
  const onActivity = (): void => {
    const now = Date.now()
    if (now - lastMarked < MARK_AT_MOST_EVERY_MS) return
    lastMarked = now
    markActivity(now)
    keepTokensFresh(now)
  }
  const check = (): void => {
    if (!readTokens()) return
    const last = lastActivity()
    if (last === null) markActivity()
    else if (Date.now() - last >= IDLE_TIMEOUT_MS) onIdle()
  }

  for (const name of ACTIVITY_EVENTS) {
    window.addEventListener(name, onActivity, { capture: true, passive: true })
  }
  // Timers sleep with a phone's screen; check again the moment the page is visible.
  document.addEventListener('visibilitychange', check)
  const timer = window.setInterval(check, CHECK_EVERY_MS)
  check()

  return () => {
    for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true })
    document.removeEventListener('visibilitychange', check)
    window.clearInterval(timer)
  }
}
