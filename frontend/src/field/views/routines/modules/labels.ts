// Colours and tags of the routine pages: calendar states, record statuses, local sync states.
import type { RoutineLocalState, RoutineStatus } from '../../../offline/routines'
import type { CalendarState } from './api'

export type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'default'

export const CALENDAR_STATES: readonly CalendarState[] = ['on_time', 'late', 'missing', 'pending', 'not_expected', 'filed_extra']

export const STATUS_TAG: Record<RoutineStatus, TagType> = {
  draft: 'primary',
  submitting: 'warning',
  submitted: 'success',
  returned: 'danger',
  superseded: 'default',
}

export const LOCAL_TAG: Record<RoutineLocalState, TagType> = {
  draft: 'primary',
  pending: 'warning',
  submitting: 'warning',
  submitted: 'success',
  conflict: 'danger',
  error: 'danger',
}

export const DUE_TAG: Record<string, TagType> = { missing: 'default', draft: 'primary', returned: 'danger' }

export function asStatus(status: string): RoutineStatus {
  return status === 'submitted' || status === 'returned' || status === 'superseded' || status === 'submitting' ? status : 'draft'
}
