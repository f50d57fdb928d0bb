import { t } from '@/shared/i18n'

export interface FieldError {
  field: string
  message: string
  /** the field's Chinese name, when the service gives it */
  label?: string
  /** the file row an import error is about (row-checked uploads) */
  row?: number
}

/** RFC 9457 problem document with the platform's stable `code`. */
export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  code: string
  request_id?: string
  errors?: FieldError[]
  /** the service's further members (e.g. `current_version` of a conflict, `items` of a refusal) */
  extra?: Record<string, unknown>
}

/** A failed API call; `problem.detail` is Chinese text meant for people. */
export class ApiError extends Error {
  readonly problem: Problem

  constructor(problem: Problem) {
    super(problem.detail)
    this.name = 'ApiError'
    this.problem = problem
  }

  get code(): string {
    return this.problem.code
  }

  get status(): number {
    return this.problem.status
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function readFieldErrors(value: unknown): FieldError[] | undefined {
  if (!Array.isArray(value)) return undefined
  const items: FieldError[] = []
  for (const entry of value) {
    if (isRecord(entry) && typeof entry.message === 'string') {
      items.push({
        field: typeof entry.field === 'string' ? entry.field : '',
        message: entry.message,
        label: typeof entry.label === 'string' ? entry.label : undefined,
        row: typeof entry.row === 'number' ? entry.row : undefined,
      })
    }
  }
  return items
}

const STANDARD_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'code', 'request_id', 'errors', 'instance'])

function extraMembers(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const entries = Object.entries(body).filter(([key]) => !STANDARD_MEMBERS.has(key))
  return entries.length > 0 ? Object.fromEntries(entries) : undefined
}

function fallbackDetail(status: number): string {
  if (status === 0) return t('errors.network')
  if (status === 408 || status === 504) return t('errors.timeout')
  if (status >= 500) return t('errors.server', { status })
  return t('errors.unexpected', { status })
}

/** Normalise whatever came back (problem+json, HTML from a proxy, nothing) into a Problem. */
export function toProblem(body: unknown, status: number): Problem {
  if (isRecord(body) && typeof body.detail === 'string' && typeof body.code === 'string') {
    return {
      type: typeof body.type === 'string' ? body.type : 'about:blank',
      title: typeof body.title === 'string' ? body.title : '',
      status: typeof body.status === 'number' ? body.status : status,
      detail: body.detail,
      code: body.code,
      request_id: typeof body.request_id === 'string' ? body.request_id : undefined,
      errors: readFieldErrors(body.errors),
      extra: extraMembers(body),
    }
  }
  const code = status === 0 ? 'NETWORK_ERROR' : `HTTP_${status}`
  return { type: 'about:blank', title: '', status, detail: fallbackDetail(status), code }
}

/** Text to show a person: the detail plus the first field messages of a 422 it does not already say. */
export function problemMessage(problem: Problem): string {
  const fields = (problem.errors ?? [])
    .slice(0, 3)
    .map((e) => e.message)
    .filter((message) => !problem.detail.includes(message))
  return fields.length > 0 ? `${problem.detail}：${fields.join('；')}` : problem.detail
}
