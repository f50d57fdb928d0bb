// How a draft page (现场检查, 日常管控 record) keeps what is typed: 400 ms after the last change
// the page writes its form to IndexedDB and queues a save, the outbox is run 3 s later when
// online, and whatever is still unwritten goes when the page is left or the tab is hidden.
import { onBeforeUnmount, onMounted } from 'vue'
import { syncNow } from './sync'

const PERSIST_AFTER_MS = 400
const AUTO_SYNC_AFTER_MS = 3000

export interface DraftAutosave {
  /** Something was typed: write it soon (nothing while the form is read-only). */
  changed: () => void
  /** Write now what was typed and not written yet. */
  persist: () => Promise<void>
  /** Write the whole form now, typed or not. */
  persistNow: () => Promise<void>
  /** Forget the unwritten change (another record is being opened). */
  discard: () => void
  /** Run the outbox a little later, when online. */
  scheduleSync: () => void
}

export function useDraftAutosave(options: {
  /** the form cannot be edited: changes are not kept */
  readonly: () => boolean
  /** there is a draft to write to (loaded, and someone signed in) */
  ready: () => boolean
  /** write the form to IndexedDB and queue its save */
  write: () => Promise<void>
}): DraftAutosave {
  let persistTimer = 0
  let syncTimer = 0
  let dirty = false

  function scheduleSync(): void {
    window.clearTimeout(syncTimer)
    syncTimer = window.setTimeout(() => {
      if (navigator.onLine) void syncNow()
    }, AUTO_SYNC_AFTER_MS)
  }

  async function persist(): Promise<void> {
    window.clearTimeout(persistTimer)
    if (!dirty || !options.ready()) return
    dirty = false
    await options.write()
    scheduleSync()
  }

  function persistNow(): Promise<void> {
    dirty = true
    return persist()
  }

  function changed(): void {
    if (options.readonly()) return
    dirty = true
    window.clearTimeout(persistTimer)
    persistTimer = window.setTimeout(() => void persist(), PERSIST_AFTER_MS)
  }

  const flush = (): void => void persist()
  onMounted(() => window.addEventListener('pagehide', flush))
  onBeforeUnmount(() => {
    void persist()
    window.clearTimeout(syncTimer)
    window.removeEventListener('pagehide', flush)
  })

  function discard(): void {
    dirty = false
  }

  return { changed, persist, persistNow, discard, scheduleSync }
}
