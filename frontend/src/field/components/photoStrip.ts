// What PhotoStrip.vue shows of each photo, and the photos kept on the phone (inspection items,
// daily routine items) as it shows them: waiting until uploaded, removable until then.

export interface StripPhoto {
  id: string
  /** the image to show; empty while there is none yet */
  url: string | null
  /** local and uploading wait (amber), failed is refused (red), uploaded is on the server (green) */
  state: 'local' | 'uploading' | 'uploaded' | 'failed'
  /** what the state line says */
  caption: string
  removable: boolean
}

export interface KeptPhoto {
  id: string
  url: string
  uploaded: boolean
}

/** Photos taken on this phone: sent ones are kept, ones not sent yet may be removed while editable. */
export function keptPhotos(photos: readonly KeptPhoto[], readonly: boolean, captions: { uploaded: string; local: string }): StripPhoto[] {
  return photos.map((p) => ({
    id: p.id,
    url: p.url,
    state: p.uploaded ? 'uploaded' : 'local',
    caption: p.uploaded ? captions.uploaded : captions.local,
    removable: !readonly && !p.uploaded,
  }))
}
