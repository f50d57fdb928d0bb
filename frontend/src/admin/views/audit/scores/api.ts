// 考核计分 (audit /v1/scores): the ranking of a bureau's direct subordinates in a period (ties
// share a rank), its xlsx, the entries, and revoking one (kept, with the reason).
import { call } from '@/shared/api/client'
import type { CallOptions } from '@/shared/api/client'
import { audit } from '@/shared/api/auditClient'
import type { AuditPaths as paths } from '@/shared/api/auditClient'
import type { OkJson } from '@/shared/api/types'
import { downloadAuditFile } from '../shared/api'
import type { Score } from '../shared/api'

type ScoreListOp = paths['/v1/scores']['get']

export type Ranking = OkJson<paths['/v1/scores/ranking']['get']>
export type RankRow = Ranking['rows'][number]
export type ScoreQuery = NonNullable<ScoreListOp['parameters']['query']>
export type ScorePage = OkJson<ScoreListOp>

export function getRanking(period: string, parentCode?: string, options?: CallOptions): Promise<Ranking> {
  return call(audit.GET('/v1/scores/ranking', { params: { query: { period, parent_code: parentCode || undefined } } }), options)
}

export function exportRanking(period: string, parentCode?: string): Promise<void> {
  return downloadAuditFile('/v1/scores/ranking.xlsx', `考核排名-${period}.xlsx`, { period, parent_code: parentCode })
}

export function listScores(query: ScoreQuery, options?: CallOptions): Promise<ScorePage> {
  return call(audit.GET('/v1/scores', { params: { query } }), options)
}

export function revokeScore(id: string, reason: string, options?: CallOptions): Promise<Score> {
  return call(audit.POST('/v1/scores/{score_id}/revoke', { params: { path: { score_id: id } }, body: { reason } }), options)
}
