// 首页看板 (F6): the gateway composes the services' precomputed figures for one org unit and its
// next level down; the same figures download as xlsx (every table, with definitions) and a
// one-page PDF for a meeting.
import { call, gateway } from './client'
import type { CallOptions } from './client'
import { downloadFile } from './files'
import type { paths } from './generated/gateway'
import type { OkJson } from './types'

export type Overview = OkJson<paths['/api/dashboard/v1/overview']['get']>
export type DashboardTable = Overview['tables'][number]
export type DashboardRow = DashboardTable['rows'][number]
export type DashboardColumn = DashboardTable['columns'][number]
export type Goal = Overview['goals'][number]
export type Card = Overview['cards'][number]
export type OrgRef = Overview['org']
export type RefreshResult = OkJson<paths['/api/dashboard/v1/refresh']['post']>[number]

const BASE = '/api/dashboard/v1'

export function fetchOverview(org?: string, options?: CallOptions): Promise<Overview> {
  return call(gateway.GET('/api/dashboard/v1/overview', { params: { query: org ? { org } : {} } }), options)
}

export function downloadOverviewXlsx(org: string, table?: string): Promise<void> {
  return downloadFile(`${BASE}/overview.xlsx`, '看板.xlsx', { org, table })
}

export function downloadOverviewPdf(org: string): Promise<void> {
  return downloadFile(`${BASE}/overview.pdf`, '看板摘要.pdf', { org })
}

export function refreshDashboard(): Promise<RefreshResult[]> {
  return call(gateway.POST('/api/dashboard/v1/refresh'))
}

/** A figure as the page shows it: rates as percentages, counts with separators, none as "—". */
export function formatCell(value: number | null | undefined, kind: 'count' | 'rate'): string {
  if (value === null || value === undefined) return '—'
  if (kind === 'rate') return `${(value * 100).toFixed(1)}%`
  return value.toLocaleString('zh-CN')
}
