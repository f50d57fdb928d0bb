import { call, callNoContent, gateway } from './client'
import type { CallOptions } from './client'
import type { paths } from './generated/gateway'
import type { BodyJson, OkJson } from './types'

export type LoginRequest = BodyJson<paths['/api/auth/v1/login']['post']>
export type TokenResponse = OkJson<paths['/api/auth/v1/login']['post']>
export type Me = OkJson<paths['/api/auth/v1/me']['get']>
export type MeOrgUnit = Me['org_unit']

/** Error codes of POST /login the login forms react to. */
export const LOGIN_ERROR = {
  totpRequired: 'AUTH_TOTP_REQUIRED',
  totpInvalid: 'AUTH_TOTP_INVALID',
  invalidCredentials: 'AUTH_INVALID_CREDENTIALS',
  accountLocked: 'AUTH_ACCOUNT_LOCKED',
  passwordExpired: 'AUTH_PASSWORD_EXPIRED',
} as const

export function login(body: LoginRequest, options?: CallOptions): Promise<TokenResponse> {
  return call(gateway.POST('/api/auth/v1/login', { body }), options)
}

export function logout(refreshToken: string): Promise<void> {
  return callNoContent(gateway.POST('/api/auth/v1/logout', { body: { refresh_token: refreshToken } }), {
    silent: true,
  })
}

export function fetchMe(options?: CallOptions): Promise<Me> {
  return call(gateway.GET('/api/auth/v1/me'), options)
}
