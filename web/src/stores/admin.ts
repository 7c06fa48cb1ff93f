import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api, isApiError } from '@/api/client'
import type { Operator } from '@/api/types'

/** The signed-in operator of the back office, kept apart from the user session. */
export const useAdminStore = defineStore('admin', () => {
  const operator = ref<Operator | null>(null)
  const loaded = ref(false)

  /** Loads the current operator once; returns null when no operator is signed in. */
  async function ensureOperator(): Promise<Operator | null> {
    if (loaded.value) return operator.value
    try {
      operator.value = (await api.adminMe()).operator
    } catch (err) {
      if (!isApiError(err) || err.status !== 401) throw err
      operator.value = null
    }
    loaded.value = true
    return operator.value
  }

  function setOperator(value: Operator | null): void {
    operator.value = value
    loaded.value = true
  }

  async function logout(): Promise<void> {
    try {
      await api.adminLogout()
    } finally {
      setOperator(null)
    }
  }

  return { operator, ensureOperator, setOperator, logout }
})
