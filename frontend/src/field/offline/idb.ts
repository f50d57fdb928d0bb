// The phone's own database (IndexedDB, no wrapper library): inspections filled on site, the
// enterprise's routine records (日管控、周排查、月调度), their photos as Blobs, the outbox of
// requests still to send, and cached reference data.

const DB_NAME = 'qsrp-field'
const DB_VERSION = 2

export type StoreName = 'inspections' | 'routines' | 'photos' | 'outbox' | 'cache'

let opening: Promise<IDBDatabase> | null = null

function openDb(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION)
    request.onupgradeneeded = (event) => {
      const db = request.result
      if (event.oldVersion < 1) {
        db.createObjectStore('inspections', { keyPath: 'id' }).createIndex('owner', 'owner')
        // `inspectionId` of photos and outbox entries is the record they belong to: an inspection,
        // or a routine record (outbox kinds routine-*).
        db.createObjectStore('photos', { keyPath: 'id' }).createIndex('inspectionId', 'inspectionId')
        db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true }).createIndex('inspectionId', 'inspectionId')
        db.createObjectStore('cache', { keyPath: 'key' })
      }
      if (event.oldVersion < 2) {
        db.createObjectStore('routines', { keyPath: 'id' }).createIndex('owner', 'owner')
      }
    }
    request.onsuccess = () => {
      const db = request.result
      // Another tab upgrading the schema: let it, and open again next time.
      db.onversionchange = () => {
        db.close()
        opening = null
      }
      resolve(db)
    }
    request.onerror = () => {
      opening = null
      reject(request.error ?? new Error('IndexedDB unavailable'))
    }
  })
  return opening
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'))
  })
}

function finished(tx: IDBTransaction): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'))
  })
}

export async function idbGet<T>(store: StoreName, key: IDBValidKey): Promise<T | undefined> {
  const db = await openDb()
  return done(db.transaction(store).objectStore(store).get(key)) as Promise<T | undefined>
}

export async function idbAll<T>(store: StoreName): Promise<T[]> {
  const db = await openDb()
  return done(db.transaction(store).objectStore(store).getAll()) as Promise<T[]>
}

export async function idbByIndex<T>(store: StoreName, index: string, value: IDBValidKey): Promise<T[]> {
  const db = await openDb()
  return done(db.transaction(store).objectStore(store).index(index).getAll(value)) as Promise<T[]>
}

/** Write a record; resolves with its key once the transaction has committed. */
export async function idbPut<T>(store: StoreName, value: T): Promise<IDBValidKey> {
  const db = await openDb()
  const tx = db.transaction(store, 'readwrite')
  const key = done(tx.objectStore(store).put(value))
  await finished(tx)
  return key
}

export async function idbDelete(store: StoreName, key: IDBValidKey): Promise<void> {
  const db = await openDb()
  const tx = db.transaction(store, 'readwrite')
  tx.objectStore(store).delete(key)
  await finished(tx)
}

/**
 * Read, change and write one record in a single transaction, so the page (answers) and the
 * sync (versions, states) never overwrite each other's changes. `change` returns the new record,
 * or null to leave it as it is; the result is the record as stored.
 */
export async function idbUpdate<T>(store: StoreName, key: IDBValidKey, change: (current: T) => T | null): Promise<T | undefined> {
  const db = await openDb()
  const tx = db.transaction(store, 'readwrite')
  const objects = tx.objectStore(store)
  const current = (await done(objects.get(key))) as T | undefined
  let result = current
  if (current !== undefined) {
    const next = change(current)
    if (next !== null) {
      objects.put(next)
      result = next
    }
  }
  await finished(tx)
  return result
}
