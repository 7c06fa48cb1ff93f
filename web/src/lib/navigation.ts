import type { Router } from 'vue-router'

/**
 * Goes back in history when the previous page was a page under listPath,
 * so that a list keeps its filters and scroll position, and otherwise
 * opens listPath.
 */
export function backToList(router: Router, listPath: string): void {
  const previous: unknown = window.history.state?.back
  if (typeof previous === 'string' && previous.startsWith(listPath)) router.back()
  else void router.push(listPath)
}
