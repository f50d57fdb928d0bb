// The enterprise's routine records (日管控、周排查、月调度) kept on the phone, and the outbox steps
// that send them (routine-save, routine-photo, routine-submit), replayed by sync.ts with the
// inspections' entries. Ids are made on the phone: the service takes an identical save or photo
// again as a no-op and a second submit as the first, so a retry never files anything twice. A
// conflict (ROUTINE_CONFLICT, ROUTINE_DRAFT_EXISTS, ROUTINE_PERIOD_FILED, ROUTINE_RECORD_FILED) is
// kept on the record and stops it until the user decides; nothing is overwritten silently.
import {
  ROUTINE_ERROR,
  getRecord,
  saveRecord,
  submitRecord,
  uploadRecordPhoto,
} from '../views/routines/modules/api'
import type { RecordIn, RiskListItem, RoutineKind, RoutineRecord } from '../views/routines/modules/api'
import { ApiError } from '@/shared/api/problem'
import { idbByIndex, idbDelete, idbGet, idbPut, idbUpdate } from './idb'
import { enqueue, getLocalPhoto, markPhotoUploaded, nowIso, removeOutboxEntry } from './records'
import type { LocalPhoto, OutboxEntry } from './records'

// ── what a record holds on the phone ──────────────────────────────────────────────────────────

export type DailyResult = 'ok' | 'problem'

/** One daily item of the 风险管控清单 and what the check found. */
export interface DailyEntry {
  item_id: string
  risk: string
  measures: string
  owner: string | null
  result: DailyResult | null
  problem: string
  action: string
  fixed: boolean
  problem_id: string | null
  photo_ids: string[]
}

export interface DailyDraft {
  items: DailyEntry[]
  note: string
}

export interface WeeklyProblemDraft {
  /** for lists on the page only */
  key: string
  /** a problem found in a daily record (or an earlier week); null for one found this week */
  problem_id: string | null
  description: string
  found_on: string | null
  analysis: string
  fixed: boolean
  measure: string
}

export interface WeeklyDraft {
  problems: WeeklyProblemDraft[]
  analysis: string
  fixed_summary: string
  remaining: string
}

export interface MonthlyDraft {
  meeting_date: string | null
  participants: { key: string; name: string; role: string }[]
  director_report: string
  decisions: { key: string; text: string; owner: string; due_on: string | null }[]
  next_focus: string
}

/**
 * - draft: being filled in; submitting: 提交 was tapped and waits in the outbox (the form is locked);
 * - submitted / returned / superseded: as the server has it.
 */
export type RoutineStatus = 'draft' | 'submitting' | 'submitted' | 'returned' | 'superseded'

export interface RoutineConflict {
  code: string
  message: string
  /** the record the server named: the other draft (DRAFT_EXISTS), the filed one (PERIOD_FILED), or this one */
  recordId: string | null
  serverVersion: number | null
}

export interface RoutineError {
  code: string
  message: string
  /** what the service said is still missing (ROUTINE_INCOMPLETE) */
  missing?: string[]
}

export interface LocalRoutine {
  id: string
  /** the username that filled it: each user sees and syncs only their own */
  owner: string
  enterpriseId: string
  kind: RoutineKind
  periodStart: string
  periodEnd: string
  dueOn: string | null
  /** the filed record this one corrects (更正) */
  supersedes: string | null
  revision: number | null
  filledByName: string
  filledByPerson: string | null
  daily: DailyDraft | null
  weekly: WeeklyDraft | null
  monthly: MonthlyDraft | null
  /** the 风险管控清单 version the daily items come from */
  listVersion: number | null
  /** the server's version this copy builds on; 0 while the server does not have it yet */
  serverVersion: number
  /** bodies of saves sent but never answered (a dropped connection): our own, if found on the server */
  sent: string[]
  rev: number
  syncedRev: number
  status: RoutineStatus
  conflict: RoutineConflict | null
  error: RoutineError | null
  problemCount: number
  onTime: boolean | null
  returnComment: string | null
  createdAt: string
  updatedAt: string
  submittedAt: string | null
  syncedAt: string | null
}

