// 报备: statuses, the snapshot a filing keeps (per-county counts) and its columns.
import type { Filing } from '@/shared/api/filings'
import type { MessageKey } from '@/shared/i18n'
import type { TagType } from '../shared/ui'

export const FILING_STATUS: Record<string, { labelKey: MessageKey; tag: TagType }> = {
  submitted: { labelKey: 'archive.filings.statusLabel.submitted', tag: 'warning' },
  acknowledged: { labelKey: 'archive.filings.statusLabel.acknowledged', tag: 'success' },
  returned: { labelKey: 'archive.filings.statusLabel.returned', tag: 'danger' },
}

/** Columns of the survey statistics (附件3) shown from a filing's snapshot. */
export const SNAPSHOT_COLUMNS: readonly { key: string; labelKey: MessageKey }[] = [
  { key: 'total', labelKey: 'archive.filings.counts.total' },
  { key: 'production', labelKey: 'archive.filings.counts.production' },
  { key: 'wholesale', labelKey: 'archive.filings.counts.wholesale' },
  { key: 'retail', labelKey: 'archive.filings.counts.retail' },
  { key: 'licence', labelKey: 'archive.filings.counts.licence' },
  { key: 'ccc', labelKey: 'archive.filings.counts.ccc' },
  { key: 'director_required', labelKey: 'archive.filings.counts.director_required' },
  { key: 'director_missing', labelKey: 'archive.filings.counts.director_missing' },
  { key: 'officer_appointed', labelKey: 'archive.filings.counts.officer_appointed' },
  { key: 'abnormal', labelKey: 'archive.filings.counts.abnormal' },
]

export interface SnapshotRow {
  code: string
  counts: Record<string, number>
}

export interface Snapshot {
  asOf: string
  rows: SnapshotRow[]
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The filing's snapshot: `{by_county: {division_code: {column: count}}, as_of}`. Read defensively:
 * the OpenAPI document declares it as a free-form object (filings/router.py writes it).
 */
export function readSnapshot(filing: Pick<Filing, 'snapshot'>): Snapshot {
  const raw = filing.snapshot
  const byCounty = isRecord(raw.by_county) ? raw.by_county : {}
  const rows = Object.entries(byCounty)
    .filter((entry): entry is [string, Record<string, unknown>] => isRecord(entry[1]))
    .map(([code, values]) => ({
      code,
      counts: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'number' ? v : 0])),
    }))
    .sort((a, b) => a.code.localeCompare(b.code))
  return { asOf: typeof raw.as_of === 'string' ? raw.as_of : '', rows }
}

/** Year-month strings a period picker may not pass: this month and earlier only. */
export function futureMonth(date: Date): boolean {
  const now = new Date()
  return date.getFullYear() * 12 + date.getMonth() > now.getFullYear() * 12 + now.getMonth()
}
