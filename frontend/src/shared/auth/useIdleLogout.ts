import { onBeforeUnmount, onMounted } from 'vue'
import { useAuthStore } from '@/shared/stores/auth'
import { startIdleWatch } from './idle'

/** While the calling component is mounted, log out after 30 idle minutes and call `afterLogout`. */
export function useIdleLogout(afterLogout: () => void): void {
  const auth = useAuthStore()
  let stop: () => void = () => undefined
  onMounted(() => {
    stop = startIdleWatch(() => {
      stop()
      void auth.logout().then(afterLogout)
    })
  })
  onBeforeUnmount(() => stop())
}
