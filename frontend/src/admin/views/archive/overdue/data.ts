// 超期清单: the two kinds of overdue item and the table's columns.
import type { OverdueItem, OverdueKind } from '@/shared/api/overdue'
import { formatDate } from '@/shared/archive/format'
import type { MessageKey } from '@/shared/i18n'
import type { ColumnDef } from '../shared/ui'

export const OVERDUE_TABS: readonly { kind: OverdueKind; titleKey: MessageKey; hintKey: MessageKey }[] = [
  { kind: 'archiving', titleKey: 'archive.overdue.tabArchiving', hintKey: 'archive.overdue.hintArchiving' },
  { kind: 'responsible', titleKey: 'archive.overdue.tabResponsible', hintKey: 'archive.overdue.hintResponsible' },
]

export function isOverdueKind(value: string): value is OverdueKind {
  return OVERDUE_TABS.some((tab) => tab.kind === value)
}

export const OVERDUE_COLUMNS: readonly ColumnDef<OverdueItem>[] = [
  { key: 'kind_label', labelKey: 'archive.overdue.kind', width: 170, format: (r) => r.kind_label },
  { key: 'enterprise', labelKey: 'archive.overdue.enterprise', minWidth: 240 },
  { key: 'credit_code', labelKey: 'archive.overdue.creditCode', width: 200 },
  { key: 'place', labelKey: 'archive.overdue.place', minWidth: 170 },
  { key: 'since', labelKey: 'archive.overdue.since', width: 120, format: (r) => formatDate(r.since) },
  { key: 'deadline', labelKey: 'archive.overdue.deadline', width: 120, format: (r) => formatDate(r.deadline) },
  { key: 'days_overdue', labelKey: 'archive.overdue.daysOverdue', width: 140, align: 'center' },
]
