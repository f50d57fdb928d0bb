// 接口密钥 (gateway/apikeys/router.py): only region administrators issue, list and revoke keys.
import type { AccessRule } from '@/shared/auth/access'

export const API_KEYS_ACCESS: AccessRule = { roles: ['region_admin'] }
