// 分层分级责任清单: the org, the unit list's filters and paging as URL query.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { Category, Grade, ResponsibilityQuery } from '@/shared/api/grading'
import { isCategory, isGrade } from '@/shared/grading/labels'
import { PAGE_SIZES, orgFromQuery, queryNumber, queryString } from '../shared/ui'

export interface ResponsibilityState {
  org: string
  grade: Grade | ''
  category: Category | ''
  page: number
  size: number
}

const DEFAULT_SIZE = PAGE_SIZES[0]

export function stateFromQuery(query: LocationQuery): ResponsibilityState {
  const grade = queryString(query, 'grade')
  const category = queryString(query, 'category')
  return {
    org: orgFromQuery(query),
    grade: isGrade(grade) ? grade : '',
    category: isCategory(category) ? category : '',
    page: queryNumber(query, 'page', 1),
    size: queryNumber(query, 'size', DEFAULT_SIZE, 200),
  }
}

export function stateToQuery(state: ResponsibilityState, ownOrg: string): LocationQueryRaw {
  const raw: LocationQueryRaw = {
    org: state.org && state.org !== ownOrg ? state.org : undefined,
    grade: state.grade || undefined,
    category: state.category || undefined,
    page: state.page > 1 ? String(state.page) : undefined,
    size: state.size !== DEFAULT_SIZE ? String(state.size) : undefined,
  }
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined))
}

export function toQuery(state: ResponsibilityState): ResponsibilityQuery {
  return {
    org: state.org || undefined,
    grade: state.grade || undefined,
    category: state.category || undefined,
    page: state.page,
    size: state.size,
  }
}
