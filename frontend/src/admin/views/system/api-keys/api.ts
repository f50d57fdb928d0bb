// 接口密钥 (gateway /api/auth/v1/api-keys): keys external systems (the national platform) exchange
// for short-lived access tokens at POST /api/auth/v1/token. The secret comes back once, on creation.
import { call, gateway } from '@/shared/api/client'
import type { CallOptions } from '@/shared/api/client'
import type { paths } from '@/shared/api/generated/gateway'
import type { BodyJson, OkJson } from '@/shared/api/types'

export type ApiKeyPage = OkJson<paths['/api/auth/v1/api-keys']['get']>
export type ApiKey = ApiKeyPage['items'][number]
export type ApiKeyCreated = OkJson<paths['/api/auth/v1/api-keys']['post']>
export type ApiKeyIn = BodyJson<paths['/api/auth/v1/api-keys']['post']>
export type ApiKeyStatus = ApiKey['status']

/** The scopes a key may be granted (servicekit.auth.API_SCOPES); labels in apiKeys.scope. */
export const API_SCOPES = ['national:read'] as const
export type ApiScope = (typeof API_SCOPES)[number]

export function listApiKeys(page: number, size: number, options?: CallOptions): Promise<ApiKeyPage> {
  return call(gateway.GET('/api/auth/v1/api-keys', { params: { query: { page, size } } }), options)
}

/** Issue a key; the answer carries the secret, shown only this once. */
export function createApiKey(body: ApiKeyIn, options?: CallOptions): Promise<ApiKeyCreated> {
  return call(gateway.POST('/api/auth/v1/api-keys', { body }), options)
}

/** Revoke a key: later exchanges are refused; tokens already issued run out within their lifetime. */
export function revokeApiKey(id: string, reason: string, options?: CallOptions): Promise<ApiKey> {
  return call(
    gateway.POST('/api/auth/v1/api-keys/{api_key_id}/revoke', {
      params: { path: { api_key_id: id } },
      body: { reason: reason || null },
    }),
    options,
  )
}

const dayInBeijing = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/**
 * The last valid day (YYYY-MM-DD, Beijing time) of a key expiring at `expiresAt`: the API stores
 * the first instant after that day, so the day is the one just before it.
 */
export function lastValidDay(expiresAt: string): string {
  const end = new Date(expiresAt)
  if (Number.isNaN(end.getTime())) return expiresAt
  return dayInBeijing.format(new Date(end.getTime() - 1))
}
