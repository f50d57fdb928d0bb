import type { Directive } from 'vue'

/**
 * van-field puts attributes on its wrapper; tests need the id on the <input> itself,
 * as Element Plus does. v-input-testid="'login-username'" sets it there.
 */
export const vInputTestid: Directive<HTMLElement, string> = {
  mounted(el, binding) {
    el.querySelector('input, textarea')?.setAttribute('data-testid', binding.value)
  },
}
