// Reference data the archive's pages share (org tree, key-category tags), loaded once per user.
import { computed, shallowRef } from 'vue'
import type { ShallowRef } from 'vue'
import { listCategoryTags } from '@/shared/api/categoryTags'
import type { CategoryTag } from '@/shared/api/categoryTags'
import { fetchOrgUnitTree } from '@/shared/api/orgUnits'
import type { OrgUnitNode } from '@/shared/api/orgUnits'
import { useAuthStore } from '@/shared/stores/auth'
import { indexByCode } from '@/shared/orgTree'

interface Cached<T> {
  value: ShallowRef<T>
  owner: string | null
  pending: Promise<T> | null
}

function cache<T>(initial: T): Cached<T> {
  return { value: shallowRef(initial), owner: null, pending: null }
}

/** Load once per signed-in user; a failure is not cached, so the next page tries again. */
function ensure<T>(entry: Cached<T>, owner: string, loader: () => Promise<T>): Promise<T> {
  if (entry.owner === owner && entry.pending) return entry.pending
  entry.owner = owner
  entry.pending = loader().then(
    (value) => {
      entry.value.value = value
      return value
    },
    (err: unknown) => {
      entry.pending = null
      throw err
    },
  )
  return entry.pending
}

const orgTree = cache<OrgUnitNode[]>([])
const tags = cache<CategoryTag[]>([])

function ownerKey(): string {
  const me = useAuthStore().me
  return me ? `${me.id}:${me.org_unit.code}` : ''
}

/** The caller's org tree and a code index; place names fall back to codes until it loads. */
export function useOrgDirectory() {
  const owner = ownerKey()
  const ready = ensure(orgTree, owner, () => fetchOrgUnitTree({ silent: true })).catch(() => [])
  return {
    roots: orgTree.value,
    byCode: computed(() => indexByCode(orgTree.value.value)),
    ready,
  }
}

/** Key-category tags (重点品类), with a code → name lookup. */
export function useCategoryTags() {
  const owner = ownerKey()
  const ready = ensure(tags, owner, () => listCategoryTags({ silent: true })).catch(() => [])
  return {
    tags: tags.value,
    tagName: (code: string): string => tags.value.value.find((tag) => tag.code === code)?.name ?? code,
    ready,
  }
}
