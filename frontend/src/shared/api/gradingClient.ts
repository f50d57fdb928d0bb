import { serviceClient } from './client'
import type { paths } from './generated/grading'

/** Where the gateway mounts the grading service (分层分级服务); its paths start at /v1. */
export const GRADING_BASE = '/api/grading'

/** The grading service's typed client, as the browser reaches it through the gateway. */
export const grading = serviceClient<paths>(GRADING_BASE)

export type { paths as GradingPaths } from './generated/grading'
