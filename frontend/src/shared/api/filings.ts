// 报备: prefectures file their archive and roster with the region; the region reviews them.
import { call } from './client'
import type { CallOptions } from './client'
import { downloadFile } from './files'
import { REGISTRY_BASE, registry } from './registryClient'
import type { RegistryPaths as paths } from './registryClient'
import type { BodyJson, OkJson } from './types'

export type Filing = OkJson<paths['/v1/filings']['post']>
export type FilingStatusRow = OkJson<paths['/v1/filings/status']['get']>[number]
export type FilingReview = BodyJson<paths['/v1/filings/{filing_id}/review']['post']>
export type FilingReviewStatus = FilingReview['status']

/** File this month's (or another period's, "YYYY-MM") archive and roster. */
export function submitFiling(period: string, options?: CallOptions): Promise<Filing> {
  return call(registry.POST('/v1/filings', { body: { period } }), options)
}

export function listFilings(period?: string, options?: CallOptions): Promise<Filing[]> {
  return call(registry.GET('/v1/filings', { params: { query: period ? { period } : {} } }), options)
}

/** Every prefecture and whether it has filed `period` (region staff). */
export function filingStatus(period: string, options?: CallOptions): Promise<FilingStatusRow[]> {
  return call(registry.GET('/v1/filings/status', { params: { query: { period } } }), options)
}

export function reviewFiling(id: string, body: FilingReview, options?: CallOptions): Promise<Filing> {
  return call(registry.POST('/v1/filings/{filing_id}/review', { params: { path: { filing_id: id } }, body }), options)
}

/** 附件3 survey statistics: one prefecture by county, or (no code) the region by prefecture. */
export function exportSurveyStatistics(prefectureCode?: string, options?: CallOptions): Promise<void> {
  return downloadFile(
    `${REGISTRY_BASE}/v1/exports/survey-statistics.xlsx`,
    '摸底调查统计表.xlsx',
    { prefecture_code: prefectureCode },
    options,
  )
}
