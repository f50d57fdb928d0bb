// Opening a period's record on the phone: the local one if this phone has it, the server's if
// it is there (a draft is continued here, a filed one shown), otherwise a new local draft whose
// first save (queued at once) creates it on the server. Works without a network from what the
// phone keeps: the unit's 风险管控清单, its roster and the week's problems are cached.
import { ApiError } from '@/shared/api/problem'
import { newId, nowIso, readCache, writeCache } from '../../../offline/records'
import {
  dailyEntries,
  draftsFrom,
  emptyContent,
  ensureRoutineSaveQueued,
  listLocalRoutines,
  putLocalRoutine,
  routineFromServer,
} from '../../../offline/routines'
import type { DailyEntry, LocalRoutine, WeeklyProblemDraft } from '../../../offline/routines'
import { getRiskList, getRoster, listProblems, listRecords } from './api'
import type { RiskList, RiskListItem, RosterPerson, RoutineKind, RoutineRecord } from './api'
import { chinaToday, periodOf } from './dates'

/** No answer at all (no network, gateway down): use what the phone keeps. */
export function offlineError(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 0 || err.status === 408 || err.status >= 502)
}

export interface Cached<T> {
  value: T
  /** when it was fetched, if it comes from the phone's cache */
  cachedAt: string | null
}

/** Fetch and keep; without a network, what was kept last time (or the error). */
export async function cachedFetch<T>(key: string, fetcher: () => Promise<T>): Promise<Cached<T>> {
  if (navigator.onLine) {
    try {
      const value = await fetcher()
      await writeCache(key, value).catch(() => undefined)
      return { value, cachedAt: null }
    } catch (err) {
      if (!offlineError(err)) throw err
    }
  }
  const kept = await readCache<T>(key).catch(() => undefined)
  if (!kept) throw new ApiError({ type: 'about:blank', title: '', status: 0, detail: '', code: 'NETWORK_ERROR' })
  return { value: kept.value, cachedAt: kept.savedAt }
}

export const listKey = (enterpriseId: string) => `routine-list:${enterpriseId}`

export function loadRiskList(enterpriseId: string): Promise<Cached<RiskList | null>> {
  return cachedFetch(listKey(enterpriseId), () => getRiskList(enterpriseId, undefined, { silent: true }))
}

export function keepRiskList(list: RiskList): Promise<void> {
  return writeCache(listKey(list.enterprise_id), list).catch(() => undefined)
}

export function loadRoster(enterpriseId: string): Promise<Cached<RosterPerson[]>> {
  return cachedFetch(`routine-roster:${enterpriseId}`, () => getRoster(enterpriseId, { silent: true }))
}

/** The items a record's daily answers are laid over: the list version it used, else the current one. */
async function listItemsFor(enterpriseId: string, version: number | null): Promise<RiskListItem[]> {
  const current = (await loadRiskList(enterpriseId)).value
  if (!version || !current || current.version === version) return current?.items ?? []
  const old = await getRiskList(enterpriseId, version, { silent: true }).catch(() => null)
  return old?.items ?? current.items
}

/** A record from the server as a local copy (to continue a draft, or to show a filed one). */
export async function localFromServer(s: RoutineRecord, owner: string): Promise<LocalRoutine> {
  const items = s.kind === 'daily' ? await listItemsFor(s.enterprise_id, s.list_version) : []
  return routineFromServer(s, owner, items, newId)
}

/** The week's problems: still open ones found up to its end, and every one found within it. */
export async function weekProblems(enterpriseId: string, start: string, end: string): Promise<Cached<WeeklyProblemDraft[]>> {
  const found = await cachedFetch(`routine-problems:${enterpriseId}:${start}`, async () => {
    const [open, week] = await Promise.all([
      listProblems(enterpriseId, { closed: false, last: end }, { silent: true }),
      listProblems(enterpriseId, { first: start, last: end }, { silent: true }),
    ])
    const byId = new Map([...open, ...week].map((p) => [p.id, p]))
    return [...byId.values()].sort((a, b) => a.found_on.localeCompare(b.found_on))
  })
  return {
    cachedAt: found.cachedAt,
    value: found.value.map((p) => ({
      key: newId(),
      problem_id: p.id,
      description: p.description,
      found_on: p.found_on,
      analysis: '',
      fixed: p.closed,
      measure: p.action ?? '',
    })),
  }
}

export type RefusedReason = 'no-list' | 'future'

/** Why a record could not be opened. */
export class OpenRefused extends Error {
  constructor(readonly reason: RefusedReason) {
    super(reason)
  }
}

function newLocal(owner: string, enterpriseId: string, kind: RoutineKind, start: string, end: string): LocalRoutine {
  const now = nowIso()
  return {
    id: newId(),
    owner,
    enterpriseId,
    kind,
    periodStart: start,
    periodEnd: end,
    dueOn: null,
    supersedes: null,
    revision: null,
    filledByName: '',
    filledByPerson: null,
    ...emptyContent(kind),
    listVersion: null,
    serverVersion: 0,
    sent: [],
    rev: 1,
    syncedRev: 0,
    status: 'draft',
    conflict: null,
    error: null,
    problemCount: 0,
    onTime: null,
    returnComment: null,
    createdAt: now,
    updatedAt: now,
    submittedAt: null,
    syncedAt: null,
  }
}

