import { onBeforeUnmount, ref, type Ref } from 'vue'

/** Width in CSS pixels at or below which screens use their phone layout, as in the stylesheets' media queries. */
export const phoneMaxWidth = 640

/**
 * Returns whether the viewport is at most phoneMaxWidth wide, kept up to
 * date while the calling component is mounted. It is for props that CSS
 * cannot change, such as the number of columns of el-descriptions.
 */
export function usePhoneLayout(): Ref<boolean> {
  // Environments without media queries, such as jsdom, get the desktop layout.
  if (typeof window.matchMedia !== 'function') return ref(false)
  const query = window.matchMedia(`(max-width: ${phoneMaxWidth}px)`)
  const matches = ref(query.matches)
  const update = (event: MediaQueryListEvent) => {
    matches.value = event.matches
  }
  query.addEventListener('change', update)
  onBeforeUnmount(() => query.removeEventListener('change', update))
  return matches
}
