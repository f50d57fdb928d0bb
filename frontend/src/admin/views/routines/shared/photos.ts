// A record's photos fetched with the session's token and shown from object URLs.
import { fetchRecordPhoto } from './api'
import type { RecordPhoto } from './api'

export interface LoadedPhoto {
  id: string
  itemId: string
  url: string
}

/** Fetch every photo of a record (those that fail are left out); revoke the URLs with `releasePhotos`. */
export async function loadPhotos(recordId: string, photos: readonly RecordPhoto[]): Promise<LoadedPhoto[]> {
  const loaded = await Promise.all(
    photos.map(async (p) => {
      try {
        const file = await fetchRecordPhoto(recordId, p.id, { silent: true })
        return { id: p.id, itemId: p.item_id, url: URL.createObjectURL(file.blob) }
      } catch {
        return null
      }
    }),
  )
  return loaded.filter((p): p is LoadedPhoto => p !== null)
}

export function releasePhotos(photos: readonly LoadedPhoto[]): void {
  for (const p of photos) URL.revokeObjectURL(p.url)
}
