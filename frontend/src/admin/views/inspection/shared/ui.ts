// Element Plus plumbing the 监督检查 pages share: who may do what, tag colours, unit lookup.
import { listGradingUnits } from '@/shared/api/grading'
import type { GradingUnit } from '@/shared/api/grading'
import type { AccessRule } from '@/shared/auth/access'
import type { Tone } from '@/shared/inspection/labels'
import type { TagType } from '../../archive/shared/ui'

export { PAGE_SIZES, queryFlag, queryNumber, queryString } from '../../archive/shared/ui'
export type { TagType } from '../../archive/shared/ui'

/** Reading the 监督检查 pages: regulators (inspection:read). */
export const INSPECTION_ACCESS: AccessRule = { permissions: ['inspection:read'] }

/** Tasks, records, notices and risks: regulators who inspect (inspection:execute). */
export const EXECUTE_ACCESS: AccessRule = { permissions: ['inspection:execute'] }

/** 双随机 draws are organised by bureaus, not stations (inspection/draws/router.py Bureau). */
export const DRAW_ACCESS: AccessRule = {
  roles: ['region_admin', 'region_officer', 'prefecture_officer', 'county_officer'],
}

const TONE_TAG: Record<Tone, TagType> = { ok: 'success', warn: 'warning', bad: 'danger', info: 'primary', muted: 'info' }

export const toneTag = (tone: Tone): TagType => TONE_TAG[tone]

/** 附件5-1 → 生产单位类; the short name of a checklist template. */
export const templateShort = (code: string): string => `附件${code}`

/** Units of the caller's jurisdiction by name or credit code, for pickers (grading keeps a copy of each). */
export async function searchUnits(q: string, org?: string): Promise<GradingUnit[]> {
  const page = await listGradingUnits({ q: q.trim() || undefined, org: org || undefined, page: 1, size: 20 }, { silent: true })
  return page.items
}
