// Pure helpers over the org-unit tree from GET /api/auth/v1/org-units.
import type { OrgUnitNode } from '@/shared/api/orgUnits'
import { isOrgLevel, ORG_LEVELS } from '@/shared/auth/roles'
import type { OrgLevel } from '@/shared/auth/roles'
import { indexByCode, walk } from '@/shared/orgTree'

export { indexByCode, walk }

export function countUnits(nodes: readonly OrgUnitNode[]): number {
  return Array.from(walk(nodes)).length
}

/** How many units of each level the tree holds, in tree order of levels. */
export function countByLevel(nodes: readonly OrgUnitNode[]): { level: OrgLevel; count: number }[] {
  const counts = new Map<string, number>()
  for (const node of walk(nodes)) counts.set(node.level, (counts.get(node.level) ?? 0) + 1)
  return ORG_LEVELS.filter((level) => counts.has(level)).map((level) => ({ level, count: counts.get(level) ?? 0 }))
}

/** Ids of the nodes at depth < `depth` (0 = roots), for default-expanded-keys. */
export function idsAboveDepth(nodes: readonly OrgUnitNode[], depth: number): string[] {
  if (depth <= 0) return []
  return nodes.flatMap((node) => [node.id, ...idsAboveDepth(node.children, depth - 1)])
}

/** Names along a path like 540000/540100/540102, as far as the tree knows them. */
export function pathNames(path: string, byCode: ReadonlyMap<string, OrgUnitNode>): string[] {
  return path
    .split('/')
    .filter(Boolean)
    .map((code) => byCode.get(code)?.name ?? code)
}

export function matchesFilter(node: OrgUnitNode, keyword: string): boolean {
  const needle = keyword.trim().toLowerCase()
  if (!needle) return true
  return [node.name, node.short_name ?? '', node.code].some((text) => text.toLowerCase().includes(needle))
}

/** Element Plus tag type per level, so the levels read apart at a glance. */
export const LEVEL_TAG_TYPE: Record<OrgLevel, 'danger' | 'primary' | 'success' | 'info'> = {
  region: 'danger',
  prefecture: 'primary',
  county: 'success',
  station: 'info',
}

export function levelTagType(level: string): 'danger' | 'primary' | 'success' | 'info' {
  return isOrgLevel(level) ? LEVEL_TAG_TYPE[level] : 'info'
}
