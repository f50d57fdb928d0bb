// 分级规则: rule sets grouped by kind, their state, their bounds as a table, the new-set form.
import type { RuleKind, RuleSet, RuleSetIn } from '@/shared/api/grading'
import { todayIso } from '@/shared/archive/format'
import { GRADING_UNIT_TYPES } from '@/shared/grading/labels'
import type { GradingUnitType } from '@/shared/api/grading'
import type { MessageKey } from '@/shared/i18n'

export const RULE_KINDS: readonly RuleKind[] = ['grade', 'statistical_size', 'large_or_medium']

export const KIND_LABEL: Record<RuleKind, MessageKey> = {
  grade: 'grading.rules.dialog.kindGrade',
  statistical_size: 'grading.rules.dialog.kindSize',
  large_or_medium: 'grading.rules.dialog.kindLargeOrMedium',
}

export const KIND_HINT: Record<RuleKind, MessageKey> = {
  grade: 'grading.rules.kindHint.grade',
  statistical_size: 'grading.rules.kindHint.statistical_size',
  large_or_medium: 'grading.rules.kindHint.large_or_medium',
}

/** How many tiers a kind's bounds have per unit type (the bottom tier is what is left). */
export const TIER_COUNT: Record<RuleKind, number> = { grade: 3, statistical_size: 3, large_or_medium: 1 }

/** Whether a tier needs both indicators (statistical size) or either (the others). */
export const NEEDS_BOTH: Record<RuleKind, boolean> = { grade: false, statistical_size: true, large_or_medium: false }

export function isRuleKind(value: string): value is RuleKind {
  return (RULE_KINDS as readonly string[]).includes(value)
}

export interface KindGroup {
  kind: RuleKind
  sets: RuleSet[]
}

/** The rule sets under their kind, newest first; kinds without sets are left out. */
export function groupByKind(sets: readonly RuleSet[]): KindGroup[] {
  return RULE_KINDS.map((kind) => ({
    kind,
    sets: sets.filter((s) => s.kind === kind).sort((a, b) => b.effective_from.localeCompare(a.effective_from)),
  })).filter((group) => group.sets.length > 0)
}

export type RuleState = 'inEffect' | 'pending' | 'superseded'

export function ruleState(set: RuleSet, today = todayIso()): RuleState {
  if (set.in_effect) return 'inEffect'
  return set.effective_from > today ? 'pending' : 'superseded'
}

export const RULE_STATE_TAG: Record<RuleState, 'success' | 'warning' | 'info'> = {
  inEffect: 'success',
  pending: 'warning',
  superseded: 'info',
}

/** One tier's lower bounds as the form holds them (text, so a field may be empty while typing). */
export interface TierDraft {
  x_min: string
  y_min: string
}

export interface RuleSetDraft {
  code: string
  kind: RuleKind
  title: string
  effective_from: string
  note: string
  bounds: Record<GradingUnitType, TierDraft[]>
}

const emptyTiers = (n: number): TierDraft[] => Array.from({ length: n }, () => ({ x_min: '', y_min: '' }))

/** A fresh draft of `kind`, prefilled from the set in effect (its bounds are what usually change a little). */
export function draftFor(kind: RuleKind, current: RuleSet | undefined): RuleSetDraft {
  const n = TIER_COUNT[kind]
  const bounds = Object.fromEntries(
    GRADING_UNIT_TYPES.map((type) => {
      const tiers = current?.bounds[type]
      const drafts = tiers && tiers.length === n
        ? tiers.map((tier) => ({ x_min: String(tier.x_min), y_min: String(Number(tier.y_min)) }))
        : emptyTiers(n)
      return [type, drafts]
    }),
  ) as Record<GradingUnitType, TierDraft[]>
  return { code: '', kind, title: current?.title ?? '', effective_from: todayIso(), note: '', bounds }
}

export const INTEGER = /^\d{1,8}$/
export const DECIMAL = /^\d{1,12}(\.\d{1,2})?$/

/** The unit types whose tiers are incomplete or not strictly decreasing, or [] when the bounds are good. */
export function boundsProblems(draft: RuleSetDraft): { type: GradingUnitType; kind: 'missing' | 'order' }[] {
  const problems: { type: GradingUnitType; kind: 'missing' | 'order' }[] = []
  for (const type of GRADING_UNIT_TYPES) {
    const tiers = draft.bounds[type]
    if (tiers.some((tier) => !INTEGER.test(tier.x_min.trim()) || !DECIMAL.test(tier.y_min.trim()))) {
      problems.push({ type, kind: 'missing' })
      continue
    }
    for (let i = 1; i < tiers.length; i++) {
      const hi = tiers[i - 1]
      const lo = tiers[i]
      if (hi && lo && !(Number(hi.x_min) > Number(lo.x_min) && Number(hi.y_min) > Number(lo.y_min))) {
        problems.push({ type, kind: 'order' })
        break
      }
    }
  }
  return problems
}

export function toRuleSetIn(draft: RuleSetDraft): RuleSetIn {
  const bounds = Object.fromEntries(
    GRADING_UNIT_TYPES.map((type) => [
      type,
      draft.bounds[type].map((tier) => ({ x_min: Number.parseInt(tier.x_min.trim(), 10), y_min: tier.y_min.trim() })),
    ]),
  )
  return {
    code: draft.code.trim(),
    kind: draft.kind,
    title: draft.title.trim(),
    effective_from: draft.effective_from,
    note: draft.note.trim() || null,
    bounds,
  }
}
