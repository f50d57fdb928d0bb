// 整改佐证照片: photos the enterprise attaches to its answer to a rectification notice, uploaded
// while the notice is open under an id the phone made (the same upload again is the same photo).
import { call, fetchFile } from '@/shared/api/client'
import type { CallOptions, FetchedFile } from '@/shared/api/client'
import { INSPECTION_BASE, inspection } from '@/shared/api/inspectionClient'
import type { InspectionPaths as paths } from '@/shared/api/inspectionClient'
import type { OkJson } from '@/shared/api/types'

export type Evidence = OkJson<paths['/v1/rectifications/{rectification_id}/evidence']['get']>[number]

/** The service's limit on one photo (inspection.inspections.photos.MAX_PHOTO_BYTES). */
export const MAX_EVIDENCE_BYTES = 8 * 1024 * 1024

export function listEvidence(rectificationId: string, options?: CallOptions): Promise<Evidence[]> {
  return call(
    inspection.GET('/v1/rectifications/{rectification_id}/evidence', { params: { path: { rectification_id: rectificationId } } }),
    options,
  )
}

export function uploadEvidence(
  rectificationId: string,
  evidenceId: string,
  file: Blob,
  filename: string,
  options?: CallOptions,
): Promise<Evidence> {
  return call(
    inspection.PUT('/v1/rectifications/{rectification_id}/evidence/{evidence_id}', {
      params: { path: { rectification_id: rectificationId, evidence_id: evidenceId } },
      body: { file },
      bodySerializer(body) {
        const form = new FormData()
        form.append('file', body.file, filename)
        return form
      },
    }),
    options,
  )
}

/** One photo's image (fetched with the session's token, for a thumbnail). */
export function fetchEvidence(rectificationId: string, evidenceId: string, options?: CallOptions): Promise<FetchedFile> {
  return fetchFile(`${INSPECTION_BASE}/v1/rectifications/${rectificationId}/evidence/${evidenceId}`, options)
}
