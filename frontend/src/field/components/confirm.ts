// A 确定 / 取消 question, answered as a boolean (Vant rejects on 取消).
import { showConfirmDialog } from 'vant'
import 'vant/es/dialog/style'
import { t } from '@/shared/i18n'

export async function confirmed(message: string, title?: string): Promise<boolean> {
  try {
    await showConfirmDialog({ title, message, confirmButtonText: t('common.confirm'), cancelButtonText: t('common.cancel') })
    return true
  } catch {
    return false
  }
}
