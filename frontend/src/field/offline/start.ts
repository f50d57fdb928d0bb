// Starting an inspection of a unit: online, the server makes the checklist (附件5-1 / 5-2 with
// the unit's own key risk points as the last section); without a network, the phone builds the
// same checklist from the templates and risk points it cached, and the first sync creates it.
import { getEnterprise } from '@/shared/api/enterprises'
import { listRiskPoints, listTemplates, saveInspection } from '@/shared/api/inspection'
import type { RiskPoint, Template } from '@/shared/api/inspection'
import { ApiError } from '@/shared/api/problem'
import { todayIso } from '@/shared/archive/format'
import {
  ensureSaveQueued,
  fromServer,
  listLocalInspections,
  newId,
  nowIso,
  putLocalInspection,
  readCache,
  writeCache,
} from './records'
import type { DraftItem, LocalInspection } from './records'

const TEMPLATES_KEY = 'templates'
const unitKey = (id: string) => `unit:${id}`

export interface CachedUnit {
  id: string
  name: string
  creditCode: string
  unitTypes: string[]
  riskPoints: Pick<RiskPoint, 'id' | 'text'>[]
}

export interface StartRequest {
  enterpriseId: string
  enterpriseName: string
  creditCode?: string
  taskId?: string | null
  taskReason?: string | null
}

/** Why an inspection could not be started. */
export class StartRefused extends Error {}

function offlineError(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 0 || err.status === 408 || err.status >= 502)
}

/** Keep the current templates for starting inspections without a network. */
export async function cacheTemplates(): Promise<void> {
  try {
    await writeCache<Template[]>(TEMPLATES_KEY, await listTemplates({ silent: true }))
  } catch {
    // kept from last time
  }
}

/** Keep what building a unit's checklist needs: its types (producer or seller) and risk points. */
export async function cacheUnit(unit: Omit<CachedUnit, 'riskPoints' | 'unitTypes'> & { unitTypes?: string[] }): Promise<void> {
  try {
    const [types, points] = await Promise.all([
      unit.unitTypes ? Promise.resolve(unit.unitTypes) : getEnterprise(unit.id, { silent: true }).then((e) => e.unit_types as string[]),
      listRiskPoints(unit.id, false, { silent: true }),
    ])
    await writeCache<CachedUnit>(unitKey(unit.id), {
      id: unit.id,
      name: unit.name,
      creditCode: unit.creditCode,
      unitTypes: types,
      riskPoints: points.map((p) => ({ id: p.id, text: p.text })),
    })
  } catch {
    // kept from last time
  }
}

/** The server's rule (inspections/service.py): the last section lists the unit's own risk points. */
export function buildChecklist(template: Template, points: readonly Pick<RiskPoint, 'text'>[]): DraftItem[] {
  const items: DraftItem[] = []
  for (const ti of template.items) {
    const base = { section_no: ti.section_no, section_title: ti.section_title, result: null, remark: '' }
    if (ti.unit_section && points.length > 0) {
      points.forEach((p, n) => items.push({ ...base, item_no: `${ti.section_no}.${n + 1}`, text: p.text }))
    } else {
      items.push({ ...base, item_no: ti.item_no, text: ti.text })
    }
  }
  return items
}

/** The unfinished local inspection of this unit (and task), to continue instead of starting another. */
export async function findOpenInspection(owner: string, enterpriseId: string, taskId?: string | null): Promise<LocalInspection | undefined> {
  const mine = await listLocalInspections(owner)
  const open = mine
    .filter((d) => d.enterpriseId === enterpriseId && d.status !== 'submitted')
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
  return open.find((d) => (taskId ? d.taskId === taskId : true)) ?? open.find((d) => !d.taskId)
}

async function startOffline(owner: string, req: StartRequest, id: string): Promise<LocalInspection> {
  const [templates, unit] = await Promise.all([
    readCache<Template[]>(TEMPLATES_KEY),
    readCache<CachedUnit>(unitKey(req.enterpriseId)),
  ])
  if (!templates || !unit) throw new StartRefused('offline-uncached')
  const kind = unit.value.unitTypes.includes('production') ? 'producer' : 'seller'
  const template = templates.value.find((x) => x.kind === kind)
  if (!template) throw new StartRefused('offline-uncached')
  const now = nowIso()
  const record: LocalInspection = {
    id,
    owner,
    enterpriseId: req.enterpriseId,
    enterpriseName: req.enterpriseName || unit.value.name,
    creditCode: req.creditCode || unit.value.creditCode,
    taskId: req.taskId ?? null,
    taskReason: req.taskReason ?? null,
    templateCode: template.code,
    templateVersion: template.version,
    templateTitle: template.title,
    levelGrade: null,
    inspectedOn: todayIso(),
    responsibleDepartment: '',
    contact: '',
    items: buildChecklist(template, unit.value.riskPoints),
    risks: [],
    deadlineDays: 15,
    serverVersion: 0,
    base: null,
    sent: [],
    rev: 1,
    syncedRev: 0,
    status: 'draft',
    conflict: null,
    error: null,
    findings: null,
    createdAt: now,
    updatedAt: now,
    submittedAt: null,
    syncedAt: null,
  }
  await putLocalInspection(record)
  await ensureSaveQueued(owner, id)
  return record
}

/**
 * Continue the unit's unfinished inspection, or start one: on the server when it can be reached,
 * otherwise on the phone (from the cached checklist), to be created on the server by the outbox.
 */
export async function startInspection(owner: string, req: StartRequest): Promise<{ record: LocalInspection; resumed: boolean }> {
  const open = await findOpenInspection(owner, req.enterpriseId, req.taskId)
  if (open) return { record: open, resumed: true }
  const id = newId()
  if (!navigator.onLine) return { record: await startOffline(owner, req, id), resumed: false }
  try {
    const created = await saveInspection(
      id,
      { enterprise_id: req.enterpriseId, task_id: req.taskId ?? null, base_version: 0, inspected_on: todayIso(), items: [] },
      { silent: true },
    )
    const record = fromServer(created, owner, { taskReason: req.taskReason })
    await putLocalInspection(record)
    return { record, resumed: false }
  } catch (err) {
    if (offlineError(err)) return { record: await startOffline(owner, req, id), resumed: false }
    throw err
  }
}
