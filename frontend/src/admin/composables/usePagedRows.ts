import { ref } from 'vue'
import type { Ref } from 'vue'

/** One page of a list endpoint. */
export interface PagedResult<T> {
  items: T[]
  total: number
}

export interface PagedRows<T> {
  rows: Ref<T[]>
  total: Ref<number>
  loading: Ref<boolean>
  /** fetches the page again; a failure (already shown by the client) leaves the table empty */
  load: () => Promise<void>
}

/** The rows, total and loading flag of a paged table, filled by `fetch`. */
export function usePagedRows<T>(fetch: () => Promise<PagedResult<T>>): PagedRows<T> {
  // A plain ref (deeply reactive, like the tables had before); the cast only restores the
  // element type that ref's unwrapping hides for a generic T.
  const rows = ref<T[]>([]) as Ref<T[]>
  const total = ref(0)
  const loading = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      const result = await fetch()
      rows.value = result.items
      total.value = result.total
    } catch {
      rows.value = []
      total.value = 0
    } finally {
      loading.value = false
    }
  }

  return { rows, total, loading, load }
}
