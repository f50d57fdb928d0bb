// Inspections kept on the phone, their photos and the outbox, as records in IndexedDB.
// Ids are made here (crypto.randomUUID), so a request sent twice never creates two things.
import type { Inspection, ItemResult, Severity } from '@/shared/api/inspection'
import { idbAll, idbByIndex, idbDelete, idbGet, idbPut, idbUpdate } from './idb'

export interface DraftItem {
  item_no: string
  section_no: number
  section_title: string
  text: string
  result: ItemResult | null
  remark: string
  /** items 2.1–2.4: the unit's own routine filings, as the server summarised them when the draft was fetched */
  hint?: string | null
}

export interface DraftRisk {
  severity: Severity
  summary: string
}

/** What a save sends (and what the server holds): the header fields and the answers. */
export interface Content {
  inspected_on: string
  responsible_department: string
  contact: string
  items: { item_no: string; result: ItemResult | null; remark: string }[]
}

/**
 * - draft: being filled in;
 * - submitting: 提交 was tapped, the submit request waits in the outbox (the form is locked);
 * - submitted: the server has it as submitted.
 */
export type LocalStatus = 'draft' | 'submitting' | 'submitted'

export interface SyncProblem {
  code: string
  message: string
  /** item numbers the server named (unanswered items, × items without a remark) */
  items?: string[]
}

export interface LocalInspection {
  id: string
  /** the username that filled it: each user sees and syncs only their own */
  owner: string
  enterpriseId: string
  enterpriseName: string
  creditCode: string
  taskId: string | null
  taskReason: string | null
  templateCode: string
  templateVersion: number
  templateTitle: string
  levelGrade: string | null
  inspectedOn: string
  responsibleDepartment: string
  contact: string
  items: DraftItem[]
  risks: DraftRisk[]
  deadlineDays: number
  /** the server's version this copy builds on; 0 while the server does not have it yet */
  serverVersion: number
  /** the server's content at serverVersion: what a 3-way merge after a conflict starts from */
  base: Content | null
  /** contents of saves sent but never answered (a dropped connection): our own writes, if found on the server */
  sent: Content[]
  /** local edit counter, and the one last saved to the server */
  rev: number
  syncedRev: number
  status: LocalStatus
  /** the server changed meanwhile: sync stops for this inspection until the user decides */
  conflict: { code: string; serverVersion: number | null; message: string } | null
  /** the server refused a request (not a conflict): shown, sync stops until it is fixed */
  error: SyncProblem | null
  findings: number | null
  createdAt: string
  updatedAt: string
  submittedAt: string | null
  syncedAt: string | null
}

export interface LocalPhoto {
  id: string
  inspectionId: string
  owner: string
  /** a checklist item number, or sig:insp / sig:rep for the signatures */
  itemNo: string
  blob: Blob
  filename: string
  uploaded: boolean
  createdAt: string
}

/** save / photo / submit of an inspection; routine-* of a routine record (offline/routines.ts). */
export type OutboxKind = 'save' | 'photo' | 'submit' | 'routine-save' | 'routine-photo' | 'routine-submit'

export interface OutboxEntry {
  seq?: number
  owner: string
  /** the record the request is about: an inspection, or a routine record for the routine-* kinds */
  inspectionId: string
  kind: OutboxKind
  photoId?: string
  submit?: { deadline_days: number; risks: DraftRisk[] }
  createdAt: string
  attempts: number
}

// ── ids and content ───────────────────────────────────────────────────────────────────────────

