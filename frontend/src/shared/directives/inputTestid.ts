import type { Directive } from 'vue'

/**
 * Components that wrap an <input> (van-field, van-search, el-upload) put attributes on the
 * wrapper; tests need the id on the <input> itself. v-input-testid="'login-username'" sets it.
 */
export const vInputTestid: Directive<HTMLElement, string> = {
  mounted(el, binding) {
    el.querySelector('input, textarea')?.setAttribute('data-testid', binding.value)
  },
}
