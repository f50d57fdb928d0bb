// Replays the outbox when there is a network: for each inspection, in the order things were
// done on the phone, the save (PUT with the version it builds on), the photos, then the submit.
// Every id is made on the phone and identical resends are harmless, so a retry never duplicates.
// A conflict (the server's copy changed meanwhile) stops that inspection until the user decides.
// The enterprise's routine records (日管控、周排查、月调度) ride the same outbox with routine-*
// entries, handled by offline/routines.ts under the same rules.
import { reactive } from 'vue'
import { INSPECTION_ERROR, getInspection, saveInspection, submitInspection, uploadPhoto } from '@/shared/api/inspection'
import type { Inspection } from '@/shared/api/inspection'
import { ApiError } from '@/shared/api/problem'
import { t } from '@/shared/i18n'
import {
  bumpAttempts,
  contentOf,
  ensureSaveQueued,
  getLocalInspection,
  getLocalPhoto,
  listLocalInspections,
  listOutbox,
  markPhotoUploaded,
  nowIso,
  onOutboxChanged,
  removeOutboxEntry,
  sameContent,
  serverContent,
  updateLocalInspection,
} from './records'
import type { Content, LocalInspection, OutboxEntry } from './records'
import { afterRoutineStep, getLocalRoutine, isRoutineEntry, listLocalRoutines, performRoutine, refusedRoutine } from './routines'

const RETRY_EVERY_MS = 20_000
const LOCK_NAME = 'qsrp-field-outbox'
const MAX_UNANSWERED = 5

export const syncState = reactive({
  /** the browser says it has a network */
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  running: false,
  /** outbox entries of the signed-in user still to send */
  pending: 0,
  /** inspections waiting for the user: a conflict or a refused request */
  attention: 0,
  /** the last run could not reach the server */
  unreachable: false,
  lastSyncedAt: null as string | null,
})

export type SyncTone = 'offline' | 'syncing' | 'attention' | 'pending' | 'synced'

/** The one-line state shown in headers and the tab bar: 离线 / 同步中 / 待同步 N 项 / 已同步. */
export function syncSummary(): { tone: SyncTone; text: string } {
  const s = syncState
  if (!s.online || s.unreachable) {
    const base = s.online ? t('inspection.sync.unreachable') : t('inspection.sync.offline')
    return { tone: 'offline', text: s.pending > 0 ? `${base} · ${t('inspection.sync.pending', { count: s.pending })}` : base }
  }
  if (s.running) return { tone: 'syncing', text: t('inspection.sync.running') }
  if (s.attention > 0) return { tone: 'attention', text: t('inspection.sync.attention', { count: s.attention }) }
  if (s.pending > 0) return { tone: 'pending', text: t('inspection.sync.pending', { count: s.pending }) }
  return { tone: 'synced', text: t('inspection.sync.synced') }
}

/**
 * One record's sync state for its page's header chip: its own conflict or refusal first (in the
 * page's words), then the network and what it has queued.
 */
export function recordSummary(
  state: string,
  pendingHere: number,
  words: { conflict: string; error: string },
): { tone: SyncTone; text: string } {
  const pending = pendingHere || (state === 'pending' ? 1 : 0)
  const pendingText = t('inspection.sync.pending', { count: pending })
  if (state === 'conflict') return { tone: 'attention', text: words.conflict }
  if (state === 'error') return { tone: 'attention', text: words.error }
  if (!syncState.online) return { tone: 'offline', text: pending ? `${t('inspection.sync.offline')} · ${pendingText}` : t('inspection.sync.offline') }
  if (pending && syncState.running) return { tone: 'syncing', text: t('inspection.sync.running') }
  if (pending) return { tone: 'pending', text: pendingText }
  return { tone: 'synced', text: t('inspection.sync.synced') }
}

let ownerOf: () => string | null = () => null
let running: Promise<void> | null = null
let again = false

/** The inspection is held (conflict or refusal recorded); go on with the others. */
class Held extends Error {}

function transient(err: unknown): boolean {
  if (!(err instanceof ApiError)) return true
  const s = err.status
  return s === 0 || s === 401 || s === 408 || s === 429 || s >= 500
}

function bodyOf(d: LocalInspection, c: Content) {
  return {
    enterprise_id: d.enterpriseId,
    task_id: d.taskId,
    base_version: d.serverVersion,
    inspected_on: c.inspected_on,
    responsible_department: c.responsible_department || null,
    contact: c.contact || null,
    items: c.items.map((x) => ({ item_no: x.item_no, result: x.result, remark: x.remark || null })),
  }
}

async function must(id: string): Promise<LocalInspection> {
  const d = await getLocalInspection(id)
  if (!d) throw new Held()
  return d
}