const MAX_UNANSWERED = 5

export const ROUTINE_ENTRY_KINDS = ['routine-save', 'routine-photo', 'routine-submit'] as const

export function isRoutineEntry(entry: Pick<OutboxEntry, 'kind'>): boolean {
  return entry.kind.startsWith('routine-')
}

// ── the body a save sends ─────────────────────────────────────────────────────────────────────

const text = (value: string | null | undefined): string | null => {
  const v = (value ?? '').trim()
  return v ? v : null
}

/**
 * The content as the service stores it (its Pydantic dump): rows the schema would refuse (a
 * weekly problem without a description, a participant without a name, a decision not yet
 * complete) stay on the phone and are not sent, so a half-typed row never blocks the sync.
 */
export function contentBody(r: Pick<LocalRoutine, 'kind' | 'daily' | 'weekly' | 'monthly'>): Record<string, unknown> {
  if (r.kind === 'daily') {
    const d = r.daily ?? { items: [], note: '' }
    return {
      items: d.items
        .filter((x) => x.result)
        .map((x) => ({
          item_id: x.item_id,
          result: x.result,
          problem: x.result === 'problem' ? text(x.problem) : null,
          action: x.result === 'problem' ? text(x.action) : null,
          fixed: x.result === 'problem' ? x.fixed : false,
          problem_id: x.result === 'problem' ? x.problem_id : null,
          photo_ids: [...x.photo_ids],
        })),
      note: text(d.note),
    }
  }
  if (r.kind === 'weekly') {
    const w = r.weekly ?? { problems: [], analysis: '', fixed_summary: '', remaining: '' }
    return {
      problems: w.problems
        .filter((p) => p.description.trim())
        .map((p) => ({
          problem_id: p.problem_id,
          description: p.description.trim(),
          analysis: text(p.analysis),
          fixed: p.fixed,
          measure: text(p.measure),
        })),
      analysis: text(w.analysis),
      fixed_summary: text(w.fixed_summary),
      remaining: text(w.remaining),
    }
  }
  const m = r.monthly ?? { meeting_date: null, participants: [], director_report: '', decisions: [], next_focus: '' }
  return {
    meeting_date: m.meeting_date,
    participants: m.participants.filter((p) => p.name.trim()).map((p) => ({ name: p.name.trim(), role: p.role.trim() })),
    director_report: text(m.director_report),
    decisions: m.decisions
      .filter((d) => d.text.trim() && d.owner.trim() && d.due_on)
      .map((d) => ({ text: d.text.trim(), owner: d.owner.trim(), due_on: d.due_on })),
    next_focus: text(m.next_focus),
  }
}

export function bodyOf(r: LocalRoutine): RecordIn {
  return {
    kind: r.kind,
    enterprise_id: r.enterpriseId,
    period_start: r.periodStart,
    base_version: r.serverVersion > 0 ? r.serverVersion : null,
    supersedes: r.supersedes,
    filled_by_name: text(r.filledByName),
    filled_by_person: r.filledByPerson,
    content: contentBody(r),
  } as RecordIn
}

