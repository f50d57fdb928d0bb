import { createI18n } from 'vue-i18n'
import zhCN from './locales/zh-CN'

export type MessageSchema = typeof zhCN

export const i18n = createI18n<[MessageSchema], 'zh-CN', false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN },
})

/** Translate outside components (router titles, the request client). */
export const t = i18n.global.t

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>
}[keyof T & string]

/** Every message key, e.g. 'menu.dashboard'. */
export type MessageKey = Leaves<MessageSchema>
