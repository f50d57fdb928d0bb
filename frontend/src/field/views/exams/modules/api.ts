// 监督抽查考核 on the phone: the drawn person's paper (questions without answers) and the
// answers, scored by the inspection service at once. The enterprise user may open the papers
// of its own unit's people; regulators any in their jurisdiction (recording on someone's behalf).
import { call } from '@/shared/api/client'
import type { CallOptions } from '@/shared/api/client'
import { inspection } from '@/shared/api/inspectionClient'
import type { InspectionPaths as paths } from '@/shared/api/inspectionClient'
import type { OkJson } from '@/shared/api/types'

type PaperOp = paths['/v1/assessments/{assessment_id}/people/{person_id}/paper']['get']
type AnswerOp = paths['/v1/assessments/{assessment_id}/people/{person_id}/answers']['post']
type MineOp = paths['/v1/assessments/mine']['get']

export type Paper = OkJson<PaperOp>
export type PaperQuestion = Paper['questions'][number]
export type ExamResult = OkJson<AnswerOp>
export type MyExam = OkJson<MineOp>[number]

/** Error codes the exam page reacts to. */
export const EXAM_ERROR = {
  taken: 'ASSESSMENT_TAKEN',
  published: 'ASSESSMENT_PUBLISHED',
  notFound: 'ASSESSMENT_NOT_FOUND',
  personNotFound: 'ASSESSMENT_PERSON_NOT_FOUND',
} as const

const examPath = (assessmentId: string, personId: string) => ({
  path: { assessment_id: assessmentId, person_id: personId },
})

export function getPaper(assessmentId: string, personId: string, options?: CallOptions): Promise<Paper> {
  return call(
    inspection.GET('/v1/assessments/{assessment_id}/people/{person_id}/paper', { params: examPath(assessmentId, personId) }),
    options,
  )
}

/** The chosen option of every question, in the paper's order; the result comes back at once. */
export function submitAnswers(assessmentId: string, personId: string, answers: number[], options?: CallOptions): Promise<ExamResult> {
  return call(
    inspection.POST('/v1/assessments/{assessment_id}/people/{person_id}/answers', {
      params: examPath(assessmentId, personId),
      body: { answers },
    }),
    options,
  )
}

/** The unit's people drawn in any assessment, with their scores once taken (enterprise users). */
export function listMyExams(options?: CallOptions): Promise<MyExam[]> {
  return call(inspection.GET('/v1/assessments/mine'), options)
}
