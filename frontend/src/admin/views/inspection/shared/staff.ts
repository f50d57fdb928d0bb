// The inspectors of the caller's unit and below (station inspectors, county officers), loaded once.
import { shallowRef } from 'vue'
import { listInspectors } from '@/shared/api/inspection'
import type { Staff } from '@/shared/api/inspection'
import { useAuthStore } from '@/shared/stores/auth'

const staff = shallowRef<Staff[]>([])
let loadedFor = ''
let pending: Promise<Staff[]> | null = null

export function useInspectors() {
  const org = useAuthStore().orgUnit?.code ?? ''
  if (org && (loadedFor !== org || !pending)) {
    loadedFor = org
    pending = listInspectors(org, { silent: true }).then(
      (rows) => {
        staff.value = rows
        return rows
      },
      () => {
        pending = null
        return []
      },
    )
  }
  return { staff, ready: pending ?? Promise.resolve([] as Staff[]) }
}

/** 张三（八廓所 · 市场监管所检查员） */
export const staffLabel = (s: Staff): string => `${s.display_name}（${s.org_unit_name} · ${s.role_labels.join('、')}）`
