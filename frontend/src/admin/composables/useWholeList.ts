import { ref } from 'vue'
import type { Ref } from 'vue'

export interface WholeList<T> {
  all: Ref<T[]>
  loading: Ref<boolean>
  /** fetches the list again; a failure (already shown by the client) leaves it empty */
  load: () => Promise<void>
}

/** A list the service returns whole (filtered and paged on the page), filled by `fetch`. */
export function useWholeList<T>(fetch: () => Promise<T[]>): WholeList<T> {
  // As in usePagedRows: a plain (deep) ref, the cast restoring the element type unwrapping hides.
  const all = ref<T[]>([]) as Ref<T[]>
  const loading = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      all.value = await fetch()
    } catch {
      all.value = []
    } finally {
      loading.value = false
    }
  }

  return { all, loading, load }
}