/** Who filled the last record of this kind on this phone: offered again. */
async function lastFiller(owner: string, enterpriseId: string, kind: RoutineKind): Promise<Pick<LocalRoutine, 'filledByName' | 'filledByPerson'>> {
  const mine = (await listLocalRoutines(owner))
    .filter((r) => r.enterpriseId === enterpriseId && r.kind === kind && r.filledByName)
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
  return { filledByName: mine[0]?.filledByName ?? '', filledByPerson: mine[0]?.filledByPerson ?? null }
}

async function dailyFromList(enterpriseId: string): Promise<{ items: DailyEntry[]; version: number }> {
  const list = (await loadRiskList(enterpriseId)).value
  const items = list ? dailyEntries(list.items) : []
  if (!list || items.length === 0) throw new OpenRefused('no-list')
  return { items, version: list.version }
}

async function create(owner: string, enterpriseId: string, kind: RoutineKind, start: string, end: string): Promise<LocalRoutine> {
  const record = { ...newLocal(owner, enterpriseId, kind, start, end), ...(await lastFiller(owner, enterpriseId, kind)) }
  if (kind === 'daily' && record.daily) {
    const { items, version } = await dailyFromList(enterpriseId)
    record.daily.items = items
    record.listVersion = version
  } else if (kind === 'weekly' && record.weekly) {
    record.weekly.problems = (await weekProblems(enterpriseId, start, end).catch(() => null))?.value ?? []
  }
  await putLocalRoutine(record)
  await ensureRoutineSaveQueued(owner, record.id)
  return record
}

/** The server's current record of a period (draft, submitted or returned), if it can be asked. */
async function serverCurrent(kind: RoutineKind, start: string): Promise<RoutineRecord | null> {
  if (!navigator.onLine) return null
  try {
    const page = await listRecords({ kind, first: start, last: start, status: 'current', size: 10 }, { silent: true })
    return page.items.find((x) => x.period_start === start && x.status === 'draft') ?? page.items.find((x) => x.period_start === start) ?? null
  } catch (err) {
    if (offlineError(err)) return null
    throw err
  }
}

/**
 * The id of the record to open for `kind` on `day`: the phone's own unfinished one, the server's
 * current one (a draft continued here; a filed one shown), or a new draft.
 */
export async function openPeriod(owner: string, enterpriseId: string, kind: RoutineKind, day: string): Promise<string> {
  const { start, end } = periodOf(kind, day)
  if (start > chinaToday()) throw new OpenRefused('future')
  const mine = (await listLocalRoutines(owner)).filter((r) => r.enterpriseId === enterpriseId && r.kind === kind && r.periodStart === start)
  const open = mine.find((r) => r.status === 'draft' || r.status === 'submitting')
  if (open) return open.id
  const current = await serverCurrent(kind, start)
  if (current) {
    if (current.status === 'draft') await putLocalRoutine(await localFromServer(current, owner))
    return current.id
  }
  if (!navigator.onLine) {
    const filed = mine.find((r) => r.status === 'submitted' || r.status === 'returned')
    if (filed) return filed.id
  }
  return (await create(owner, enterpriseId, kind, start, end)).id
}

/**
 * A correction (更正) of a filed record: a new draft of the same period with the record's content,
 * `supersedes` naming it. An unfinished correction of it is continued instead.
 */
export async function startCorrection(owner: string, filed: RoutineRecord): Promise<string> {
  const mine = await listLocalRoutines(owner)
  const open = mine.find((r) => r.supersedes === filed.id && (r.status === 'draft' || r.status === 'submitting'))
  if (open) return open.id
  const kind = filed.kind as RoutineKind
  const current = await serverCurrent(kind, filed.period_start)
  if (current && current.status === 'draft') {
    await putLocalRoutine(await localFromServer(current, owner))
    return current.id
  }
  const record = newLocal(owner, filed.enterprise_id, kind, filed.period_start, filed.period_end)
  record.supersedes = filed.id
  record.revision = filed.revision + 1
  record.dueOn = filed.due_on
  record.filledByName = filed.filled_by_name ?? ''
  let items: RiskListItem[] = []
  if (kind === 'daily') {
    const list = (await loadRiskList(filed.enterprise_id)).value
    if (!list) throw new OpenRefused('no-list')
    items = list.items
    record.listVersion = list.version
  }
  Object.assign(record, draftsFrom(kind, filed.content, items, newId))
  if (record.daily) {
    // answered against an item the current list no longer has: the service would refuse it
    const known = new Set(items.map((i) => i.id))
    // the photos stay with the record they were taken for
    record.daily.items = record.daily.items.filter((x) => known.has(x.item_id)).map((x) => ({ ...x, photo_ids: [] }))
  }
  await putLocalRoutine(record)
  await ensureRoutineSaveQueued(owner, record.id)
  return record.id
}

/** The enterprise the signed-in enterprise user belongs to. */
export function enterpriseOf(me: { enterprise_id?: string | null } | null): string {
  return me?.enterprise_id ?? ''
}

export type { DailyEntry }
