// 分级计算器: the form as data, its checks, and the request it makes.
import type { ClassifyIn, GradingUnitType } from '@/shared/api/grading'
import type { Problem } from '@/shared/api/problem'

export interface CalculatorForm {
  unit_types: GradingUnitType[]
  employees: string
  revenue_wan: string
}

export const emptyForm = (): CalculatorForm => ({ unit_types: [], employees: '', revenue_wan: '' })

export const INTEGER = /^\d{1,8}$/
export const DECIMAL = /^\d{1,12}(\.\d{1,2})?$/

export function toClassifyIn(form: CalculatorForm): ClassifyIn {
  const x = form.employees.trim()
  const y = form.revenue_wan.trim()
  return {
    unit_types: [...form.unit_types],
    employees: x === '' ? null : Number.parseInt(x, 10),
    revenue_wan: y === '' ? null : y,
  }
}

export type FieldErrors = Partial<Record<keyof CalculatorForm, string>>

/** A 422's messages under the form's fields (the service names them unit_types, employees, revenue_wan). */
export function fieldErrors(problem: Problem): FieldErrors {
  const out: FieldErrors = {}
  for (const e of problem.errors ?? []) {
    const field = e.field.split('.')[0]
    if (field === 'unit_types' || field === 'employees' || field === 'revenue_wan') out[field] ??= e.message
  }
  return out
}
