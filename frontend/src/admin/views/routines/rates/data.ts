// 报告率: kind, range, org and grouping as URL query, so the browser's back button climbs the drill-down.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { orgFromQuery } from '@/admin/views/grading/shared/ui'
import { queryString } from '@/admin/views/archive/shared/ui'
import type { RateGroup, RatesQuery, RoutineKind } from '../shared/api'
import { isKind, thisMonth } from '../shared/ui'

export interface RatesState {
  kind: RoutineKind
  org: string
  first: string
  last: string
  group: RateGroup
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

export function stateFromQuery(query: LocationQuery): RatesState {
  const kind = queryString(query, 'kind')
  const [first, last] = thisMonth()
  const qFirst = queryString(query, 'first')
  const qLast = queryString(query, 'last')
  return {
    kind: isKind(kind) ? kind : 'daily',
    org: orgFromQuery(query),
    first: DATE.test(qFirst) ? qFirst : first,
    last: DATE.test(qLast) ? qLast : last,
    group: queryString(query, 'group') === 'units' ? 'units' : 'children',
  }
}

export function stateToQuery(state: RatesState, ownOrg: string): LocationQueryRaw {
  const [first, last] = thisMonth()
  const raw: LocationQueryRaw = {
    kind: state.kind !== 'daily' ? state.kind : undefined,
    org: state.org && state.org !== ownOrg ? state.org : undefined,
    first: state.first !== first || state.last !== last ? state.first : undefined,
    last: state.first !== first || state.last !== last ? state.last : undefined,
    group: state.group === 'units' ? 'units' : undefined,
  }
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined))
}

export function toQuery(state: RatesState, group: RateGroup): RatesQuery {
  return { kind: state.kind, org: state.org || undefined, first: state.first, last: state.last, group }
}