/** A random UUID (v4); crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export const nowIso = (): string => new Date().toISOString()

export function contentOf(d: Pick<LocalInspection, 'inspectedOn' | 'responsibleDepartment' | 'contact' | 'items'>): Content {
  return {
    inspected_on: d.inspectedOn,
    responsible_department: d.responsibleDepartment.trim(),
    contact: d.contact.trim(),
    items: d.items.map((x) => ({ item_no: x.item_no, result: x.result, remark: x.remark.trim() })),
  }
}

export function serverContent(s: Inspection): Content {
  return {
    inspected_on: s.inspected_on,
    responsible_department: s.responsible_department ?? '',
    contact: s.contact ?? '',
    items: s.items.map((x) => ({ item_no: x.item_no, result: x.result ?? null, remark: x.remark ?? '' })),
  }
}

export function sameContent(a: Content | null, b: Content | null): boolean {
  if (!a || !b) return false
  if (a.inspected_on !== b.inspected_on || a.responsible_department !== b.responsible_department || a.contact !== b.contact) return false
  if (a.items.length !== b.items.length) return false
  const other = new Map(b.items.map((x) => [x.item_no, x]))
  return a.items.every((x) => {
    const y = other.get(x.item_no)
    return !!y && y.result === x.result && y.remark === x.remark
  })
}

/** A fresh local record from the server's copy (a new inspection, or one loaded from the server). */
export function fromServer(s: Inspection, owner: string, extra: { taskReason?: string | null } = {}): LocalInspection {
  const now = nowIso()
  return {
    id: s.id,
    owner,
    enterpriseId: s.enterprise_id,
    enterpriseName: s.enterprise_name,
    creditCode: s.credit_code,
    taskId: s.task_id ?? null,
    taskReason: extra.taskReason ?? null,
    templateCode: s.template_code,
    templateVersion: s.template_version,
    templateTitle: s.template_title,
    levelGrade: s.level_grade ?? null,
    inspectedOn: s.inspected_on,
    responsibleDepartment: s.responsible_department ?? '',
    contact: s.contact ?? '',
    items: s.items.map((x) => ({ ...x, result: x.result ?? null, remark: x.remark ?? '' })),
    risks: [],
    deadlineDays: 15,
    serverVersion: s.version,
    base: serverContent(s),
    sent: [],
    rev: 0,
    syncedRev: 0,
    status: s.status === 'submitted' ? 'submitted' : 'draft',
    conflict: null,
    error: null,
    findings: s.status === 'submitted' ? s.findings : null,
    createdAt: now,
    updatedAt: now,
    submittedAt: s.submitted_at ?? null,
    syncedAt: now,
  }
}

/** Take the server's copy as it is (after a conflict, "use the server's version"). */
export function adoptServer(d: LocalInspection, s: Inspection): LocalInspection {
  const submitted = s.status === 'submitted'
  return {
    ...d,
    templateTitle: s.template_title,
    levelGrade: s.level_grade ?? null,
    inspectedOn: s.inspected_on,
    responsibleDepartment: s.responsible_department ?? '',
    contact: s.contact ?? '',
    items: s.items.map((x) => ({ ...x, result: x.result ?? null, remark: x.remark ?? '' })),
    serverVersion: s.version,
    base: serverContent(s),
    sent: [],
    syncedRev: d.rev,
    status: submitted ? 'submitted' : 'draft',
    conflict: null,
    error: null,
    findings: submitted ? s.findings : null,
    submittedAt: s.submitted_at ?? null,
    updatedAt: nowIso(),
    syncedAt: nowIso(),
  }
}

/**
 * Re-apply the local answers on top of the server's copy: what this phone changed since `base`
 * wins, everything it left alone takes the server's value. The result is saved as a change of
 * the server's current version.
 */