function afterSave(x: LocalInspection, out: Inspection, sentRev: number): LocalInspection {
  return {
    ...x,
    serverVersion: out.version,
    base: serverContent(out),
    sent: [],
    syncedRev: Math.max(x.syncedRev, sentRev),
    templateCode: out.template_code,
    templateVersion: out.template_version,
    templateTitle: out.template_title,
    levelGrade: out.level_grade ?? null,
    error: null,
    syncedAt: nowIso(),
  }
}

/** A 409: the server's copy changed. Our own unanswered write, or the same content, is no conflict. */
async function resolveConflict(d: LocalInspection, err: ApiError): Promise<void> {
  const server = await getInspection(d.id, { silent: true })
  const theirs = serverContent(server)
  const mine = contentOf(d)
  const ours = (d.sent ?? []).some((c) => sameContent(theirs, c))
  if (server.status !== 'submitted' && (ours || sameContent(theirs, mine))) {
    const same = sameContent(theirs, mine)
    await updateLocalInspection(d.id, (x) => ({
      ...x,
      serverVersion: server.version,
      base: theirs,
      sent: [],
      syncedRev: same ? x.rev : x.syncedRev,
    }))
    return
  }
  await updateLocalInspection(d.id, (x) => ({
    ...x,
    conflict: { code: err.code, serverVersion: server.version, message: err.message },
  }))
  throw new Held()
}

async function save(id: string, retried = false): Promise<LocalInspection> {
  const d = await must(id)
  const content = contentOf(d)
  const sentRev = d.rev
  // Remembered until answered: if the answer is lost, the server may hold this content already.
  await updateLocalInspection(id, (x) => ({ ...x, sent: [...(x.sent ?? []), content].slice(-MAX_UNANSWERED) }))
  try {
    const out = await saveInspection(id, bodyOf(d, content), { silent: true })
    return (await updateLocalInspection(id, (x) => afterSave(x, out, sentRev))) ?? d
  } catch (err) {
    const conflict = err instanceof ApiError && (err.code === INSPECTION_ERROR.conflict || err.code === INSPECTION_ERROR.submitted)
    if (!conflict || retried) {
      if (conflict) {
        await updateLocalInspection(id, (x) => ({ ...x, conflict: { code: err.code, serverVersion: null, message: err.message } }))
        throw new Held()
      }
      throw err
    }
    await resolveConflict(d, err)
    const next = await must(id)
    return next.rev > next.syncedRev ? save(id, true) : next
  }
}

async function ensureSaved(id: string): Promise<LocalInspection> {
  const d = await must(id)
  return d.serverVersion === 0 || d.rev > d.syncedRev ? save(id) : d
}

async function submit(entry: OutboxEntry, retried = false): Promise<void> {
  const d = await ensureSaved(entry.inspectionId)
  const request = entry.submit ?? { deadline_days: 15, risks: [] }
  try {
    const out = await submitInspection(d.id, { base_version: d.serverVersion, ...request }, { silent: true })
    await updateLocalInspection(d.id, (x) => ({
      ...x,
      status: 'submitted',
      serverVersion: out.version,
      base: serverContent(out),
      findings: out.findings,
      submittedAt: out.submitted_at ?? nowIso(),
      syncedAt: nowIso(),
      error: null,
    }))
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== INSPECTION_ERROR.conflict || retried) throw err
    await resolveConflict(d, err)
    await submit(entry, true)
  }
}

async function perform(entry: OutboxEntry): Promise<void> {
  if (entry.kind === 'save') {
    await ensureSaved(entry.inspectionId)
    return
  }
  if (entry.kind === 'photo') {
    const photo = entry.photoId ? await getLocalPhoto(entry.photoId) : undefined
    if (!photo || photo.uploaded) return
    const d = await must(entry.inspectionId)
    // The photo needs the inspection on the server (a checklist started without a network).
    if (d.serverVersion === 0) await save(d.id)
    await uploadPhoto(d.id, photo.id, photo.itemNo, photo.blob, photo.filename, { silent: true })
    await markPhotoUploaded(photo.id)
    return
  }
  await submit(entry)
}

/** The server refused (not a conflict): keep the message on the record for the user. */
async function refused(entry: OutboxEntry, err: ApiError): Promise<void> {
  const items = err.problem.extra?.items
  await updateLocalInspection(entry.inspectionId, (x) => ({
    ...x,
    error: {
      code: err.code,
      message: entry.kind === 'photo' ? t('inspection.sync.photoRefused', { message: err.message }) : err.message,
      items: Array.isArray(items) ? items.filter((i): i is string => typeof i === 'string') : undefined,
    },
    // A refused submit unlocks the form: the user corrects it and submits again.
    status: entry.kind === 'submit' && x.status === 'submitting' ? 'draft' : x.status,
  }))
  if (entry.kind === 'submit') await removeOutboxEntry(entry.seq)
}