/** JSON with sorted keys: what a save carried, comparable with the server's stored copy. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

const savedKey = (content: unknown, filledBy: string | null | undefined): string => canonical({ content, filled_by: filledBy ?? null })
const localKey = (r: LocalRoutine): string => savedKey(contentBody(r), text(r.filledByName))
const serverKey = (s: RoutineRecord): string => savedKey(s.content, s.filled_by_name)

// ── ids, new records and the server's copies ──────────────────────────────────────────────────

export function emptyContent(kind: RoutineKind): Pick<LocalRoutine, 'daily' | 'weekly' | 'monthly'> {
  return {
    daily: kind === 'daily' ? { items: [], note: '' } : null,
    weekly: kind === 'weekly' ? { problems: [], analysis: '', fixed_summary: '', remaining: '' } : null,
    monthly: kind === 'monthly' ? { meeting_date: null, participants: [], director_report: '', decisions: [], next_focus: '' } : null,
  }
}

export function dailyEntries(items: readonly RiskListItem[]): DailyEntry[] {
  return items
    .filter((i) => i.frequency === 'daily' && i.id)
    .map((i) => ({
      item_id: i.id ?? '',
      risk: i.risk,
      measures: i.measures,
      owner: i.owner ?? null,
      result: null,
      problem: '',
      action: '',
      fixed: false,
      problem_id: null,
      photo_ids: [],
    }))
}

interface ServerDaily {
  item_id: string
  result: DailyResult
  problem?: string | null
  action?: string | null
  fixed?: boolean
  problem_id?: string | null
  photo_ids?: string[]
}

/** The server's content as the form's drafts; daily items laid over the list's daily items. */
export function draftsFrom(kind: RoutineKind, content: Record<string, unknown>, listItems: readonly RiskListItem[], keyOf: () => string) {
  const drafts = emptyContent(kind)
  if (kind === 'daily' && drafts.daily) {
    const answers = new Map(((content.items as ServerDaily[] | undefined) ?? []).map((x) => [x.item_id, x]))
    const entries = dailyEntries(listItems)
    // an item answered against an older list still shows
    for (const [id] of answers) {
      if (!entries.some((e) => e.item_id === id)) {
        entries.push({ item_id: id, risk: id, measures: '', owner: null, result: null, problem: '', action: '', fixed: false, problem_id: null, photo_ids: [] })
      }
    }
    drafts.daily.items = entries.map((e) => {
      const a = answers.get(e.item_id)
      return a
        ? { ...e, result: a.result, problem: a.problem ?? '', action: a.action ?? '', fixed: !!a.fixed, problem_id: a.problem_id ?? null, photo_ids: [...(a.photo_ids ?? [])] }
        : e
    })
    drafts.daily.note = (content.note as string | null) ?? ''
  } else if (kind === 'weekly' && drafts.weekly) {
    type P = { problem_id?: string | null; description: string; analysis?: string | null; fixed?: boolean; measure?: string | null }
    drafts.weekly = {
      problems: ((content.problems as P[] | undefined) ?? []).map((p) => ({
        key: keyOf(),
        problem_id: p.problem_id ?? null,
        description: p.description,
        found_on: null,
        analysis: p.analysis ?? '',
        fixed: !!p.fixed,
        measure: p.measure ?? '',
      })),
      analysis: (content.analysis as string | null) ?? '',
      fixed_summary: (content.fixed_summary as string | null) ?? '',
      remaining: (content.remaining as string | null) ?? '',
    }
  } else if (drafts.monthly) {
    type Pa = { name: string; role?: string }
    type De = { text: string; owner: string; due_on: string }
    drafts.monthly = {
      meeting_date: (content.meeting_date as string | null) ?? null,
      participants: ((content.participants as Pa[] | undefined) ?? []).map((p) => ({ key: keyOf(), name: p.name, role: p.role ?? '' })),
      director_report: (content.director_report as string | null) ?? '',
      decisions: ((content.decisions as De[] | undefined) ?? []).map((d) => ({ key: keyOf(), text: d.text, owner: d.owner, due_on: d.due_on })),
      next_focus: (content.next_focus as string | null) ?? '',
    }
  }
  return drafts
}

const statusOf = (s: string): RoutineStatus =>
  s === 'submitted' || s === 'returned' || s === 'superseded' ? s : 'draft'

