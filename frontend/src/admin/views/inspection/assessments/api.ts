// 监督抽查考核 (inspection /v1/assessments): people drawn at random from a recorded seed (the pool
// to draw from beforehand, the draw verified afterwards), their exams (phone or paper), and the
// published results.
import { call } from '@/shared/api/client'
import type { CallOptions } from '@/shared/api/client'
import { inspection } from '@/shared/api/inspectionClient'
import type { InspectionPaths as paths } from '@/shared/api/inspectionClient'
import type { BodyJson, OkJson } from '@/shared/api/types'

export type Assessment = OkJson<paths['/v1/assessments/{assessment_id}']['get']>
export type AssessmentPerson = Assessment['people'][number]
export type AssessmentIn = BodyJson<paths['/v1/assessments']['post']>
export type AssessmentRole = NonNullable<AssessmentIn['roles']>[number]
export type Paper = OkJson<paths['/v1/assessments/{assessment_id}/people/{person_id}/paper']['get']>
export type Pool = OkJson<paths['/v1/assessments/pool']['get']>
export type Verification = OkJson<paths['/v1/assessments/{assessment_id}/verify']['get']>

export const ASSESSMENT_ROLES: readonly AssessmentRole[] = ['director', 'officer']

/** The largest seed the service takes (it must stay below 2^53, exact in JavaScript too). */
export const MAX_SEED = Number.MAX_SAFE_INTEGER

const assessmentPath = (id: string) => ({ path: { assessment_id: id } })
const personPath = (id: string, personId: string) => ({ path: { assessment_id: id, person_id: personId } })

export function listAssessments(options?: CallOptions): Promise<Assessment[]> {
  return call(inspection.GET('/v1/assessments'), options)
}

export function getAssessment(id: string, options?: CallOptions): Promise<Assessment> {
  return call(inspection.GET('/v1/assessments/{assessment_id}', { params: assessmentPath(id) }), options)
}

export function createAssessment(body: AssessmentIn, options?: CallOptions): Promise<Assessment> {
  return call(inspection.POST('/v1/assessments', { body }), options)
}

/** How many directors and officers on duty in `org` (and below) there are to draw from. */
export function getPool(org?: string, options?: CallOptions): Promise<Pool> {
  return call(inspection.GET('/v1/assessments/pool', { params: { query: { org: org || undefined } } }), options)
}

/** Re-draw the people from the recorded seed and today's roster: identical or not. */
export function verifyAssessment(id: string, options?: CallOptions): Promise<Verification> {
  return call(inspection.GET('/v1/assessments/{assessment_id}/verify', { params: assessmentPath(id) }), options)
}

export function getPaper(id: string, personId: string, options?: CallOptions): Promise<Paper> {
  return call(inspection.GET('/v1/assessments/{assessment_id}/people/{person_id}/paper', { params: personPath(id, personId) }), options)
}

export function recordPaperScore(id: string, personId: string, score: number, options?: CallOptions): Promise<AssessmentPerson> {
  return call(
    inspection.POST('/v1/assessments/{assessment_id}/people/{person_id}/paper-result', {
      params: personPath(id, personId),
      body: { score },
    }),
    options,
  )
}

/** Publish: every result required; each failure becomes a rectification notice on the person's unit. */
export function publishAssessment(id: string, options?: CallOptions): Promise<Assessment> {
  return call(inspection.POST('/v1/assessments/{assessment_id}/publish', { params: assessmentPath(id) }), options)
}
