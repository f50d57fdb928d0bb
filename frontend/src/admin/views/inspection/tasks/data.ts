// 检查任务: the list's filters and their URL query.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { TaskQuery, TaskStatus } from '@/shared/api/inspection'
import { isTaskStatus } from '@/shared/inspection/labels'
import { PAGE_SIZES, queryFlag, queryNumber, queryString } from '../shared/ui'

export interface TaskListState {
  /** '' for every status; open tasks by default */
  status: TaskStatus | ''
  mine: boolean
  page: number
  size: number
}

const DEFAULT_SIZE = PAGE_SIZES[0]

export function stateFromQuery(query: LocationQuery): TaskListState {
  const status = queryString(query, 'status')
  return {
    status: status === 'all' ? '' : isTaskStatus(status) ? status : 'open',
    mine: queryFlag(query, 'mine'),
    page: queryNumber(query, 'page', 1),
    size: queryNumber(query, 'size', DEFAULT_SIZE, 200),
  }
}

export function stateToQuery(state: TaskListState): LocationQueryRaw {
  const raw: LocationQueryRaw = {
    status: state.status === 'open' ? undefined : state.status || 'all',
    mine: state.mine ? '1' : undefined,
    page: state.page > 1 ? String(state.page) : undefined,
    size: state.size !== DEFAULT_SIZE ? String(state.size) : undefined,
  }
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined))
}

export function toListQuery(state: TaskListState): TaskQuery {
  return { status: state.status || undefined, mine: state.mine || undefined, page: state.page, size: state.size }
}
