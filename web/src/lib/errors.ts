import { nextTick, reactive } from 'vue'
import { ElMessage } from 'element-plus'
import { ApiError } from '@/api/client'

/** Shows err as an error message; API errors show their Chinese message. */
export function showError(err: unknown): void {
  if (err instanceof ApiError) {
    // The unauthenticated handler already redirects to a login page, which
    // shows that the sign-in has ended, so a message would repeat it.
    if (err.code === 'unauthenticated') return
    ElMessage.error(err.message)
    return
  }
  console.error(err)
  ElMessage.error('操作失败，请稍后重试')
}

/**
 * Keeps server field errors for a form, keyed by form prop, for binding to
 * the error prop of each el-form-item. fieldToProp maps request field names
 * that differ from the form's props (such as "file" to "license").
 */
export function useFieldErrors(fieldToProp: Record<string, string> = {}) {
  const errors = reactive<Record<string, string>>({})

  function clear(prop?: string): void {
    if (prop) {
      delete errors[prop]
      return
    }
    for (const key of Object.keys(errors)) delete errors[key]
  }

  /**
   * Puts the field errors of err on their form items and shows everything
   * else as a message. It returns whether err had field errors.
   */
  async function show(err: unknown, visibleProps?: readonly string[]): Promise<boolean> {
    clear()
    if (!(err instanceof ApiError) || err.fields.length === 0) {
      showError(err)
      return false
    }
    // The error prop only re-triggers on change, so clear before setting.
    await nextTick()
    const unplaced: string[] = []
    for (const f of err.fields) {
      const prop = fieldToProp[f.field] ?? f.field
      if (visibleProps && !visibleProps.includes(prop)) {
        unplaced.push(f.message)
        continue
      }
      errors[prop] = f.message
    }
    ElMessage.error(unplaced.length > 0 ? unplaced.join('；') : err.message)
    return true
  }

  return { errors, clear, show }
}