/** A local record from the server's copy (a draft continued on this phone, or a record shown). */
export function routineFromServer(s: RoutineRecord, owner: string, listItems: readonly RiskListItem[], keyOf: () => string): LocalRoutine {
  const now = nowIso()
  return {
    id: s.id,
    owner,
    enterpriseId: s.enterprise_id,
    kind: s.kind as RoutineKind,
    periodStart: s.period_start,
    periodEnd: s.period_end,
    dueOn: s.due_on,
    supersedes: s.supersedes,
    revision: s.revision,
    filledByName: s.filled_by_name ?? '',
    filledByPerson: null,
    ...draftsFrom(s.kind as RoutineKind, s.content, listItems, keyOf),
    listVersion: s.list_version,
    serverVersion: s.version,
    sent: [],
    rev: 0,
    syncedRev: 0,
    status: statusOf(s.status),
    conflict: null,
    error: null,
    problemCount: s.problem_count,
    onTime: s.on_time,
    returnComment: s.return_comment,
    createdAt: s.created_at,
    updatedAt: now,
    submittedAt: s.submitted_at,
    syncedAt: now,
  }
}

/** What the server's answer changes in the local copy (never what is being typed). */
function afterServer(x: LocalRoutine, s: RoutineRecord): LocalRoutine {
  return {
    ...x,
    serverVersion: s.version,
    periodStart: s.period_start,
    periodEnd: s.period_end,
    dueOn: s.due_on,
    revision: s.revision,
    listVersion: s.list_version ?? x.listVersion,
    problemCount: s.problem_count,
    onTime: s.on_time,
    returnComment: s.return_comment,
    submittedAt: s.submitted_at,
    status: s.status === 'draft' ? (x.status === 'submitting' ? 'submitting' : 'draft') : statusOf(s.status),
    sent: [],
    error: null,
    syncedAt: nowIso(),
  }
}

// ── the store ─────────────────────────────────────────────────────────────────────────────────

type Listener = (record: LocalRoutine) => void
const listeners = new Set<Listener>()