/** A routine record's entry: the same order, holds and refusals as an inspection's. */
async function drainRoutine(owner: string, entry: OutboxEntry, held: Set<string>): Promise<'next' | 'stop'> {
  const r = await getLocalRoutine(entry.inspectionId)
  if (!r) {
    await removeOutboxEntry(entry.seq)
    return 'next'
  }
  if (r.conflict || r.error) {
    held.add(r.id)
    return 'next'
  }
  try {
    if (!(await performRoutine(entry))) {
      held.add(r.id)
      return 'next'
    }
    await removeOutboxEntry(entry.seq)
    await afterRoutineStep(owner, r.id)
  } catch (err) {
    held.add(r.id)
    if (transient(err)) {
      syncState.unreachable = !(err instanceof ApiError) || err.status === 0 || err.status === 408 || err.status >= 502
      if (!(err instanceof ApiError)) console.error('outbox', err)
      return 'stop'
    }
    await bumpAttempts(entry)
    await refusedRoutine(entry, err as ApiError, (message) => t('inspection.sync.photoRefused', { message }))
  }
  return 'next'
}

async function drain(owner: string): Promise<void> {
  const held = new Set<string>()
  for (const entry of await listOutbox(owner)) {
    if (held.has(entry.inspectionId)) continue
    if (isRoutineEntry(entry)) {
      if ((await drainRoutine(owner, entry, held)) === 'stop') return
      continue
    }
    const d = await getLocalInspection(entry.inspectionId)
    if (!d) {
      await removeOutboxEntry(entry.seq)
      continue
    }
    if (d.conflict || d.error) {
      held.add(d.id)
      continue
    }
    try {
      await perform(entry)
      await removeOutboxEntry(entry.seq)
      // Typed on while the save was on its way: one more save, after whatever is queued now.
      const after = await getLocalInspection(entry.inspectionId)
      if (after && after.status === 'draft' && after.rev > after.syncedRev) await ensureSaveQueued(owner, after.id)
    } catch (err) {
      held.add(entry.inspectionId)
      if (err instanceof Held) continue
      if (transient(err)) {
        syncState.unreachable = !(err instanceof ApiError) || err.status === 0 || err.status === 408 || err.status >= 502
        if (!(err instanceof ApiError)) console.error('outbox', err)
        return
      }
      await bumpAttempts(entry)
      await refused(entry, err as ApiError)
    }
  }
  syncState.unreachable = false
}

/** Recount what waits (outbox entries) and what needs the user (conflicts, refusals). */
export async function refreshSyncCounts(): Promise<void> {
  const owner = ownerOf()
  if (!owner) {
    syncState.pending = 0
    syncState.attention = 0
    return
  }
  try {
    const [entries, records, routines] = await Promise.all([listOutbox(owner), listLocalInspections(owner), listLocalRoutines(owner)])
    syncState.pending = entries.length
    syncState.attention = [...records, ...routines].filter((r) => r.conflict || r.error).length
  } catch {
    // IndexedDB unavailable (private mode of some browsers): nothing is kept, nothing waits
  }
}

async function runOnce(): Promise<void> {
  const owner = ownerOf()
  if (!owner || !navigator.onLine) {
    await refreshSyncCounts()
    return
  }
  syncState.running = true
  try {
    const work = () => drain(owner)
    const locks = navigator.locks
    // One tab replays at a time; the others find the lock taken and leave it.
    if (locks) await locks.request(LOCK_NAME, { ifAvailable: true }, (lock) => (lock ? work() : undefined))
    else await work()
  } catch (err) {
    console.error('sync', err)
  } finally {
    syncState.running = false
    await refreshSyncCounts()
    if (syncState.pending === 0 && !syncState.unreachable) syncState.lastSyncedAt = nowIso()
  }
}

/** Send what waits now (立即同步, after a change, coming online); runs again if asked while running. */
export function syncNow(): Promise<void> {
  if (running) {
    again = true
    return running
  }
  running = (async () => {
    do {
      again = false
      await runOnce()
    } while (again)
  })().finally(() => {
    running = null
  })
  return running
}

let started = false

/** Start watching the network and retrying; `owner` names the signed-in user (null when none). */
export function startSync(owner: () => string | null): void {
  ownerOf = owner
  if (started) return
  started = true
  window.addEventListener('online', () => {
    syncState.online = true
    void syncNow()
  })
  window.addEventListener('offline', () => {
    syncState.online = false
  })
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && syncState.pending > 0) void syncNow()
  })
  onOutboxChanged(() => void refreshSyncCounts())
  window.setInterval(() => {
    syncState.online = navigator.onLine
    if (syncState.online && syncState.pending > 0 && !syncState.running) void syncNow()
  }, RETRY_EVERY_MS)
}
