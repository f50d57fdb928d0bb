import { serviceClient } from './client'
import type { paths } from './generated/registry'

/** Where the gateway mounts the registry service (主体档案服务); its paths start at /v1. */
export const REGISTRY_BASE = '/api/registry'

/** The registry's typed client, as the browser reaches it through the gateway. */
export const registry = serviceClient<paths>(REGISTRY_BASE)

export type { paths as RegistryPaths } from './generated/registry'
