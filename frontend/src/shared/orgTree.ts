// Walking the org-unit tree of GET /api/auth/v1/org-units, for both apps.
import type { OrgUnitNode } from '@/shared/api/orgUnits'

export function* walk(nodes: readonly OrgUnitNode[]): Generator<OrgUnitNode> {
  for (const node of nodes) {
    yield node
    yield* walk(node.children)
  }
}

export function indexByCode(nodes: readonly OrgUnitNode[]): Map<string, OrgUnitNode> {
  const index = new Map<string, OrgUnitNode>()
  for (const node of walk(nodes)) index.set(node.code, node)
  return index
}

/** 城关区 rather than 城关区市场监督管理局, where the tree has a short name. */
export function shortName(node: Pick<OrgUnitNode, 'name' | 'short_name'>): string {
  return node.short_name || node.name
}
