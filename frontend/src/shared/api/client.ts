// The one request client: bearer token, one refresh-and-retry on 401, problem+json errors.
import createClient from 'openapi-fetch'
import type { paths as GatewayPaths } from './generated/gateway'
import { ApiError, problemMessage, toProblem } from './problem'
import type { Problem } from './problem'
import { clearSession, readTokens, saveTokens } from '@/shared/auth/session'
import type { SessionTokens } from '@/shared/auth/session'

/** Why a session ended without the user asking: token refused, or idle too long. */
export type SessionEndReason = 'expired' | 'idle'

export interface ClientHooks {
  /** Show an error to the user (ElMessage in admin, showToast in field). */
  notify: (message: string, problem: Problem) => void
  /** The session is gone; the app clears its state and goes to its login page. */
  onSessionEnded: (reason: SessionEndReason) => void
}

export interface CallOptions {
  /** Do not show the error; the caller handles it (login form, optional widgets). */
  silent?: boolean
}

const REQUEST_TIMEOUT_MS = 30_000
const REFRESH_PATH = '/api/auth/v1/refresh'
const UNAUTHENTICATED_PATHS = new Set(['/api/auth/v1/login', REFRESH_PATH, '/api/auth/v1/logout'])

let hooks: ClientHooks = {
  notify: () => undefined,
  onSessionEnded: () => undefined,
}

export function configureClient(overrides: Partial<ClientHooks>): void {
  hooks = { ...hooks, ...overrides }
}

/** No usable answer: network down (0), timeout (408), or a server error during refresh. */
class RequestFailure extends Error {
  readonly status: number

  constructor(status: number) {
    super(`request failed (${status})`)
    this.status = status
  }
}

async function send(request: Request): Promise<Response> {
  try {
    return await fetch(request, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
  } catch (err) {
    const timedOut = err instanceof DOMException && err.name === 'TimeoutError'
    throw new RequestFailure(timedOut ? 408 : 0)
  }
}

type RefreshOutcome = { ok: true; tokens: SessionTokens } | { ok: false; reason: SessionEndReason }

let refreshing: Promise<RefreshOutcome> | null = null

async function requestNewTokens(): Promise<RefreshOutcome> {
  const current = readTokens()
  if (!current) return { ok: false, reason: 'expired' }
  const { data, error, response } = await gateway.POST(REFRESH_PATH, {
    body: { refresh_token: current.refreshToken },
  })
  if (data) return { ok: true, tokens: saveTokens(data) }
  // A server failure is not a verdict on the session: keep it and report the failure.
  if (response.status >= 500) throw new RequestFailure(response.status)
  const problem = toProblem(error, response.status)
  return { ok: false, reason: problem.code === 'AUTH_SESSION_IDLE' ? 'idle' : 'expired' }
}

/** Refresh the tokens; concurrent callers share one request. */
export function refreshTokens(): Promise<RefreshOutcome> {
  refreshing ??= requestNewTokens().finally(() => {
    refreshing = null
  })
  return refreshing
}

function endSession(reason: SessionEndReason): void {
  // Only the first of several parallel failures reports; the others find the session gone.
  if (!readTokens()) return
  clearSession()
  hooks.onSessionEnded(reason)
}

function withBearer(request: Request, tokens: SessionTokens): Request {
  request.headers.set('Authorization', `Bearer ${tokens.accessToken}`)
  return request
}

async function authorisedFetch(request: Request): Promise<Response> {
  if (UNAUTHENTICATED_PATHS.has(new URL(request.url).pathname)) return send(request)
  const tokens = readTokens()
  if (!tokens) return send(request)
  const spare = request.clone()
  const response = await send(withBearer(request, tokens))
  if (response.status !== 401) return response
  const outcome = await refreshTokens()
  if (!outcome.ok) {
    endSession(outcome.reason)
    return response
  }
  const retried = await send(withBearer(spare, outcome.tokens))
  if (retried.status === 401) endSession('expired')
  return retried
}

/**
 * A typed client over one service's generated `paths`, sharing the token handling above.
 * `baseUrl` is where the gateway mounts the service (`/api/registry` for paths like `/v1/...`).
 */
export function serviceClient<Paths extends object>(baseUrl = '') {
  return createClient<Paths>({ baseUrl, fetch: authorisedFetch })
}

/** The gateway's own API (auth, users, org units). */
export const gateway = serviceClient<GatewayPaths>()

type ClientResult<D> =
  | { data: D; error?: never; response: Response }
  | { data?: never; error: unknown; response: Response }

function fail(problem: Problem, options: CallOptions): never {
  // A refused token has already sent the user to the login page; no second message.
  const sessionGone = problem.status === 401 && !readTokens()
  if (!options.silent && !sessionGone) hooks.notify(problemMessage(problem), problem)
  throw new ApiError(problem)
}

async function settle<R>(pending: Promise<R>, options: CallOptions): Promise<R> {
  try {
    return await pending
  } catch (err) {
    const status = err instanceof RequestFailure ? err.status : 0
    return fail(toProblem(null, status), options)
  }
}

/** Await an openapi-fetch call: its JSON body, or an ApiError (already shown unless silent). */
export async function call<D>(
  pending: Promise<ClientResult<D>>,
  options: CallOptions = {},
): Promise<NonNullable<D>> {
  const result = await settle(pending, options)
  if (!result.response.ok || result.data == null) {
    return fail(toProblem(result.error, result.response.status), options)
  }
  return result.data
}

/** Await an openapi-fetch call answered with 204 No Content. */
export async function callNoContent(
  pending: Promise<{ error?: unknown; response: Response }>,
  options: CallOptions = {},
): Promise<void> {
  const result = await settle(pending, options)
  if (!result.response.ok) fail(toProblem(result.error, result.response.status), options)
}

/** A file the server sent, with the name from its Content-Disposition (RFC 6266 `filename*`). */
export interface FetchedFile {
  blob: Blob
  filename: string | null
}

function dispositionFilename(header: string | null): string | null {
  if (!header) return null
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1]
  if (encoded) {
    try {
      return decodeURIComponent(encoded.trim())
    } catch {
      return null
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? null
}

async function problemBody(response: Response): Promise<unknown> {
  try {
    return await response.json()
  } catch {
    return null
  }
}

/** GET a binary file with the session's token (an <a href> could not send it). */
export async function fetchFile(url: string, options: CallOptions = {}): Promise<FetchedFile> {
  const response = await settle(authorisedFetch(new Request(url)), options)
  if (!response.ok) return fail(toProblem(await problemBody(response), response.status), options)
  const blob = await settle(response.blob(), options)
  return { blob, filename: dispositionFilename(response.headers.get('content-disposition')) }
}
