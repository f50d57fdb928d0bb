import type { MessageSchema } from '@/shared/i18n'

declare module 'vue-i18n' {
  // Typed message keys for useI18n().t and $t.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends MessageSchema {}
}