export function reapplyOnServer(d: LocalInspection, s: Inspection): LocalInspection {
  const base = d.base
  const server = serverContent(s)
  const baseItems = new Map((base?.items ?? []).map((x) => [x.item_no, x]))
  const local = new Map(d.items.map((x) => [x.item_no, x]))
  const pick = <T>(mine: T, was: T | undefined, theirs: T): T => (base && mine === was ? theirs : mine)
  const items: DraftItem[] = s.items.map((x) => {
    const mine = local.get(x.item_no)
    const was = baseItems.get(x.item_no)
    if (!mine) return { ...x, result: x.result ?? null, remark: x.remark ?? '' }
    return {
      ...x,
      result: pick(mine.result, was?.result, x.result ?? null),
      remark: pick(mine.remark.trim(), was?.remark, x.remark ?? ''),
    }
  })
  return {
    ...d,
    inspectedOn: pick(d.inspectedOn, base?.inspected_on, server.inspected_on),
    responsibleDepartment: pick(d.responsibleDepartment.trim(), base?.responsible_department, server.responsible_department),
    contact: pick(d.contact.trim(), base?.contact, server.contact),
    items,
    serverVersion: s.version,
    base: server,
    sent: [],
    rev: d.rev + 1,
    conflict: null,
    error: null,
    updatedAt: nowIso(),
  }
}

// ── change notices (the page shows what the sync did) ─────────────────────────────────────────

type Listener = (record: LocalInspection) => void
const listeners = new Set<Listener>()

