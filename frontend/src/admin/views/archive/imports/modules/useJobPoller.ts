// Follow an import job once a second until the worker is done with it.
import { onBeforeUnmount, ref } from 'vue'
import { getImport, isFinished } from '@/shared/api/imports'
import type { ImportJob } from '@/shared/api/imports'
import { POLL_INTERVAL_MS } from '../data'

/** Consecutive failed polls before giving up (the network may blink; the job goes on). */
const MAX_FAILURES = 5

const sleep = (ms: number) => new Promise<void>((resolve) => window.setTimeout(resolve, ms))

export function useJobPoller() {
  const job = ref<ImportJob | null>(null)
  const lost = ref(false)
  let following = ''

  /** Show `start` and poll it to the end; resolves with the finished job, or null if stopped. */
  async function follow(start: ImportJob): Promise<ImportJob | null> {
    following = start.id
    job.value = start
    lost.value = false
    let failures = 0
    let current = start
    while (!isFinished(current)) {
      await sleep(POLL_INTERVAL_MS)
      if (following !== start.id) return null
      try {
        current = await getImport(start.id, { silent: failures + 1 < MAX_FAILURES })
        failures = 0
      } catch {
        failures += 1
        if (failures >= MAX_FAILURES) {
          lost.value = true
          return null
        }
        continue
      }
      if (following !== start.id) return null
      job.value = current
    }
    return current
  }

  function stop(): void {
    following = ''
  }

  onBeforeUnmount(stop)
  return { job, lost, follow, stop }
}
