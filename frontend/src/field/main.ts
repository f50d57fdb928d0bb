import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { Locale, showToast } from 'vant'
import zhCN from 'vant/es/locale/lang/zh-CN'
import 'vant/es/toast/style'
import App from './App.vue'
import { router } from './router'
import { configureClient } from '@/shared/api/client'
import { i18n } from '@/shared/i18n'
import { useAuthStore } from '@/shared/stores/auth'
import { startSync, syncNow } from './offline/sync'
import '@/shared/styles/base.css'
import './styles/field.css'

Locale.use('zh-CN', zhCN)

const pinia = createPinia()
const app = createApp(App)
app.use(pinia).use(i18n).use(router)

configureClient({
  notify: (message) => showToast({ message, wordBreak: 'break-word' }),
  onSessionEnded: (reason) => {
    useAuthStore(pinia).reset()
    const current = router.currentRoute.value
    if (current.name === 'login') return
    void router.replace({ name: 'login', query: { reason, redirect: current.fullPath } })
  },
})

app.mount('#app')

// Inspections (and an enterprise's routine records) filled without a network wait in IndexedDB;
// send them whenever there is one.
const auth = useAuthStore(pinia)
const keepsWork = (): boolean => !!auth.me && (auth.me.permissions.includes('inspection:execute') || auth.me.roles.includes('enterprise_user'))
startSync(() => (auth.me && keepsWork() ? auth.me.username : null))
void router.isReady().then(() => syncNow())

// The app shell and its files are kept by a service worker, so the app opens on site without a network.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('/field/sw.js', { scope: '/field/' }).catch(() => undefined)
}
