// The question bank (assessments/router.py): bureau staff read it (Bureau), only region
// administrators add to it, retire and restore questions (Admin).
import type { AccessRule } from '@/shared/auth/access'

export const QUESTION_READ_ACCESS: AccessRule = {
  roles: ['region_admin', 'region_officer', 'prefecture_officer', 'county_officer'],
}
export const QUESTION_ADD_ACCESS: AccessRule = { roles: ['region_admin'] }
