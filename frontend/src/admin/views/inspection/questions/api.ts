// 考核题库 (inspection /v1/questions): bureau staff read it, region administrators add, retire and
// restore questions.
import { call } from '@/shared/api/client'
import type { CallOptions } from '@/shared/api/client'
import { inspection } from '@/shared/api/inspectionClient'
import type { InspectionPaths as paths } from '@/shared/api/inspectionClient'
import type { BodyJson, OkJson } from '@/shared/api/types'

export type Question = OkJson<paths['/v1/questions']['get']>[number]
export type QuestionIn = BodyJson<paths['/v1/questions']['post']>
export type QuestionCategory = Question['category']

export const QUESTION_CATEGORIES: readonly QuestionCategory[] = ['law', 'standard', 'product']

export type QuestionQuery = NonNullable<paths['/v1/questions']['get']['parameters']['query']>

/** The bank; retired questions (no longer drawn) only with `include_retired`. */
export function listQuestions(query: QuestionQuery = {}, options?: CallOptions): Promise<Question[]> {
  return call(inspection.GET('/v1/questions', { params: { query } }), options)
}

export function addQuestion(body: QuestionIn, options?: CallOptions): Promise<Question> {
  return call(inspection.POST('/v1/questions', { body }), options)
}

/** Retire (no longer drawn; papers already drawn keep it) or restore a question: region admin. */
export function setQuestionActive(id: number, active: boolean, options?: CallOptions): Promise<Question> {
  return call(
    inspection.POST('/v1/questions/{question_id}/{action}', {
      params: { path: { question_id: id, action: active ? 'restore' : 'retire' } },
    }),
    options,
  )
}

/** A, B, C… for option 0, 1, 2… */
export const optionLetter = (index: number): string => String.fromCharCode(65 + index)
