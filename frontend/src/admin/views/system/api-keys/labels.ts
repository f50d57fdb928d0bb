// Chinese labels of the key list: scopes and statuses (apiKeys in the locale files).
import { t } from '@/shared/i18n'
import type { MessageKey } from '@/shared/i18n'
import type { TagType } from '@/admin/views/archive/shared/ui'
import type { ApiKeyStatus, ApiScope } from './api'

const SCOPE_LABEL: Record<ApiScope, MessageKey> = { 'national:read': 'apiKeys.scope.national_read' }

const isKnownScope = (scope: string): scope is ApiScope => scope in SCOPE_LABEL

/** 读取督查记录与汇总数据 for national:read; a scope this page does not know yet, as the API labels it. */
export function scopeLabel(scope: string, fallback?: string): string {
  return isKnownScope(scope) ? t(SCOPE_LABEL[scope]) : (fallback ?? scope)
}

export const STATUS_TAG: Record<ApiKeyStatus, TagType> = { active: 'success', revoked: 'info', expired: 'warning' }

export const statusLabel = (status: ApiKeyStatus): string => t(`apiKeys.status.${status}`)
