// Photos from the phone's camera are large (4000 px, several MB): drawn onto a canvas at most
// 1600 px on the long side and kept as JPEG, which the server takes (≤ 8 MB) and a slow
// network sends in seconds. Small JPEG/PNG/WebP files are kept as they are.

const MAX_SIDE = 1600
const KEEP_BELOW_BYTES = 1_200_000
const QUALITY = 0.85
const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp']

export interface PreparedPhoto {
  blob: Blob
  extension: string
}

const extensionOf = (type: string): string => (type === 'image/png' ? 'png' : type === 'image/webp' ? 'webp' : 'jpg')

function loadImage(file: Blob): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file)
    const img = new Image()
    img.onload = () => {
      URL.revokeObjectURL(url)
      resolve(img)
    }
    img.onerror = () => {
      URL.revokeObjectURL(url)
      reject(new Error('not an image'))
    }
    img.src = url
  })
}

function toJpeg(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('encoding failed'))), 'image/jpeg', QUALITY)
  })
}

/** The photo to keep and upload; throws when the file is not an image the browser can read. */
export async function preparePhoto(file: File): Promise<PreparedPhoto> {
  const img = await loadImage(file)
  const width = img.naturalWidth
  const height = img.naturalHeight
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height))
  if (scale === 1 && file.size <= KEEP_BELOW_BYTES && ACCEPTED.includes(file.type)) {
    return { blob: file, extension: extensionOf(file.type) }
  }
  const canvas = document.createElement('canvas')
  canvas.width = Math.max(1, Math.round(width * scale))
  canvas.height = Math.max(1, Math.round(height * scale))
  const context = canvas.getContext('2d')
  if (!context) throw new Error('no canvas')
  context.fillStyle = '#fff' // a transparent PNG becomes JPEG on white, not black
  context.fillRect(0, 0, canvas.width, canvas.height)
  context.drawImage(img, 0, 0, canvas.width, canvas.height)
  return { blob: await toJpeg(canvas), extension: 'jpg' }
}