export function onRoutineChanged(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

function notify(record: LocalRoutine | undefined): void {
  if (record) for (const listener of listeners) listener(record)
}

export function getLocalRoutine(id: string): Promise<LocalRoutine | undefined> {
  return idbGet<LocalRoutine>('routines', id)
}

export function listLocalRoutines(owner: string): Promise<LocalRoutine[]> {
  return idbByIndex<LocalRoutine>('routines', 'owner', owner)
}

export async function putLocalRoutine(record: LocalRoutine): Promise<void> {
  await idbPut('routines', record)
  notify(record)
}

export async function updateLocalRoutine(id: string, change: (current: LocalRoutine) => LocalRoutine | null): Promise<LocalRoutine | undefined> {
  const record = await idbUpdate<LocalRoutine>('routines', id, change)
  notify(record)
  return record
}

/** Forget a local copy, its photos and what it still had to send. */
export async function deleteLocalRoutine(id: string): Promise<void> {
  for (const photo of await idbByIndex<LocalPhoto>('photos', 'inspectionId', id)) await idbDelete('photos', photo.id)
  for (const entry of await idbByIndex<OutboxEntry>('outbox', 'inspectionId', id)) await removeOutboxEntry(entry.seq)
  await idbDelete('routines', id)
}

/**
 * Keep a local record under another id (taking over the period's other draft): its photos and
 * the requests it still had to send follow it, in their order.
 */
export async function moveLocalRoutine(fromId: string, next: LocalRoutine): Promise<void> {
  await idbPut('routines', next)
  for (const photo of await idbByIndex<LocalPhoto>('photos', 'inspectionId', fromId)) await idbPut('photos', { ...photo, inspectionId: next.id })
  for (const entry of await idbByIndex<OutboxEntry>('outbox', 'inspectionId', fromId)) {
    if (entry.seq !== undefined) await idbUpdate<OutboxEntry>('outbox', entry.seq, (e) => ({ ...e, inspectionId: next.id }))
  }
  await idbDelete('routines', fromId)
  notify(next)
}

export async function routineOutbox(id: string): Promise<OutboxEntry[]> {
  return idbByIndex<OutboxEntry>('outbox', 'inspectionId', id)
}

/** One save per record waits at a time: it sends whatever the record holds when its turn comes. */
export async function ensureRoutineSaveQueued(owner: string, id: string): Promise<void> {
  if ((await routineOutbox(id)).some((e) => e.kind === 'routine-save')) return
  await enqueue({ owner, inspectionId: id, kind: 'routine-save' })
}

export async function queueRoutineSubmit(owner: string, id: string): Promise<void> {
  if ((await routineOutbox(id)).some((e) => e.kind === 'routine-submit')) return
  await enqueue({ owner, inspectionId: id, kind: 'routine-submit' })
}

export async function dropRoutineOutbox(id: string, kinds: readonly OutboxEntry['kind'][]): Promise<void> {
  for (const entry of await routineOutbox(id)) if (kinds.includes(entry.kind)) await removeOutboxEntry(entry.seq)
}

export type RoutineLocalState = 'draft' | 'pending' | 'submitting' | 'submitted' | 'conflict' | 'error'

export function routineStateOf(r: LocalRoutine, pending: number): RoutineLocalState {
  if (r.conflict) return 'conflict'
  if (r.error) return 'error'
  if (r.status === 'submitted' || r.status === 'returned' || r.status === 'superseded') return pending > 0 ? 'submitting' : 'submitted'
  if (r.status === 'submitting') return 'submitting'
  return pending > 0 || r.serverVersion === 0 || r.rev > r.syncedRev ? 'pending' : 'draft'
}

/** Local copies of records filed and sent more than this long ago are forgotten. */
const KEEP_FILED_MS = 14 * 24 * 3600 * 1000

export async function pruneLocalRoutines(owner: string): Promise<void> {
  const limit = Date.now() - KEEP_FILED_MS
  for (const r of await listLocalRoutines(owner)) {
    const filed = r.status !== 'draft' && r.status !== 'submitting'
    if (filed && r.syncedAt && Date.parse(r.syncedAt) < limit && (await routineOutbox(r.id)).length === 0) {
      await deleteLocalRoutine(r.id)
    }
  }
}

// ── the outbox steps (called by sync.ts) ──────────────────────────────────────────────────────

const CONFLICTS: readonly string[] = [ROUTINE_ERROR.conflict, ROUTINE_ERROR.draftExists, ROUTINE_ERROR.periodFiled, ROUTINE_ERROR.recordFiled]

function conflictOf(err: ApiError, fallbackId: string): RoutineConflict {
  const extra = err.problem.extra ?? {}
  return {
    code: err.code,
    message: err.message,
    recordId: typeof extra.record_id === 'string' ? extra.record_id : fallbackId,
    serverVersion: typeof extra.current_version === 'number' ? extra.current_version : null,
  }
}

async function hold(id: string, conflict: RoutineConflict): Promise<false> {
  await updateLocalRoutine(id, (x) => ({ ...x, conflict }))
  return false
}

/**
 * A stale base_version: the server's draft changed. Our own unanswered save (or the same
 * content) is no conflict — take its version and go on; anything else waits for the user.
 */
async function settleStale(r: LocalRoutine, err: ApiError): Promise<boolean> {
  const server = await getRecord(r.id, { silent: true })
  const theirs = serverKey(server)
  const mine = localKey(r)
  if (server.status === 'draft' && (theirs === mine || r.sent.includes(theirs))) {
    await updateLocalRoutine(r.id, (x) => ({ ...afterServer(x, server), syncedRev: theirs === mine ? x.rev : x.syncedRev }))
    return true
  }
  return hold(r.id, { ...conflictOf(err, r.id), serverVersion: server.version })
}

async function save(id: string, retried = false): Promise<boolean> {
  const r = await getLocalRoutine(id)
  if (!r) return false
  const body = bodyOf(r)
  const key = localKey(r)
  const sentRev = r.rev
  await updateLocalRoutine(id, (x) => ({ ...x, sent: [...(x.sent ?? []), key].slice(-MAX_UNANSWERED) }))
  try {
    const out = await saveRecord(id, body, { silent: true })
    await updateLocalRoutine(id, (x) => ({ ...afterServer(x, out), syncedRev: Math.max(x.syncedRev, sentRev) }))
    return true
  } catch (err) {
    if (!(err instanceof ApiError) || !CONFLICTS.includes(err.code)) throw err
    if (err.code === ROUTINE_ERROR.conflict && !retried) {
      if (!(await settleStale(r, err))) return false
      const next = await getLocalRoutine(id)
      return next && next.rev > next.syncedRev ? save(id, true) : true
    }
    return hold(id, conflictOf(err, id))
  }
}

async function ensureSaved(id: string): Promise<LocalRoutine | null> {
  const r = await getLocalRoutine(id)
  if (!r) return null
  if (r.serverVersion === 0 || r.rev > r.syncedRev) {
    if (!(await save(id))) return null
    return (await getLocalRoutine(id)) ?? null
  }
  return r
}

async function submit(id: string, retried = false): Promise<boolean> {
  const r = await ensureSaved(id)
  if (!r) return false
  if (r.status !== 'draft' && r.status !== 'submitting') return true // filed already
  try {
    const out = await submitRecord(id, r.serverVersion, { silent: true })
    await updateLocalRoutine(id, (x) => ({ ...afterServer(x, out), syncedRev: x.rev }))
    return true
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== ROUTINE_ERROR.conflict || retried) throw err
    if (!(await settleStale(r, err))) return false
    return submit(id, true)
  }
}

