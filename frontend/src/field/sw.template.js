// The field app's service worker, written to dist/field/sw.js by vite.config.ts (fieldServiceWorker)
// with this build's file list. It keeps the app shell and the app's hashed files so the phone app
// opens, and reloads, on site without a network; API requests always go to the network (the app
// keeps its own work in IndexedDB and sends it when it can).
const VERSION = '__VERSION__'
const PRECACHE = __PRECACHE__
const CACHE = `qsrp-field-${VERSION}`
const SHELL = '/field/index.html'

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('qsrp-field-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  )
})

const PAGE_TIMEOUT_MS = 4000

/**
 * Pages of the app: the network first (a new build), the shell kept with this build's files when
 * there is no network or it is too slow (a weak signal on site). The kept shell is never replaced
 * by a newer one from the network: it must match the files this worker keeps.
 */
function page(request) {
  const kept = () => caches.match(SHELL, { cacheName: CACHE })
  const network = fetch(request)
  network.catch(() => undefined) // settled later than the race: not an unhandled rejection
  const slow = new Promise((resolve) => setTimeout(resolve, PAGE_TIMEOUT_MS)).then(kept)
  return Promise.race([network, slow])
    .then((response) => response || network)
    .catch(() => kept().then((hit) => hit || network))
    .catch(() => Response.error())
}

/** Hashed files never change: the kept copy first. */
function file(request) {
  return caches.match(request, { cacheName: CACHE }).then(
    (hit) =>
      hit ||
      fetch(request).then((response) => {
        if (response.ok) {
          const copy = response.clone()
          void caches.open(CACHE).then((cache) => cache.put(request, copy))
        }
        return response
      }),
  )
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return
  if (request.mode === 'navigate') {
    if (url.pathname === '/field' || url.pathname.startsWith('/field/')) event.respondWith(page(request))
    return
  }
  if (url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg') event.respondWith(file(request))
})
