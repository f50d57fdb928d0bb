// 摸底调查导入: upload a survey file, dry-run it, follow its progress, apply it, get its errors.
import { call } from './client'
import type { CallOptions } from './client'
import { downloadFile } from './files'
import { REGISTRY_BASE, registry } from './registryClient'
import type { RegistryPaths as paths } from './registryClient'
import type { OkJson } from './types'

type JobOut = OkJson<paths['/v1/imports/{job_id}']['get']>

/**
 * One problem found in a row. Typed by hand: the OpenAPI document declares `errors` as free-form
 * objects; the registry writes these four keys (imports/validate.py, Issue.as_dict).
 */
export interface ImportIssue {
  row: number
  column: string
  message: string
  severity: 'error' | 'warning'
}

export type ImportJobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'rejected'

export type ImportJob = Omit<JobOut, 'errors' | 'status'> & { status: ImportJobStatus; errors: ImportIssue[] }
export type ImportPage = Omit<OkJson<paths['/v1/imports']['get']>, 'items'> & { items: ImportJob[] }

const STATUSES: readonly ImportJobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'rejected']

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function toIssue(value: Record<string, unknown>): ImportIssue {
  return {
    row: typeof value.row === 'number' ? value.row : 0,
    column: typeof value.column === 'string' ? value.column : '',
    message: typeof value.message === 'string' ? value.message : '',
    severity: value.severity === 'warning' ? 'warning' : 'error',
  }
}

function toJob(job: JobOut): ImportJob {
  const status = STATUSES.find((s) => s === job.status) ?? 'failed'
  return { ...job, status, errors: job.errors.filter(isRecord).map(toIssue) }
}

/** Whether the worker is done with the job (its counts are final). */
export function isFinished(job: Pick<ImportJob, 'status'>): boolean {
  return job.status !== 'queued' && job.status !== 'running'
}

export async function createImport(file: File, dryRun: boolean, options?: CallOptions): Promise<ImportJob> {
  const job = await call(
    registry.POST('/v1/imports', {
      body: { file, dry_run: dryRun },
      bodySerializer(body) {
        const form = new FormData()
        form.append('file', body.file, file.name)
        form.append('dry_run', String(body.dry_run))
        return form
      },
    }),
    options,
  )
  return toJob(job)
}

export async function getImport(id: string, options?: CallOptions): Promise<ImportJob> {
  return toJob(await call(registry.GET('/v1/imports/{job_id}', { params: { path: { job_id: id } } }), options))
}

/** Import for real the file a finished dry run checked; a new job. */
export async function applyImport(id: string, options?: CallOptions): Promise<ImportJob> {
  return toJob(await call(registry.POST('/v1/imports/{job_id}/apply', { params: { path: { job_id: id } } }), options))
}

export async function listImports(page: number, size: number, options?: CallOptions): Promise<ImportPage> {
  const result = await call(registry.GET('/v1/imports', { params: { query: { page, size } } }), options)
  return { ...result, items: result.items.map(toJob) }
}

export function downloadImportTemplate(options?: CallOptions): Promise<void> {
  return downloadFile(`${REGISTRY_BASE}/v1/imports/template.xlsx`, '摸底调查导入模板.xlsx', {}, options)
}

export function downloadImportErrors(id: string, options?: CallOptions): Promise<void> {
  return downloadFile(`${REGISTRY_BASE}/v1/imports/${encodeURIComponent(id)}/errors.xlsx`, '错误报告.xlsx', {}, options)
}