/** One routine outbox entry; false when the record is held for the user (a conflict). */
export async function performRoutine(entry: OutboxEntry): Promise<boolean> {
  const id = entry.inspectionId
  if (entry.kind === 'routine-save') {
    const r = await getLocalRoutine(id)
    if (!r || (r.status !== 'draft' && r.status !== 'submitting')) return true
    return r.serverVersion === 0 || r.rev > r.syncedRev ? save(id) : true
  }
  if (entry.kind === 'routine-photo') {
    const photo = entry.photoId ? await getLocalPhoto(entry.photoId) : undefined
    if (!photo || photo.uploaded) return true
    const r = await getLocalRoutine(id)
    if (!r) return true
    // The photo needs the draft on the server (a record started without a network).
    if (r.serverVersion === 0 && !(await save(id))) return false
    await uploadRecordPhoto(id, photo.id, photo.itemNo, photo.blob, photo.filename, { silent: true })
    await markPhotoUploaded(photo.id)
    return true
  }
  return submit(id)
}

/** The server refused (not a conflict): keep its words on the record for the user. */
export async function refusedRoutine(entry: OutboxEntry, err: ApiError, photoPrefix: (message: string) => string): Promise<void> {
  const missing = err.problem.extra?.missing
  await updateLocalRoutine(entry.inspectionId, (x) => ({
    ...x,
    error: {
      code: err.code,
      message: entry.kind === 'routine-photo' ? photoPrefix(err.message) : err.message,
      missing: Array.isArray(missing) ? missing.filter((m): m is string => typeof m === 'string') : undefined,
    },
    // A refused submit unlocks the form: the user completes it and submits again.
    status: entry.kind === 'routine-submit' && x.status === 'submitting' ? 'draft' : x.status,
  }))
  // A refused photo is not sent again (the photo stays on the phone, marked 待上传, to be removed).
  if (entry.kind === 'routine-submit' || entry.kind === 'routine-photo') await removeOutboxEntry(entry.seq)
}

/** Typed on while a save was on its way: one more save, after whatever is queued now. */
export async function afterRoutineStep(owner: string, id: string): Promise<void> {
  const r = await getLocalRoutine(id)
  if (r && r.status === 'draft' && r.rev > r.syncedRev) await ensureRoutineSaveQueued(owner, id)
}