export function onInspectionChanged(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

function notify(record: LocalInspection | undefined): void {
  if (record) for (const listener of listeners) listener(record)
}

// ── inspections ───────────────────────────────────────────────────────────────────────────────

export function getLocalInspection(id: string): Promise<LocalInspection | undefined> {
  return idbGet<LocalInspection>('inspections', id)
}

export function listLocalInspections(owner: string): Promise<LocalInspection[]> {
  return idbByIndex<LocalInspection>('inspections', 'owner', owner)
}

export async function putLocalInspection(record: LocalInspection): Promise<void> {
  await idbPut('inspections', record)
  notify(record)
}

export async function updateLocalInspection(
  id: string,
  change: (current: LocalInspection) => LocalInspection | null,
): Promise<LocalInspection | undefined> {
  const record = await idbUpdate<LocalInspection>('inspections', id, change)
  notify(record)
  return record
}

/** Forget a local copy, its photos and what it still had to send. */
export async function deleteLocalInspection(id: string): Promise<void> {
  for (const photo of await idbByIndex<LocalPhoto>('photos', 'inspectionId', id)) await idbDelete('photos', photo.id)
  for (const entry of await idbByIndex<OutboxEntry>('outbox', 'inspectionId', id)) {
    if (entry.seq !== undefined) await idbDelete('outbox', entry.seq)
  }
  await idbDelete('inspections', id)
}

// ── photos ────────────────────────────────────────────────────────────────────────────────────

export function listLocalPhotos(inspectionId: string): Promise<LocalPhoto[]> {
  return idbByIndex<LocalPhoto>('photos', 'inspectionId', inspectionId)
}

export function getLocalPhoto(id: string): Promise<LocalPhoto | undefined> {
  return idbGet<LocalPhoto>('photos', id)
}

/** Keep a photo and queue its upload (`kind` routine-photo for a routine record's photo). */
export async function addLocalPhoto(photo: LocalPhoto, kind: 'photo' | 'routine-photo' = 'photo'): Promise<void> {
  await idbPut('photos', photo)
  await enqueue({ owner: photo.owner, inspectionId: photo.inspectionId, kind, photoId: photo.id })
}

export async function markPhotoUploaded(id: string): Promise<void> {
  await idbUpdate<LocalPhoto>('photos', id, (p) => ({ ...p, uploaded: true }))
}

/** Remove a photo not uploaded yet (an uploaded one stays on the record). */
export async function removeLocalPhoto(id: string): Promise<boolean> {
  const photo = await getLocalPhoto(id)
  if (!photo || photo.uploaded) return false
  for (const entry of await idbByIndex<OutboxEntry>('outbox', 'inspectionId', photo.inspectionId)) {
    if ((entry.kind === 'photo' || entry.kind === 'routine-photo') && entry.photoId === id && entry.seq !== undefined) {
      await idbDelete('outbox', entry.seq)
    }
  }
  await idbDelete('photos', id)
  return true
}

// ── outbox ────────────────────────────────────────────────────────────────────────────────────

type OutboxListener = () => void
const outboxListeners = new Set<OutboxListener>()

export function onOutboxChanged(listener: OutboxListener): () => void {
  outboxListeners.add(listener)
  return () => outboxListeners.delete(listener)
}

function outboxChanged(): void {
  for (const listener of outboxListeners) listener()
}

export async function listOutbox(owner: string): Promise<OutboxEntry[]> {
  const all = await idbAll<OutboxEntry>('outbox')
  return all.filter((e) => e.owner === owner).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
}

export async function enqueue(entry: Omit<OutboxEntry, 'createdAt' | 'attempts'>): Promise<void> {
  await idbPut<OutboxEntry>('outbox', { ...entry, createdAt: nowIso(), attempts: 0 })
  outboxChanged()
}

/** One save per inspection waits at a time: it sends whatever the record holds when its turn comes. */
export async function ensureSaveQueued(owner: string, inspectionId: string): Promise<void> {
  const entries = await idbByIndex<OutboxEntry>('outbox', 'inspectionId', inspectionId)
  if (entries.some((e) => e.kind === 'save')) return
  await enqueue({ owner, inspectionId, kind: 'save' })
}

export async function removeOutboxEntry(seq: number | undefined): Promise<void> {
  if (seq === undefined) return
  await idbDelete('outbox', seq)
  outboxChanged()
}

export async function dropOutbox(inspectionId: string, kinds: readonly OutboxKind[]): Promise<void> {
  for (const entry of await idbByIndex<OutboxEntry>('outbox', 'inspectionId', inspectionId)) {
    if (kinds.includes(entry.kind) && entry.seq !== undefined) await idbDelete('outbox', entry.seq)
  }
  outboxChanged()
}

export async function countOutbox(inspectionId: string): Promise<number> {
  return (await idbByIndex<OutboxEntry>('outbox', 'inspectionId', inspectionId)).length
}

export async function bumpAttempts(entry: OutboxEntry): Promise<void> {
  if (entry.seq === undefined) return
  await idbUpdate<OutboxEntry>('outbox', entry.seq, (e) => ({ ...e, attempts: e.attempts + 1 }))
}

// ── cached reference data (for starting an inspection without a network) ──────────────────────

interface CacheRecord<T> {
  key: string
  value: T
  savedAt: string
}

export async function readCache<T>(key: string): Promise<{ value: T; savedAt: string } | undefined> {
  const record = await idbGet<CacheRecord<T>>('cache', key)
  return record ? { value: record.value, savedAt: record.savedAt } : undefined
}

export async function writeCache<T>(key: string, value: T): Promise<void> {
  await idbPut<CacheRecord<T>>('cache', { key, value, savedAt: nowIso() })
}

// ── what a local record's state is, for lists and headers ─────────────────────────────────────

export type LocalState = 'draft' | 'pending' | 'submitting' | 'submitted' | 'conflict' | 'error'

export function localStateOf(d: LocalInspection, pending: number): LocalState {
  if (d.conflict) return 'conflict'
  if (d.error) return 'error'
  if (d.status === 'submitted') return pending > 0 ? 'submitting' : 'submitted'
  if (d.status === 'submitting') return 'submitting'
  return pending > 0 || d.serverVersion === 0 || d.rev > d.syncedRev ? 'pending' : 'draft'
}

/** Local copies of inspections submitted and sent more than this long ago are forgotten. */
const KEEP_SUBMITTED_MS = 14 * 24 * 3600 * 1000

export async function pruneLocalInspections(owner: string): Promise<void> {
  const limit = Date.now() - KEEP_SUBMITTED_MS
  for (const d of await listLocalInspections(owner)) {
    if (d.status === 'submitted' && d.syncedAt && Date.parse(d.syncedAt) < limit && (await countOutbox(d.id)) === 0) {
      await deleteLocalInspection(d.id)
    }
  }
}
