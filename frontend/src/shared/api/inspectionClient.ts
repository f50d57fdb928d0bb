import { serviceClient } from './client'
import type { paths } from './generated/inspection'

/** Where the gateway mounts the inspection service (监督检查服务); its paths start at /v1. */
export const INSPECTION_BASE = '/api/inspection'

/** The inspection service's typed client, as the browser reaches it through the gateway. */
export const inspection = serviceClient<paths>(INSPECTION_BASE)

export type { paths as InspectionPaths } from './generated/inspection'
