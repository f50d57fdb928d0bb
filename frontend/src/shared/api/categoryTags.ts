// 重点品类: the key-category tags an archive entry may carry.
import { call } from './client'
import type { CallOptions } from './client'
import { registry } from './registryClient'
import type { RegistryPaths as paths } from './registryClient'
import type { OkJson } from './types'

export type CategoryTag = OkJson<paths['/v1/category-tags']['get']>[number]

export function listCategoryTags(options?: CallOptions): Promise<CategoryTag[]> {
  return call(registry.GET('/v1/category-tags'), options)
}
