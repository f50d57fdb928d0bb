// Status tags of the follow-up records (the service also sends its own status_label), and the units
// they name (the service sends each row's enterprise_name).
import { computed, ref } from 'vue'
import type { TagType } from '../shared/ui'

const RECALL_TAG: Record<string, TagType> = { ordered: 'warning', in_progress: 'primary', closed: 'success' }
const REFERRAL_TAG: Record<string, TagType> = { referred: 'warning', filed: 'primary', concluded: 'success' }

export const recallTag = (status: string): TagType => RECALL_TAG[status] ?? 'info'
export const referralTag = (status: string): TagType => REFERRAL_TAG[status] ?? 'info'

/** Dates after today are refused by the service (DATE_IN_FUTURE): the pickers do not offer them. */
export const afterToday = (d: Date): boolean => d.getTime() > new Date().setHours(23, 59, 59, 999)

/** Client-side paging of the lists the service returns whole (up to 500 rows). */
export function pageOf<T>(rows: readonly T[], page: number, size: number): T[] {
  return rows.slice((page - 1) * size, page * size)
}

/** The row's unit as the service names it (its copy of the registry), else the id's first characters. */
export const unitLabel = (row: { enterprise_id: string; enterprise_name?: string | null }): string =>
  row.enterprise_name || row.enterprise_id.slice(0, 8)

/** The units met in the lists loaded so far, for a unit filter that keeps its options while it filters. */
export function useSeenUnits() {
  const seen = ref<Map<string, string>>(new Map())
  function see(rows: readonly { enterprise_id: string; enterprise_name?: string | null }[]): void {
    const next = new Map(seen.value)
    for (const row of rows) if (!next.has(row.enterprise_id) || row.enterprise_name) next.set(row.enterprise_id, unitLabel(row))
    seen.value = next
  }
  const units = computed(() =>
    [...seen.value].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
  )
  return { units, see }
}
