// Downloads that need the bearer token: fetch → Blob → a temporary <a download>.
import { fetchFile } from './client'
import type { CallOptions } from './client'

export type QueryValue = string | number | boolean | null | undefined

/** `path?k=v&…`, leaving out empty values (the list's filters are optional). */
export function withQuery(path: string, query: Readonly<Record<string, QueryValue>> = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') continue
    params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `${path}?${text}` : path
}

/** Hand a Blob to the browser as a file download. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // Revoked later: some browsers start reading the blob only after click() returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** Download `path` (with query) and save it under the server's filename, or `fallbackName`. */
export async function downloadFile(
  path: string,
  fallbackName: string,
  query?: Readonly<Record<string, QueryValue>>,
  options?: CallOptions,
): Promise<void> {
  const file = await fetchFile(withQuery(path, query), options)
  saveBlob(file.blob, file.filename ?? fallbackName)
}
