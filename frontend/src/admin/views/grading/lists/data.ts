// 重点与特别监管名单: the year and org as URL query, and the four tables as data.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { CategoryList, CategoryListEntry } from '@/shared/api/grading'
import type { MessageKey } from '@/shared/i18n'
import { orgFromQuery, queryNumber } from '../shared/ui'

export interface ListsState {
  year: number
  org: string
}

/** The first year the lists exist (the service accepts 2023 onwards). */
export const FIRST_YEAR = 2023

export const thisYear = (): number => new Date().getFullYear()

export function stateFromQuery(query: LocationQuery): ListsState {
  const year = queryNumber(query, 'year', thisYear(), 2100)
  return { year: year >= FIRST_YEAR ? year : thisYear(), org: orgFromQuery(query) }
}

export function stateToQuery(state: ListsState, ownOrg: string): LocationQueryRaw {
  const raw: LocationQueryRaw = {
    year: state.year !== thisYear() ? String(state.year) : undefined,
    org: state.org && state.org !== ownOrg ? state.org : undefined,
  }
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined))
}

export type ListCategory = 'key' | 'special'
export type ListGroup = 'producer' | 'seller'

export interface ListTableDef {
  group: ListGroup
  titleKey: MessageKey
  testid: string
}

export interface ListSection {
  category: ListCategory
  titleKey: MessageKey
  ruleKey: MessageKey
  tables: ListTableDef[]
}

export const LIST_SECTIONS: readonly ListSection[] = [
  {
    category: 'key',
    titleKey: 'grading.lists.key',
    ruleKey: 'grading.lists.keyRule',
    tables: [
      { group: 'producer', titleKey: 'grading.lists.keyProducer', testid: 'list-key-producer' },
      { group: 'seller', titleKey: 'grading.lists.keySeller', testid: 'list-key-seller' },
    ],
  },
  {
    category: 'special',
    titleKey: 'grading.lists.special',
    ruleKey: 'grading.lists.specialRule',
    tables: [
      { group: 'producer', titleKey: 'grading.lists.specialProducer', testid: 'list-special-producer' },
      { group: 'seller', titleKey: 'grading.lists.specialSeller', testid: 'list-special-seller' },
    ],
  },
]

export function entriesOf(list: CategoryList, category: ListCategory, group: ListGroup): CategoryListEntry[] {
  return list[category][group] ?? []
}

/** Distinct units on one category's list (a unit both producing and selling is on both tables). */
export function unitCount(list: CategoryList, category: ListCategory): number {
  const ids = new Set<string>()
  for (const group of ['producer', 'seller'] as const) for (const e of entriesOf(list, category, group)) ids.add(e.enterprise_id)
  return ids.size
}
