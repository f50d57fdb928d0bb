// The auditor's answer to one checklist item while it is being written, and how it compares with
// the item as saved and with the data's suggestion.
import type { AuditItem } from '../api'

export interface ItemDraft {
  implemented: boolean | null
  highlights: string
  correction_reason: string
}

export const draftOf = (item: AuditItem): ItemDraft => ({
  implemented: item.implemented,
  highlights: item.highlights ?? '',
  correction_reason: item.correction_reason ?? '',
})

/** The answer disagrees with the data's suggestion: a 更正理由 is required (AUDIT_CORRECTION_REASON_REQUIRED). */
export const differs = (item: Pick<AuditItem, 'suggested'>, draft: ItemDraft): boolean =>
  item.suggested !== null && draft.implemented !== null && draft.implemented !== item.suggested

export function sameDraft(a: ItemDraft, b: ItemDraft): boolean {
  return a.implemented === b.implemented && a.highlights.trim() === b.highlights.trim() && a.correction_reason.trim() === b.correction_reason.trim()
}

/** Whether the draft holds changes not saved yet (a reason no longer needed does not count). */
export function isDirty(item: AuditItem, draft: ItemDraft): boolean {
  const saved = draftOf(item)
  const reason = (d: ItemDraft) => (differs(item, d) ? d.correction_reason.trim() : '')
  return draft.implemented !== saved.implemented || draft.highlights.trim() !== saved.highlights.trim() || reason(draft) !== reason(saved)
}
