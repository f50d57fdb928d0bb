// The state of one audit on its page: the audit as the service last sent it, the auditor's
// unsaved answers per item (kept across reloads, so a version conflict loses nothing), and the
// actions — save an item or the conclusion (with the version the edit was based on), 重新取数,
// evidence, 提交.
import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError, problemMessage } from '@/shared/api/problem'
import type { StoredFile } from '../../shared/api'
import { deleteEvidence, downloadEvidence, getAudit, refreshAudit, setItem, submitAudit, updateAudit, uploadEvidence } from '../api'
import type { Audit } from '../api'
import { differs, draftOf, isDirty } from './draft'
import type { ItemDraft } from './draft'

const VERSION_CONFLICT = 'AUDIT_VERSION_CONFLICT'

export function useAuditEditor(id: () => string) {
  const { t } = useI18n()
  const audit = ref<Audit | null>(null)
  const drafts = ref<Record<string, ItemDraft>>({})
  const errors = ref<Record<string, string>>({})
  const saving = ref<string | null>(null)
  const conclusionError = ref('')
  const missing = ref<Set<string>>(new Set())
  const busy = ref<'refresh' | 'submit' | 'conclusion' | null>(null)
  const loading = ref(true)
  const failure = ref<'not-found' | 'error' | null>(null)

  const editable = computed(() => !!audit.value?.can_edit)
  const dirtyCodes = computed(() => (audit.value?.items ?? []).filter((i) => drafts.value[i.code] && isDirty(i, drafts.value[i.code]!)).map((i) => i.code))

  /** Take the service's audit; answers being written stay, except `reset` (just saved). */
  function apply(next: Audit, reset: string | null = null): void {
    const kept: Record<string, ItemDraft> = {}
    const before = new Map((audit.value?.items ?? []).map((i) => [i.code, i]))
    for (const item of next.items) {
      const draft = drafts.value[item.code]
      const old = before.get(item.code)
      const unsaved = draft && old && isDirty(old, draft)
      kept[item.code] = unsaved && item.code !== reset ? draft : draftOf(item)
    }
    drafts.value = kept
    audit.value = next
    missing.value = new Set([...missing.value].filter((code) => next.items.find((i) => i.code === code)?.implemented === null))
  }

  async function load(): Promise<void> {
    loading.value = true
    try {
      apply(await getAudit(id(), { silent: true }))
      failure.value = null
    } catch (err) {
      failure.value = err instanceof ApiError && err.status === 404 ? 'not-found' : 'error'
      if (err instanceof ApiError && err.status !== 404) ElMessage.error(err.message)
    } finally {
      loading.value = false
    }
  }

  /** Someone saved the audit meanwhile: show theirs, keep ours unsaved, say so. */
  async function onConflict(): Promise<void> {
    ElMessage.warning({ message: t('audit.detail.conflict'), duration: 6000 })
    await load()
  }

  async function saveItem(code: string): Promise<void> {
    const current = audit.value
    const item = current?.items.find((i) => i.code === code)
    const draft = drafts.value[code]
    if (!current || !item || !draft) return
    saving.value = code
    errors.value = { ...errors.value, [code]: '' }
    try {
      const next = await setItem(
        current.id,
        code,
        {
          implemented: draft.implemented,
          highlights: draft.highlights.trim() || null,
          correction_reason: differs(item, draft) ? draft.correction_reason.trim() || null : null,
          base_version: current.version,
        },
        { silent: true },
      )
      apply(next, code)
      ElMessage.success(t('audit.item.saved', { code }))
    } catch (err) {
      if (err instanceof ApiError && err.code === VERSION_CONFLICT) await onConflict()
      else if (err instanceof ApiError) errors.value = { ...errors.value, [code]: problemMessage(err.problem) }
    } finally {
      saving.value = null
    }
  }

  async function saveConclusion(text: string): Promise<void> {
    const current = audit.value
    if (!current) return
    busy.value = 'conclusion'
    conclusionError.value = ''
    try {
      apply(await updateAudit(current.id, { conclusion: text || null, base_version: current.version }, { silent: true }))
      ElMessage.success(t('audit.conclusion.saved'))
    } catch (err) {
      if (err instanceof ApiError && err.code === VERSION_CONFLICT) await onConflict()
      else if (err instanceof ApiError) conclusionError.value = problemMessage(err.problem)
    } finally {
      busy.value = null
    }
  }

  async function refresh(): Promise<void> {
    if (!audit.value) return
    busy.value = 'refresh'
    try {
      apply(await refreshAudit(audit.value.id))
      ElMessage.success(t('audit.detail.refreshed'))
    } catch {
      // shown by the client
    } finally {
      busy.value = null
    }
  }

  /** 提交 after a confirmation; a refusal names the items still unanswered, which are marked. */
  async function submit(conclusionDirty: boolean): Promise<void> {
    const current = audit.value
    if (!current) return
    const unsaved = dirtyCodes.value.length + (conclusionDirty ? 1 : 0)
    try {
      await ElMessageBox.confirm(
        unsaved ? t('audit.submit.confirmUnsaved', { count: unsaved }) : t('audit.submit.confirm', { target: current.target_name }),
        t('audit.submit.title'),
        { type: 'warning', confirmButtonText: t('audit.submit.button'), cancelButtonText: t('common.cancel') },
      )
    } catch {
      return
    }
    busy.value = 'submit'
    try {
      apply(await submitAudit(current.id, { silent: true }))
      missing.value = new Set()
      ElMessage.success(t('audit.submit.done'))
    } catch (err) {
      if (!(err instanceof ApiError)) return
      if (err.code === 'AUDIT_INCOMPLETE') missing.value = new Set(err.problem.detail.match(/\d+\.\d+/g) ?? [])
      await ElMessageBox.alert(problemMessage(err.problem), t('audit.submit.refused'), { type: 'error', confirmButtonText: t('common.confirm') }).catch(() => undefined)
      if (missing.value.size) document.querySelector(`[data-testid="audit-item-${[...missing.value][0]}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'center' })
    } finally {
      busy.value = null
    }
  }

  async function upload(file: File, itemCode: string | null): Promise<void> {
    if (audit.value) await uploadEvidence(audit.value.id, file, itemCode)
  }

  async function afterUpload(): Promise<void> {
    if (audit.value) apply(await getAudit(audit.value.id).catch(() => audit.value!))
  }

  async function remove(file: StoredFile): Promise<void> {
    const current = audit.value
    if (!current) return
    try {
      await ElMessageBox.confirm(t('audit.files.deleteConfirm', { name: file.filename }), t('audit.files.delete'), {
        type: 'warning',
        confirmButtonText: t('audit.files.delete'),
        cancelButtonText: t('common.cancel'),
      })
    } catch {
      return
    }
    try {
      await deleteEvidence(current.id, file.id)
      ElMessage.success(t('audit.files.deleted'))
      await afterUpload()
    } catch {
      // shown by the client
    }
  }

  function download(file: StoredFile): void {
    if (audit.value) downloadEvidence(audit.value.id, file).catch(() => undefined)
  }

  return {
    audit,
    drafts,
    errors,
    saving,
    conclusionError,
    missing,
    busy,
    loading,
    failure,
    editable,
    dirtyCodes,
    load,
    saveItem,
    saveConclusion,
    refresh,
    submit,
    upload,
    afterUpload,
    remove,
    download,
  }
}
