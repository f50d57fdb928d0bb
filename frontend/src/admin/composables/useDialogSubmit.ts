import { nextTick, ref, watch } from 'vue'
import type { Ref } from 'vue'
import type { FormInstance } from 'element-plus'
import { ApiError } from '@/shared/api/problem'
import type { Problem } from '@/shared/api/problem'
import { formProblemText } from '@/admin/views/archive/shared/ui'

export interface DialogSubmitOptions {
  /** the dialog's el-form (bound with ref="formRef" in its template) */
  formRef: Ref<FormInstance | undefined>
  /** the dialog's open state: each time it opens, the form is reset */
  open: () => boolean
  /** fills the model for a fresh dialog (may first wait for reference data) */
  reset: () => void | Promise<void>
  /** also reset on mount, for a dialog that may be created already open */
  immediate?: boolean
  /** clear the previous server error when a new submit starts (default true) */
  clearErrorOnSubmit?: boolean
  /** how a refusal is worded above the form (default: the archive's field names, formProblemText) */
  problemText?: (problem: Problem) => string
}

export interface SubmitSteps<T> {
  /** sends the form; runs only once the form validates */
  save: () => Promise<T>
  /** after a successful save */
  saved: (result: T) => void
  /** an API error code handled by the dialog itself (e.g. a version conflict) instead of shown in the form */
  conflict?: { code: string; handle: () => void }
}

export interface DialogSubmit {
  saving: Ref<boolean>
  /** the API's refusal, worded for the form (shown above it) */
  serverError: Ref<string>
  run: <T>(steps: SubmitSteps<T>) => Promise<void>
}

/** The validate → save → show-the-API-error cycle the archive dialogs share. */
export function useDialogSubmit(options: DialogSubmitOptions): DialogSubmit {
  const { formRef } = options
  const saving = ref(false)
  const serverError = ref('')

  watch(
    options.open,
    async (open) => {
      if (!open) return
      const pending = options.reset()
      if (pending) await pending
      serverError.value = ''
      await nextTick()
      formRef.value?.clearValidate()
    },
    { immediate: options.immediate ?? false },
  )

  async function run<T>(steps: SubmitSteps<T>): Promise<void> {
    const valid = await formRef.value?.validate().catch(() => false)
    if (!valid) return
    saving.value = true
    if (options.clearErrorOnSubmit !== false) serverError.value = ''
    try {
      steps.saved(await steps.save())
    } catch (err) {
      if (err instanceof ApiError && steps.conflict && err.code === steps.conflict.code) {
        steps.conflict.handle()
      } else if (err instanceof ApiError) {
        serverError.value = (options.problemText ?? formProblemText)(err.problem)
      }
    } finally {
      saving.value = false
    }
  }

  return { saving, serverError, run }
}
