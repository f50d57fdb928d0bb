import { serviceClient } from './client'
import type { paths } from './generated/audit'

/** Where the gateway mounts the audit service (督查服务); its paths start at /v1. */
export const AUDIT_BASE = '/api/audit'

/** The audit service's typed client, as the browser reaches it through the gateway. */
export const audit = serviceClient<paths>(AUDIT_BASE)

export type { paths as AuditPaths } from './generated/audit'
