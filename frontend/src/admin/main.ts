import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'
import { configureClient } from '@/shared/api/client'
import { vAccess } from '@/shared/auth/access'
import { i18n } from '@/shared/i18n'
import { useAuthStore } from '@/shared/stores/auth'
import '@/shared/styles/base.css'
import './styles/admin.css'

const pinia = createPinia()
const app = createApp(App)
app.use(pinia).use(i18n).use(router).directive('access', vAccess)

configureClient({
  notify: (message) => ElMessage.error({ message, grouping: true, duration: 4000 }),
  onSessionEnded: (reason) => {
    useAuthStore(pinia).reset()
    const current = router.currentRoute.value
    if (current.name === 'login') return
    void router.replace({ name: 'login', query: { reason, redirect: current.fullPath } })
  },
})

app.mount('#app')
